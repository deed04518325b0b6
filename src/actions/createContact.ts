import { DomainError, invalid, notFound } from '../domain/errors.js';
import { newId } from '../lib/ids.js';
import { type Contact, toContact } from '../store/queries/accounts.js';
import { addressKey } from '../store/queries/subscribers.js';
import { type CreateContactInput, createContactInput } from './accountInputs.js';
import { type Ctx, inTransaction } from './context.js';
import { createSubscriberInput, parseInput } from './inputs.js';
import { CONTACT_SOURCE } from './shared/accountChecks.js';
import { assertSubscribableUrl, newWebhookSecret } from './shared/subscriberChecks.js';

export interface CreatedContact {
  contact: Contact;
  /** true when the address was already a subscriber on that channel and was linked, not added */
  linked: boolean;
  /** a new webhook contact's signing secret, returned once */
  secret?: string;
}

/**
 * Adds a contact to an account: a subscriber with the account, a role and a name, confirmed at
 * once (an admin adds it), public audience, every component. An address already subscribed on
 * that channel is linked to the account instead, keeping its own choices and state.
 */
export async function createContact(
  ctx: Ctx,
  accountId: string,
  raw: CreateContactInput | unknown,
): Promise<CreatedContact> {
  const input = parseContact(raw);
  const channel =
    input.channel ??
    (input.email ? 'email' : input.phone ? 'sms' : input.url ? 'webhook' : 'email');
  // the subscriber's own rules for the address, locale and time zone
  const sub = parseInput(createSubscriberInput, {
    channel,
    email: input.email,
    phone: input.phone,
    url: input.url,
    locale: input.locale,
    time_zone: input.time_zone,
    confirmed: true,
  });
  const address = (sub.email ?? sub.phone ?? sub.url)!.trim();
  if (sub.url)
    await assertSubscribableUrl(sub.url, ctx.allowPrivateNetwork ?? false, ctx.allowOrigins);
  const key = addressKey(channel, address);
  const secret = channel === 'webhook' ? newWebhookSecret() : null;

  const result = await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const account = await tx.db
      .selectFrom('accounts')
      .select(['id', 'locale', 'time_zone'])
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!account) throw notFound('account', accountId);
    const existing = await tx.db
      .selectFrom('subscribers')
      .selectAll()
      .where('channel', '=', channel)
      .where('address_key', '=', key)
      .executeTakeFirst();
    const link = {
      account_id: accountId,
      contact_role: input.role ?? null,
      contact_name: input.name ?? null,
      updated_at: tx.at,
    };
    if (existing) {
      await tx.db.updateTable('subscribers').set(link).where('id', '=', existing.id).execute();
      await tx.audit({
        action: 'account.contact.link',
        entityType: 'subscriber',
        entityId: existing.id,
        before: {
          account_id: existing.account_id,
          contact_role: existing.contact_role,
          contact_name: existing.contact_name,
        },
        after: { ...link, state: existing.state },
      });
      return { id: existing.id, linked: true, secret: undefined };
    }
    const id = newId();
    const row = {
      id,
      channel,
      address,
      address_key: key,
      all_components: 1,
      state: 'active',
      confirm_code_hash: null,
      confirm_attempts: 0,
      secret,
      contact_email: null,
      locale: sub.locale ?? account.locale ?? 'en',
      time_zone: sub.time_zone ?? account.time_zone ?? null,
      audience: 'public',
      consecutive_failures: 0,
      source: CONTACT_SOURCE,
      created_at: tx.at,
      confirmed_at: tx.at,
      unsubscribed_at: null,
      disabled_reason: null,
      ...link,
    };
    await tx.db.insertInto('subscribers').values(row).execute();
    const { secret: _s, ...shown } = row;
    await tx.audit({
      action: 'account.contact.create',
      entityType: 'subscriber',
      entityId: id,
      after: shown,
    });
    return { id, linked: false, secret: secret ?? undefined };
  });
  const row = await ctx.store.db
    .selectFrom('subscribers')
    .selectAll()
    .where('id', '=', result.id)
    .executeTakeFirstOrThrow();
  return { contact: toContact(row), linked: result.linked, secret: result.secret };
}

/** The contact's own fields and its address by the subscriber rules, every bad field named at once. */
function parseContact(raw: unknown) {
  const fields: Record<string, string> = {};
  let input: ReturnType<typeof createContactInput.parse> | undefined;
  try {
    input = parseInput(createContactInput, raw);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    Object.assign(fields, err.fields);
  }
  const r = (raw ?? {}) as Record<string, unknown>;
  const channel =
    (typeof r.channel === 'string' && r.channel) ||
    (r.email ? 'email' : r.phone ? 'sms' : r.url ? 'webhook' : 'email');
  if (!input || !fields.channel) {
    try {
      parseInput(createSubscriberInput, {
        channel,
        email: r.email,
        phone: r.phone,
        url: r.url,
        confirmed: true,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      for (const [k, v] of Object.entries(err.fields)) fields[k] ??= v;
    }
  }
  if (Object.keys(fields).length || !input) throw invalid(fields);
  return input;
}
