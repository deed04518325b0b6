import { randomBytes } from 'node:crypto';
import { invalid } from '../domain/errors.js';
import { newId } from '../lib/ids.js';
import { subscriberLinks } from '../lib/signing.js';
import { getPage } from '../store/queries/page.js';
import { addressKey } from '../store/queries/subscribers.js';
import { enqueueNotification } from '../store/writes/outbox.js';
import { takeSendBudget } from '../store/writes/sendBudget.js';
import { type Ctx, inTransaction } from './context.js';
import { checkComponents, createSubscriber } from './createSubscriber.js';
import { createSubscriberInput, parseInput } from './inputs.js';
import { auditView } from './shared/subscriberAccess.js';

export interface Subscribed {
  /** the subscriber's id, or a stand-in when the address was already subscribed */
  id: string;
  status: 'pending' | 'active';
  channel: string;
  /** a webhook's signing secret, shown once */
  secret?: string;
}

/**
 * States a public subscribe starts over: the person proves the address again by confirming.
 * A webhook paused after failing many times (`disabled`) comes back this way once it is fixed.
 */
const RESTART = new Set(['pending', 'undeliverable', 'disabled']);

/** Confirmation messages one address may be sent per hour through public subscribe (default). */
export const ADDRESS_LIMIT = 3;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Public subscribe (form or JSON). The answer never tells whether the address was already
 * subscribed: an address that is already active gets the same answer (with a stand-in id), and
 * its owner, not the caller, is told by email. A pending or bounced address starts over.
 * Each address has a budget of messages per hour (`ctx.subscribeAddressLimit`), whatever the
 * caller's IP: past it, the answer is the same and nothing is sent, so nobody can flood an
 * inbox or a phone through this form.
 */
export async function subscribe(ctx: Ctx, raw: unknown): Promise<Subscribed> {
  if (raw && typeof raw === 'object') {
    const extra: Record<string, string> = {};
    for (const k of ['confirmed', 'audience']) if (k in raw) extra[k] = 'is not a known field';
    if (Object.keys(extra).length) throw invalid(extra);
  }
  const input = parseInput(createSubscriberInput, raw);
  const address = (input.email ?? input.phone ?? input.url)!.trim();
  const key = addressKey(input.channel, address);
  // every public subscription starts pending: its address (email, phone or URL) confirms it
  const status = 'pending';
  const existing = await ctx.store.db
    .selectFrom('subscribers')
    .selectAll()
    .where('channel', '=', input.channel)
    .where('address_key', '=', key)
    .executeTakeFirst();
  // check what the request asks for first, so a bad request never loses the subscription
  // that was there, nor uses up the address's budget
  await checkComponents(ctx.store.db, [...new Set(input.components ?? [])]);
  const sendsConfirmation =
    !existing || RESTART.has(existing.state) || existing.state === 'unsubscribed';
  const tellsOwner = existing?.state === 'active' && input.channel === 'email';
  // an active subscriber hears about a repeat request at most once a day; other addresses
  // get at most `subscribeAddressLimit` confirmations an hour
  const within = tellsOwner
    ? await takeBudget(ctx, `notice:${input.channel}:${key}`, 1, DAY)
    : !sendsConfirmation ||
      (await takeBudget(
        ctx,
        `subscribe:${input.channel}:${key}`,
        ctx.subscribeAddressLimit ?? ADDRESS_LIMIT,
        HOUR,
      ));
  if (!within) return standIn(input.channel);
  if (existing && RESTART.has(existing.state)) {
    await inTransaction(ctx, { scope: 'read' }, async (tx) => {
      await tx.db
        .deleteFrom('subscriber_components')
        .where('subscriber_id', '=', existing.id)
        .execute();
      await tx.db.deleteFrom('subscribers').where('id', '=', existing.id).execute();
      await tx.audit({
        action: 'subscriber.restart',
        entityType: 'subscriber',
        entityId: existing.id,
        before: auditView(existing),
      });
    });
  }
  const created = await createSubscriber(ctx, input, { public: true });
  if (!created.existed) {
    return { id: created.subscriber.id, status, channel: input.channel, secret: created.secret };
  }
  if (tellsOwner && created.subscriber.state === 'active')
    await tellOwner(ctx, created.subscriber.id);
  return standIn(input.channel);
}

/** The answer for an address that gets no new confirmation: it looks like a new pending one. */
function standIn(channel: string): Subscribed {
  return {
    id: newId(),
    status: 'pending',
    channel,
    // a stand-in: the real secret is never shown again, and a new one would break the owner
    secret: channel === 'webhook' ? `whsec_${randomBytes(24).toString('base64')}` : undefined,
  };
}

async function takeBudget(ctx: Ctx, key: string, max: number, windowMs: number) {
  return inTransaction(ctx, { scope: 'read' }, (tx) =>
    takeSendBudget(tx.db, key, tx.at, max, windowMs),
  );
}

/** Emails an active subscriber that someone asked to subscribe them again, with their manage link. */
async function tellOwner(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const page = await getPage(tx.db);
    const name = page?.name ?? 'Status';
    const url = page?.url ?? ctx.fallbackUrl ?? 'http://localhost:8080';
    const links = subscriberLinks(ctx.secretKey, url, id);
    await enqueueNotification(tx.db, {
      kind: 'subscriber.confirm',
      payload: {
        subscriber_id: id,
        channel: 'email',
        data: {
          subject: `You are already subscribed to ${name} status updates`,
          text: `Someone (probably you) asked to subscribe this address to ${name} status updates. It already gets them, so nothing changed. You can choose what you hear about, or unsubscribe, from your subscription page.`,
          action_url: links.manage,
          action_label: 'Manage your subscription',
        },
      },
      at: tx.at,
    });
    await tx.audit({
      action: 'subscriber.resubscribe_request',
      entityType: 'subscriber',
      entityId: id,
    });
  });
}
