import { randomInt } from 'node:crypto';
import { channelDescriptor, postsToUrl } from '../channels/catalog.js';
import { conflict, invalid } from '../domain/errors.js';
import { newId } from '../lib/ids.js';
import { subscriberLinks } from '../lib/signing.js';
import type { Db } from '../store/db.js';
import { getPage } from '../store/queries/page.js';
import { addressKey, getSubscriber, type Subscriber } from '../store/queries/subscribers.js';
import { hashToken } from '../store/queries/tokens.js';
import { enqueueNotification } from '../store/writes/outbox.js';
import { type Ctx, inTransaction } from './context.js';
import { type CreateSubscriberInput, createSubscriberInput, parseInput } from './inputs.js';
import { assertSubscribableUrl, newWebhookSecret } from './shared/subscriberChecks.js';

export interface CreatedSubscriber {
  subscriber: Subscriber;
  /** the webhook signing secret, returned once */
  secret?: string;
  /** true when the address was already subscribed (public subscribe answers the same either way) */
  existed: boolean;
}

/**
 * Adds a subscriber. An admin may import them as confirmed; everyone else gets double opt-in:
 * a confirm link by email, a code by SMS, and for a URL (webhook, Slack, Teams) added from the
 * public page a confirm link sent to the URL itself, so only whoever reads what arrives there
 * can start the updates. URLs an admin adds are active at once. With `public: true`, an
 * address already subscribed is not an error (nothing leaks).
 */
export async function createSubscriber(
  ctx: Ctx,
  raw: CreateSubscriberInput | unknown,
  opts: { public?: boolean; source?: string } = {},
): Promise<CreatedSubscriber> {
  const input = parseInput(createSubscriberInput, raw);
  const address = (input.email ?? input.phone ?? input.url)!.trim();
  if (input.url)
    await assertSubscribableUrl(input.url, ctx.allowPrivateNetwork ?? false, ctx.allowOrigins);
  if (opts.public && input.confirmed)
    throw invalid({ confirmed: 'only an admin can add confirmed subscribers' });
  const key = addressKey(input.channel, address);
  const needsOptIn = !input.confirmed && (opts.public || !URL_CHANNELS.has(input.channel));
  const secret = input.channel === 'webhook' ? (input.secret ?? newWebhookSecret()) : null;
  const code =
    input.channel === 'sms' && needsOptIn ? String(randomInt(0, 1_000_000)).padStart(6, '0') : null;

  const result = await inTransaction(ctx, { scope: opts.public ? 'read' : 'write' }, async (tx) => {
    const components = [...new Set(input.components ?? [])];
    await checkComponents(tx.db, components);
    const existing = await tx.db
      .selectFrom('subscribers')
      .selectAll()
      .where('channel', '=', input.channel)
      .where('address_key', '=', key)
      .executeTakeFirst();
    if (existing && existing.state !== 'unsubscribed') {
      if (!opts.public)
        throw conflict(`this ${input.channel} address is already subscribed (id ${existing.id})`, {
          [input.channel === 'email' ? 'email' : input.channel === 'sms' ? 'phone' : 'url']:
            'is already subscribed',
        });
      return { id: existing.id, existed: true, secret: undefined };
    }
    const id = existing?.id ?? newId();
    const row = {
      channel: input.channel,
      address,
      address_key: key,
      all_components: components.length ? 0 : 1,
      state: needsOptIn ? 'pending' : 'active',
      confirm_code_hash: code ? hashToken(`${id}:${code}`) : null,
      confirm_attempts: 0,
      secret,
      contact_email: input.contact_email ?? null,
      locale: input.locale ?? 'en',
      time_zone: input.time_zone ?? null,
      audience: input.audience ?? 'public',
      consecutive_failures: 0,
      source: opts.source ?? (opts.public ? 'public' : 'api'),
      updated_at: tx.at,
      confirmed_at: needsOptIn ? null : tx.at,
      unsubscribed_at: null,
      disabled_reason: null,
      confirm_sent_at: needsOptIn ? tx.at : null,
    };
    if (existing) {
      await tx.db.updateTable('subscribers').set(row).where('id', '=', id).execute();
      await tx.db.deleteFrom('subscriber_components').where('subscriber_id', '=', id).execute();
    } else {
      await tx.db
        .insertInto('subscribers')
        .values({ id, ...row, created_at: tx.at })
        .execute();
    }
    if (components.length) {
      await tx.db
        .insertInto('subscriber_components')
        .values(components.map((component_id) => ({ subscriber_id: id, component_id })))
        .execute();
    }
    if (needsOptIn) await enqueueConfirmation(tx.db, ctx, id, input.channel, code, tx.at);
    const { secret: _s, confirm_code_hash: _c, ...shown } = row;
    await tx.audit({
      action: existing ? 'subscriber.resubscribe' : 'subscriber.create',
      entityType: 'subscriber',
      entityId: id,
      before: existing ? { state: existing.state } : undefined,
      after: { ...shown, components },
    });
    return { id, existed: false, secret: secret ?? undefined };
  });
  const subscriber = (await getSubscriber(ctx.store.db, result.id))!;
  return { subscriber, secret: result.secret, existed: result.existed };
}

/** Channels whose address is a URL: confirmed by what is sent there, when added publicly. */
export const URL_CHANNELS = { has: postsToUrl };

export async function checkComponents(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db.selectFrom('components').select('id').where('id', 'in', ids).execute();
  const have = new Set(rows.map((r) => r.id));
  const fields: Record<string, string> = {};
  ids.forEach((c, i) => {
    if (!have.has(c)) fields[`components.${i}`] = `${c} is not a known component id`;
  });
  if (Object.keys(fields).length) throw invalid(fields);
}

export async function enqueueConfirmation(
  db: Db,
  ctx: Ctx,
  id: string,
  channel: string,
  code: string | null,
  at: string,
): Promise<void> {
  const page = await getPage(db);
  const name = page?.name ?? 'Status';
  const url = page?.url ?? ctx.fallbackUrl ?? 'http://localhost:8080';
  const links = subscriberLinks(ctx.secretKey, url, id);
  const data =
    channel === 'sms'
      ? {
          subject: `${name} status`,
          text: `${code} is your code to confirm ${name} status alerts. Reply STOP to opt out.`,
        }
      : URL_CHANNELS.has(channel)
        ? {
            subject: `Confirm ${name} status updates here`,
            text: `Someone asked ${name} to send status updates to this ${channelDescriptor(channel)?.chat ? `${channelDescriptor(channel)?.label} channel` : 'URL'}. To start them, open the confirm link (a GET is enough). If nobody here asked for them, ignore this message: nothing more will be sent.`,
            action_url: links.confirm,
            action_label: 'Confirm subscription',
          }
        : {
            subject: `Confirm your subscription to ${name} status updates`,
            text: `Please confirm that you want status updates from ${name}. If you did not ask for them, ignore this email and you will hear nothing more.`,
            action_url: links.confirm,
            action_label: 'Confirm subscription',
          };
  await enqueueNotification(db, {
    kind: 'subscriber.confirm',
    payload: { subscriber_id: id, channel, data },
    at,
  });
}
