/**
 * Keeps the team's internal subscriptions in step with the people. Each person's contact
 * details become subscribers with audience 'internal' and person_id set, one per channel, so
 * internal notices go through the same fan-out engine as public ones:
 *   email → email, phone → sms, a Slack incoming-webhook URL → slack, a Teams incoming-webhook
 *   URL → teams.
 * A Slack or Teams handle (e.g. @ana) stays on the person for people to read; Flare cannot post
 * to a handle, so it makes no subscriber for it.
 *
 * The address key of an internal subscriber is scoped to the person, so a team member who also
 * subscribed to the public page with the same address keeps both subscriptions.
 */
import { DomainError, invalid } from '../../domain/errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../store/db.js';
import { addressKey } from '../../store/queries/subscribers.js';
import type { Person } from '../../store/queries/team.js';
import { assertSubscribableUrl } from './subscriberChecks.js';

export interface InternalChannel {
  channel: 'email' | 'sms' | 'slack' | 'teams';
  address: string;
}

const isUrl = (v: string) => /^https?:\/\//i.test(v);

/** The channels Flare can reach a person on. */
export function internalChannels(
  p: Pick<Person, 'email' | 'phone' | 'slack' | 'teams'>,
): InternalChannel[] {
  const out: InternalChannel[] = [];
  if (p.email) out.push({ channel: 'email', address: p.email });
  if (p.phone) out.push({ channel: 'sms', address: p.phone });
  if (p.slack && isUrl(p.slack)) out.push({ channel: 'slack', address: p.slack });
  if (p.teams && isUrl(p.teams)) out.push({ channel: 'teams', address: p.teams });
  return out;
}

/**
 * Refuses Slack or Teams webhook URLs that point at private addresses (the same guard as
 * subscriber URLs). Call it before the transaction: it may look names up in DNS.
 */
export async function checkPersonUrls(
  p: { slack?: string | null; teams?: string | null },
  allowPrivate: boolean,
): Promise<void> {
  for (const field of ['slack', 'teams'] as const) {
    const v = p[field];
    if (!v || !isUrl(v)) continue;
    try {
      await assertSubscribableUrl(v, allowPrivate);
    } catch (err) {
      if (err instanceof DomainError && err.fields.url) throw invalid({ [field]: err.fields.url });
      throw err;
    }
  }
}

function internalKey(personId: string, c: InternalChannel): string {
  return `person:${personId}:${addressKey(c.channel, c.address)}`;
}

/**
 * Makes the person's internal subscribers match their contact details: adds the missing, moves
 * a changed address (which makes it active again), and removes channels the person no longer
 * has. Runs inside the caller's transaction. Returns the channels now subscribed.
 */
export async function syncPersonSubscribers(
  db: Db,
  person: Person,
  at: string,
): Promise<InternalChannel[]> {
  const want = internalChannels(person);
  const have = await db
    .selectFrom('subscribers')
    .select(['id', 'channel', 'address', 'state'])
    .where('person_id', '=', person.id)
    .execute();
  const keep = new Set<string>();
  for (const c of want) {
    const row = have.find((h) => h.channel === c.channel && !keep.has(h.id));
    if (row) {
      keep.add(row.id);
      const moved = row.address !== c.address;
      await db
        .updateTable('subscribers')
        .set({
          address: c.address,
          address_key: internalKey(person.id, c),
          time_zone: person.time_zone,
          audience: 'internal',
          ...(moved
            ? { state: 'active', consecutive_failures: 0, disabled_reason: null, confirmed_at: at }
            : {}),
          updated_at: at,
        })
        .where('id', '=', row.id)
        .execute();
      continue;
    }
    await db
      .insertInto('subscribers')
      .values({
        id: newId(),
        channel: c.channel,
        address: c.address,
        address_key: internalKey(person.id, c),
        all_components: 1,
        state: 'active',
        confirm_code_hash: null,
        confirm_attempts: 0,
        secret: null,
        contact_email: null,
        locale: 'en',
        time_zone: person.time_zone,
        audience: 'internal',
        consecutive_failures: 0,
        source: 'team',
        created_at: at,
        updated_at: at,
        confirmed_at: at,
        unsubscribed_at: null,
        disabled_reason: null,
        person_id: person.id,
      })
      .execute();
  }
  const gone = have.filter((h) => !keep.has(h.id)).map((h) => h.id);
  if (gone.length) await removeSubscribers(db, gone);
  return want;
}

/** Removes every internal subscriber of a person (when the person is deleted). */
export async function removePersonSubscribers(db: Db, personId: string): Promise<void> {
  const rows = await db
    .selectFrom('subscribers')
    .select('id')
    .where('person_id', '=', personId)
    .execute();
  if (rows.length)
    await removeSubscribers(
      db,
      rows.map((r) => r.id),
    );
}

async function removeSubscribers(db: Db, ids: string[]): Promise<void> {
  await db.deleteFrom('subscriber_components').where('subscriber_id', 'in', ids).execute();
  await db.deleteFrom('subscribers').where('id', 'in', ids).execute();
}
