/**
 * Expands pending notifications into deliveries with INSERT … SELECT over the subscribers:
 * nothing is held in memory per recipient, so a million subscribers cost what ten do. A big
 * audience is expanded in chunks of subscriber ids, each chunk in its own transaction with its
 * cursor, so the first deliveries go out while the rest is still being expanded, and a crash
 * resumes where the last chunk ended.
 *
 * A notice that also tells the plan's audiences runs in two phases: the plain subscribers by
 * subscriber id (contacts are never plain subscribers), then the contacts by account id, driven
 * from the accounts the audiences can reach (their footprint, tier, …), so an audience of
 * 100,000 among a million contacts costs what its own accounts cost. The cursor of the second
 * phase is `a:` and the last account id done.
 */
import { sql } from 'kysely';
import { pageLevelChannelNames } from '../channels/catalog.js';
import type { KeyAccountRule, ResolvedTarget } from '../domain/audience.js';
import type { Db, Engine } from '../store/db.js';
import {
  audienceContactsSql,
  followsComponentsSql,
  notDigestEmailSql,
  targetAccountsSql,
} from '../store/queries/audienceSql.js';
import { checkTeamExpansion } from './teamReach.js';

export const EXPAND_CHUNK = 20_000;
/** The cursor of the second phase (contacts, by account id) starts with this. */
const CONTACTS = 'a:';

/** Which subscribers a notification reaches. */
export interface Audience {
  /** component ids the event touches; empty means page-wide (everyone) */
  componentIds: string[];
  /** a message for one subscriber (a confirmation code, an owner notice) */
  subscriberId?: string;
  channel?: string;
  audience: 'public' | 'internal';
  /** the team members to tell (their internal subscriptions), for internal notices */
  personIds?: string[];
  /** the only channels to tell (a severity's channel matrix); absent means every channel */
  channels?: string[];
  /** the plan's audiences told too (customer contacts), resolved when the update was written */
  targets?: ResolvedTarget[];
  keyRule?: KeyAccountRule;
  /** false for an audience-only update: the public subscribers hear nothing */
  toPublic?: boolean;
  /** an incident notice below the plan's most severe level: digest choosers get no email of it */
  digestOnly?: boolean;
}

interface NotificationRow {
  id: string;
  kind: string;
  incident_id: string | null;
  component_id: string | null;
  payload: string;
  expand_cursor: string | null;
}

/** A severity's `social` channel is the page's own accounts (Mastodon, Bluesky). */
function withPageAccounts(channels: string[]): string[] {
  return channels.includes('social') ? [...channels, ...pageLevelChannelNames()] : channels;
}

export async function audienceOf(db: Db, n: NotificationRow): Promise<Audience> {
  const p = JSON.parse(n.payload) as {
    subscriber_id?: string;
    channel?: string;
    audience?: 'public' | 'internal';
    person_ids?: string[];
    channels?: string[];
    targets?: ResolvedTarget[];
    key_rule?: KeyAccountRule;
    public?: boolean;
    top?: boolean;
  };
  const audience = p.audience ?? 'public';
  // the plan's most severe level reaches everyone at once; below it, digest choosers wait
  const digestOnly = audience === 'public' && n.kind.startsWith('incident.') && p.top !== true;
  const only = {
    ...(Array.isArray(p.channels) ? { channels: withPageAccounts(p.channels) } : {}),
    ...(Array.isArray(p.targets) && p.key_rule
      ? { targets: p.targets, keyRule: p.key_rule, toPublic: p.public !== false }
      : {}),
  };
  if (p.person_ids) return { componentIds: [], audience: 'internal', personIds: p.person_ids };
  if (p.subscriber_id)
    return { componentIds: [], subscriberId: p.subscriber_id, channel: p.channel, audience };
  if (n.component_id) return { componentIds: [n.component_id], audience, ...only };
  if (n.incident_id) {
    const rows = await db
      .selectFrom('incident_components')
      .select('component_id')
      .where('incident_id', '=', n.incident_id)
      .execute();
    return {
      componentIds: rows.map((r) => r.component_id),
      audience,
      ...only,
      ...(digestOnly ? { digestOnly } : {}),
    };
  }
  return { componentIds: [], audience, ...only };
}

/**
 * Expands one chunk of the oldest unfinished notification. Returns how many deliveries it
 * queued, or null when nothing is left to expand.
 */
export async function expandStep(
  db: Db,
  engine: Engine,
  now: () => Date,
  chunk = EXPAND_CHUNK,
): Promise<{
  notificationId: string;
  queued: number;
  byChannel: Record<string, number>;
  done: boolean;
} | null> {
  return db.transaction().execute(async (trx) => {
    const lock = engine === 'postgres' ? sql`for update skip locked` : sql``;
    const found = await sql<NotificationRow>`
      select id, kind, incident_id, component_id, payload, expand_cursor from notifications
      where state in ('pending', 'expanding') order by created_at, id limit 1 ${lock}`.execute(trx);
    const n = found.rows[0];
    if (!n) return null;
    const at = now().toISOString();
    const aud = await audienceOf(trx, n);
    const step = await expandChunk(trx, n, aud, at, chunk);
    const { queued, byChannel, cursor } = step;
    const done = cursor === null;
    if (done && aud.personIds) await checkTeamExpansion(trx, n.id, n.payload, at);
    await trx
      .updateTable('notifications')
      .set({
        state: done ? 'expanded' : 'expanding',
        expand_cursor: cursor,
        expanded_at: done ? at : null,
        delivery_count: sql`delivery_count + ${queued}`,
      })
      .where('id', '=', n.id)
      .execute();
    return { notificationId: n.id, queued, byChannel, done };
  });
}

interface Chunk {
  queued: number;
  byChannel: Record<string, number>;
  /** where the next chunk starts; null when the notification is fully expanded */
  cursor: string | null;
}

async function expandChunk(
  db: Db,
  n: NotificationRow,
  aud: Audience,
  at: string,
  chunk: number,
): Promise<Chunk> {
  const targets = aud.targets?.length ? aud.targets : undefined;
  if (targets && (aud.toPublic === false || n.expand_cursor?.startsWith(CONTACTS)))
    return contactsChunk(db, n, aud, at, Math.max(1, Math.floor(chunk / 4)));
  let upper: string | null = null;
  if (!aud.subscriberId) {
    const after = n.expand_cursor ?? '';
    // public notices reach plain subscribers only (contacts come in the second phase): walking
    // subscribers_by_account at account_id null skips the contacts, however many there are
    const plainOnly =
      aud.audience === 'public' && !aud.personIds ? sql`and account_id is null` : sql``;
    const b = await sql<{ id: string }>`
      select id from subscribers where id > ${after} ${plainOnly}
      order by id limit 1 offset ${chunk - 1}`.execute(db);
    upper = b.rows[0]?.id ?? null;
  }
  const r = await insertDeliveries(db, n, aud, at, upper);
  return { ...r, cursor: upper ?? (targets ? CONTACTS : null) };
}

/** One chunk of accounts the audiences can reach, and their contacts in the audiences. */
async function contactsChunk(
  db: Db,
  n: NotificationRow,
  aud: Audience,
  at: string,
  accounts: number,
): Promise<Chunk> {
  const targets = aud.targets ?? [];
  const keyRule = aud.keyRule!;
  const after = n.expand_cursor?.startsWith(CONTACTS) ? n.expand_cursor.slice(CONTACTS.length) : '';
  const reach = targetAccountsSql(targets, aud.componentIds, keyRule);
  const b = await sql<{ id: string }>`
    select a.id from accounts a where a.id > ${after} and ${reach}
    order by a.id limit 1 offset ${accounts - 1}`.execute(db);
  const upper = b.rows[0]?.id ?? null;
  const before = await maxDeliveryId(db);
  const r = await sql`
    insert into deliveries (notification_id, subscriber_id, channel, state, attempts, next_attempt_at, queued_at)
    select ${n.id}, s.id, s.channel, 'queued', 0, ${at}, ${at}
    from ${audienceContactsSql(targets, aud.componentIds, keyRule)}
      ${digestFilter(aud)} and a.id > ${after} ${upper ? sql`and a.id <= ${upper}` : sql``}`.execute(
    db,
  );
  const queued = Number(r.numAffectedRows ?? 0);
  return {
    queued,
    byChannel: queued ? await channelsSince(db, n.id, before) : {},
    cursor: upper === null ? null : `${CONTACTS}${upper}`,
  };
}

/** Digest choosers hear of a notice below the most severe level in their digest, not by email. */
function digestFilter(aud: Audience) {
  return aud.digestOnly && !aud.subscriberId ? notDigestEmailSql : sql``;
}

async function maxDeliveryId(db: Db): Promise<number> {
  const r = await sql<{ m: number | null }>`select max(id) as m from deliveries`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}

/**
 * Deliveries queued for a notification above `before`, per channel (for /metrics). `|| ''`
 * keeps the planner on the id range: on the notification's index it would walk every delivery
 * queued so far for each chunk (quadratic in the audience).
 */
async function channelsSince(
  db: Db,
  notificationId: string,
  before: number,
): Promise<Record<string, number>> {
  const rows = await sql<{ channel: string; n: number }>`
    select channel, count(*) as n from deliveries
    where id > ${before} and notification_id || '' = ${notificationId} group by channel`.execute(
    db,
  );
  return Object.fromEntries(rows.rows.map((x) => [x.channel, Number(x.n)]));
}

async function insertDeliveries(
  db: Db,
  n: NotificationRow,
  aud: Audience,
  at: string,
  upper: string | null,
): Promise<{ queued: number; byChannel: Record<string, number> }> {
  // `s.state || ''` keeps the planner off subscribers_by_state: with that index SQLite walks every
  // active subscriber for each chunk (quadratic in the audience); the id range walks only the chunk
  const range = aud.subscriberId
    ? sql`s.id = ${aud.subscriberId}`
    : sql`s.id > ${n.expand_cursor ?? ''} ${upper ? sql`and s.id <= ${upper}` : sql``} and s.state || '' = 'active' and s.audience = ${aud.audience}`;
  const components = aud.subscriberId ? sql`` : followsComponentsSql(aud.componentIds);
  const channel = aud.channel ? sql`${aud.channel}` : sql`s.channel`;
  const people = aud.personIds
    ? sql`and s.person_id in (${sql.join(aud.personIds.length ? aud.personIds : [''])})`
    : sql``;
  // `|| ''` as in the range above: the id range stays the plan, the channel only filters
  const channels = aud.channels
    ? sql`and s.channel || '' in (${sql.join(aud.channels.length ? aud.channels : [''])})`
    : sql``;
  // customer contacts hear through the plan's audiences, never as plain subscribers; a notice
  // with no audiences (a component notice, an older row) reaches the plain subscribers only
  const plain = sql`s.account_id is null ${components} ${channels}`;
  const who = aud.subscriberId
    ? sql``
    : aud.audience === 'public' && !aud.personIds
      ? sql`and ${plain}`
      : sql`${components} ${channels}`;
  // the rows this chunk adds are the ones above the highest id now (ids only grow, and one
  // notification is expanded by one transaction at a time): counted per channel for /metrics
  const before = aud.channel ? 0 : await maxDeliveryId(db);
  const r = await sql`
    insert into deliveries (notification_id, subscriber_id, channel, state, attempts, next_attempt_at, queued_at)
    select ${n.id}, s.id, ${channel}, 'queued', 0, ${at}, ${at}
    from subscribers s
    where ${range} ${who} ${people} ${digestFilter(aud)}`.execute(db);
  const queued = Number(r.numAffectedRows ?? 0);
  if (aud.channel || queued === 0)
    return { queued, byChannel: queued ? { [aud.channel ?? '']: queued } : {} };
  return { queued, byChannel: await channelsSince(db, n.id, before) };
}
