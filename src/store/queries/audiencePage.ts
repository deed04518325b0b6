/**
 * What a private audience page reads: the components its accounts use, its filtered snapshot,
 * the contact a sign-in address belongs to, and the reader behind a session. A contact is
 * checked against the audience's rule on every read, so one removed or unsubscribed loses
 * access at its next request.
 */
import { sql } from 'kysely';
import type { AudienceDefinition, KeyAccountRule } from '../../domain/audience.js';
import { audienceView, selectsAccounts } from '../../domain/visibility.js';
import type { Db } from '../db.js';
import { matchSql } from './audienceSql.js';
import type { Page } from './models.js';
import { loadSnapshot, type Snapshot } from './snapshot.js';
import { addressKey } from './subscribers.js';

/** The rule as a page applies it: who is in the audience, whatever the incident touches. */
const pageRule = (a: AudienceDefinition, keyRule: KeyAccountRule) =>
  matchSql({ ...a.match, affected_only: false }, [], keyRule);

/**
 * The components the audience uses: the union of the footprints of the accounts with a
 * contact in the audience, or null (every component) when the rule picks no accounts.
 */
export async function audienceComponentIds(
  db: Db,
  a: AudienceDefinition,
  keyRule: KeyAccountRule,
): Promise<Set<string> | null> {
  if (!selectsAccounts(a.match)) return null;
  const rows = await db
    .selectFrom('account_components as ac')
    .innerJoin('accounts as a', 'a.id', 'ac.account_id')
    .select('ac.component_id')
    .distinct()
    .where(
      sql<boolean>`exists (select 1 from subscribers s where s.account_id = a.id and s.state = 'active' and ${pageRule(a, keyRule)})`,
    )
    .execute();
  return new Set(rows.map((r) => r.component_id));
}

/**
 * The snapshot of one audience's page: the components it uses (with their groups), the
 * incidents and updates meant for it. `view` tells the pages where they are served.
 */
export async function loadAudienceSnapshot(
  db: Db,
  now: Date,
  defaultPage: Page,
  a: AudienceDefinition,
  keyRule: KeyAccountRule,
): Promise<Snapshot> {
  const [snap, used] = await Promise.all([
    loadSnapshot(db, now, defaultPage, { audiences: true }),
    audienceComponentIds(db, a, keyRule),
  ]);
  let components = snap.components;
  if (used) {
    // a footprint may name a group (all of it) or a leaf (shown inside its group)
    const groups = new Set(
      snap.components.filter((c) => c.group && used.has(c.id)).map((c) => c.id),
    );
    const leaves = snap.components.filter(
      (c) => !c.group && (used.has(c.id) || (c.group_id !== null && groups.has(c.group_id))),
    );
    const parents = new Set(leaves.map((c) => c.group_id).filter((g): g is string => g !== null));
    components = snap.components.filter((c) => (c.group ? parents.has(c.id) : leaves.includes(c)));
  }
  const shown = used ? new Set(components.map((c) => c.id)) : null;
  return {
    ...snap,
    components,
    incidents: audienceView(snap.incidents, a.key, shown),
    maintenances: audienceView(snap.maintenances, a.key, shown),
    view: { base: `/a/${a.key}`, audience: { key: a.key, name: a.name }, signedIn: true },
  };
}

/** The active email contact with this address that is in the audience, if any. */
export async function findAudienceContact(
  db: Db,
  a: AudienceDefinition,
  keyRule: KeyAccountRule,
  email: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('subscribers as s')
    .leftJoin('accounts as a', 'a.id', 's.account_id')
    .select('s.id')
    .where('s.channel', '=', 'email')
    .where('s.address_key', '=', addressKey('email', email))
    .where('s.state', '=', 'active')
    .where(sql<boolean>`${pageRule(a, keyRule)}`)
    .executeTakeFirst();
  return row?.id;
}

export interface AudienceReader {
  sessionId: string;
  subscriberId: string;
  address: string;
}

/**
 * The reader of a live session of this audience (by the hash of its cookie token), while
 * the contact is still active and still in the audience; undefined otherwise.
 */
export async function findAudienceReader(
  db: Db,
  a: AudienceDefinition,
  keyRule: KeyAccountRule,
  tokenHash: string,
  at: string,
): Promise<AudienceReader | undefined> {
  const row = await db
    .selectFrom('audience_sessions as x')
    .innerJoin('subscribers as s', 's.id', 'x.subscriber_id')
    .leftJoin('accounts as a', 'a.id', 's.account_id')
    .select(['x.id', 's.id as subscriber_id', 's.address'])
    .where('x.token_hash', '=', tokenHash)
    .where('x.kind', '=', 'session')
    .where('x.audience_key', '=', a.key)
    .where('x.used_at', 'is', null)
    .where('x.expires_at', '>', at)
    .where('s.channel', '=', 'email')
    .where('s.state', '=', 'active')
    .where(sql<boolean>`${pageRule(a, keyRule)}`)
    .executeTakeFirst();
  return row
    ? { sessionId: row.id, subscriberId: row.subscriber_id, address: row.address }
    : undefined;
}
