/**
 * The reads behind the debrief's further metrics (issue #14, domain/debriefReach.ts): first
 * acknowledgement, first team notice delivered, the scoping update, reach per audience and
 * tier, per-update channels, and social mentions. Everything is counted in SQL: reach is driven
 * from the contacts (subscribers linked to an account) and probes each one's deliveries through
 * migration 025's index, so an incident's million public deliveries are never scanned here.
 */
import { sql } from 'kysely';
import type { ConsistencyUpdate, ReachCount, ReachFacts } from '../../domain/debriefReach.js';
import type { Db } from '../db.js';
import { targetSql } from './audienceSql.js';
import { getKeyRule, getTiers, listAudiences } from './audiences.js';

export type ReachReads = Omit<ReachFacts, 'sms'>;

/**
 * `subscribers s` (a contact: linked to an account) with at least one delivery sent for one of
 * the incident's notifications. The `is not null` lets the planner seek subscribers_by_account
 * past the plain subscribers instead of scanning them all.
 */
const reachedSql = (incidentId: string) =>
  sql`s.account_id is not null and exists (select 1 from deliveries d where d.subscriber_id = s.id and d.state = 'sent'
    and d.notification_id in (select n.id from notifications n where n.incident_id = ${incidentId}))`;

/**
 * Reach in one pass over the reached contacts: per tier, with each audience's share counted by
 * its own rule in the same rows (conditional aggregates). Tiers split contacts and accounts
 * (an account has one tier), so the totals and each audience's figures are sums over tiers.
 */
async function reach(db: Db, incidentId: string): Promise<ReachFacts['reach']> {
  const [tiers, audiences, keyRule, comps] = await Promise.all([
    getTiers(db),
    listAudiences(db),
    getKeyRule(db),
    db
      .selectFrom('incident_components')
      .select('component_id')
      .where('incident_id', '=', incidentId)
      .execute(),
  ]);
  const componentIds = comps.map((c) => c.component_id);
  const perAudience = audiences.map((a, i) => {
    const w = targetSql(
      { key: a.key, match: a.match, channels: a.channels, outreach: a.outreach },
      componentIds,
      keyRule,
    );
    return sql`sum(case when ${w} then 1 else 0 end) as ${sql.ref(`c${i}`)},
      count(distinct case when ${w} then a.id end) as ${sql.ref(`a${i}`)}`;
  });
  const rows = (
    await sql<Record<string, string | number | null>>`select a.tier,
      count(*) as contacts, count(distinct a.id) as accounts${perAudience.length ? sql`, ${sql.join(perAudience)}` : sql``}
    from accounts a join subscribers s on s.account_id = a.id
    where ${reachedSql(incidentId)} group by a.tier`.execute(db)
  ).rows;
  const n = (v: unknown) => Number(v ?? 0);
  const by_tier: Record<string, ReachCount> = {};
  for (const t of tiers) by_tier[t] = { contacts: 0, accounts: 0 };
  const total: ReachCount = { contacts: 0, accounts: 0 };
  const by_audience: Record<string, ReachCount & { name: string }> = {};
  for (const a of audiences) by_audience[a.key] = { name: a.name, contacts: 0, accounts: 0 };
  for (const r of rows) {
    by_tier[String(r.tier)] = { contacts: n(r.contacts), accounts: n(r.accounts) };
    total.contacts += n(r.contacts);
    total.accounts += n(r.accounts);
    audiences.forEach((a, i) => {
      by_audience[a.key].contacts += n(r[`c${i}`]);
      by_audience[a.key].accounts += n(r[`a${i}`]);
    });
  }
  return { total, by_audience, by_tier };
}

async function consistency(
  db: Db,
  incidentId: string,
  channels: string[],
): Promise<ConsistencyUpdate[]> {
  if (!channels.length) return [];
  const list = sql.join(
    channels.map((c) => sql`select cast(${c} as text) as channel`),
    sql` union all `,
  );
  // one index probe (notification, channel, state) per notification and channel
  const carried = await sql<{ update_id: string; channel: string }>`select n.update_id, c.channel
    from notifications n cross join (${list}) c
    where n.incident_id = ${incidentId} and n.update_id is not null
      and exists (select 1 from deliveries d where d.notification_id = n.id
        and d.channel = c.channel and d.state = 'sent')`.execute(db);
  const queued = await sql<{ update_id: string }>`select distinct n.update_id from notifications n
    where n.incident_id = ${incidentId} and n.update_id is not null
      and exists (select 1 from deliveries d where d.notification_id = n.id
        and d.state != 'cancelled')`.execute(db);
  const updates = await db
    .selectFrom('incident_updates')
    .select(['id', 'created_at', 'deliver_notifications'])
    .where('incident_id', '=', incidentId)
    .where('visibility', '=', 'public')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const sentTo = new Map<string, Set<string>>();
  for (const r of carried.rows) {
    const s = sentTo.get(r.update_id) ?? new Set<string>();
    s.add(r.channel);
    sentTo.set(r.update_id, s);
  }
  const wasQueued = new Set(queued.rows.map((r) => r.update_id));
  return updates
    .filter((u) => Number(u.deliver_notifications) === 1 || wasQueued.has(u.id))
    .map((u) => ({
      update_id: u.id,
      posted_at: u.created_at,
      channels_sent: [...(sentTo.get(u.id) ?? [])].sort(),
      missing: [],
    }));
}

async function social(db: Db, incidentId: string): Promise<ReachFacts['social']> {
  const base = db
    .selectFrom('enquiries')
    .where('incident_id', '=', incidentId)
    .where('channel', '=', 'social');
  const [counts, reading] = await Promise.all([
    base
      .select(({ fn }) => [
        fn.countAll<number>().as('n'),
        sql<number>`sum(case when negative = 1 then 1 else 0 end)`.as('neg'),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('social_accounts')
      .select('id')
      .where('enabled', '=', 1)
      .where('last_ok_at', 'is not', null)
      .limit(1)
      .executeTakeFirst(),
  ]);
  const n = Number(counts.n);
  if (n === 0 && !reading) return null;
  const negative = base.where('negative', '=', 1);
  const bucket = sql<string>`substr(received_at, 1, 15)`;
  const [listed, buckets] = await Promise.all([
    negative
      .select(['id', 'source', 'sender', 'received_at', 'sentiment'])
      .orderBy('received_at')
      .orderBy('id')
      .limit(20)
      .execute(),
    negative
      .select(({ fn }) => [bucket.as('b'), fn.countAll<number>().as('n')])
      .groupBy(bucket)
      .orderBy(bucket)
      .execute(),
  ]);
  return {
    mentions: n,
    negative_count: Number(counts.neg ?? 0),
    negative: listed.map((r) => ({
      ...r,
      sentiment: r.sentiment == null ? null : Number(r.sentiment),
    })),
    buckets: buckets.map((b) => ({ start: `${b.b}0:00.000Z`, count: Number(b.n) })),
  };
}

/** The facts of domain/debriefReach.ts but the SMS rendering. `channels`: the incident's delivery channels. */
export async function readReachFacts(
  db: Db,
  incident: { id: string; started_at: string },
  channels: string[],
): Promise<ReachReads> {
  const id = incident.id;
  const notices = db
    .selectFrom('deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .where('n.kind', '=', 'team.notice')
    .where('n.payload', 'like', `%"incident_ref":${JSON.stringify(id)}%`)
    .where('d.state', '!=', 'cancelled');
  const [roles, acked, firstNotice, scoping, contact] = await Promise.all([
    db
      .selectFrom('incident_roles')
      .select(({ fn }) => [fn.countAll<number>().as('n'), fn.min('acked_at').as('first')])
      .where('incident_id', '=', id)
      .executeTakeFirstOrThrow(),
    // an acknowledgement stays in the audit log after the role is handed on (which clears acked_at)
    db
      .selectFrom('audit_log')
      .select('at')
      .where('at', '>=', incident.started_at)
      .where('action', '=', 'assignment.ack')
      .where('entity_type', '=', 'incident')
      .where('entity_id', '=', id)
      .orderBy('at')
      .limit(1)
      .executeTakeFirst(),
    notices
      .select(({ fn }) => [
        fn.countAll<number>().as('n'),
        sql<string | null>`min(case when d.state = 'sent' then d.sent_at end)`.as('first'),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('incident_updates')
      .select('created_at')
      .where('incident_id', '=', id)
      .where('visibility', '=', 'public')
      .where('affected_components', 'is not', null)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('subscribers')
      .select('id')
      .where('account_id', 'is not', null)
      .limit(1)
      .executeTakeFirst(),
  ]);
  const acks = [roles.first as string | null, acked?.at ?? null].filter((x): x is string => !!x);
  return {
    started_at: incident.started_at,
    first_ack_at: acks.length ? acks.sort()[0] : null,
    roles_assigned: Number(roles.n),
    first_internal_notice_at: firstNotice.first ?? null,
    internal_notice_deliveries: Number(firstNotice.n),
    first_scoping_update_at: scoping?.created_at ?? null,
    reach: channels.length ? await reach(db, id) : null,
    contacts_exist: !!contact,
    consistency: await consistency(db, id, channels),
    social: await social(db, id),
  };
}
