/**
 * The reads behind the debrief (issue #14). Counts and percentiles run in SQL (percentiles by
 * ORDER BY … LIMIT 1 OFFSET k, as deliveries.ts does) so that an incident with a million
 * deliveries is never loaded into memory. Returns the plain facts domain/debrief.ts computes on.
 */
import { sql } from 'kysely';
import {
  type AtRiskRow,
  type BriefingReads,
  type ChannelDeliveries,
  cadence,
  type DebriefFacts,
  type EnquiryFacts,
  nearestRanks,
  type OutreachFacts,
  type TrendIncident,
} from '../../domain/debrief.js';
import type { Db, Engine } from '../db.js';
import { getTiers } from './audiences.js';
import { readReachFacts } from './debriefReach.js';
import { ENDED_DELIVERY_SQL } from './endedDeliveries.js';
import { getSeverity } from './team.js';

const ofIncident = (incidentId: string) =>
  sql<string>`(select n.id from notifications n where n.incident_id = ${incidentId})`;

/** Seconds from column a to column b (ISO text in both engines). */
function secondsBetween(engine: Engine, a: string, b: string) {
  return engine === 'sqlite'
    ? sql<number>`((julianday(${sql.ref(b)}) - julianday(${sql.ref(a)})) * 86400.0)`
    : sql<number>`extract(epoch from (${sql.ref(b)}::timestamptz - ${sql.ref(a)}::timestamptz))`;
}

/** Everything the debrief needs about one incident, or undefined when there is no such incident. */
export async function readDebriefFacts(
  db: Db,
  engine: Engine,
  incidentId: string,
  now: string,
): Promise<DebriefFacts | undefined> {
  const incident = await db
    .selectFrom('incidents')
    .select(['id', 'name', 'started_at', 'resolved_at', 'severity'])
    .where('id', '=', incidentId)
    .where('kind', '=', 'incident')
    .executeTakeFirst();
  if (!incident) return undefined;
  const updates = await db
    .selectFrom('incident_updates')
    .select(['id', 'created_at', 'next_update_at', 'status'])
    .where('incident_id', '=', incidentId)
    .where('visibility', '=', 'public')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const end = incident.resolved_at ?? now;
  const unsub = await db
    .selectFrom('subscribers')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('unsubscribed_at', '>=', incident.started_at)
    .where('unsubscribed_at', '<=', end)
    .executeTakeFirstOrThrow();
  const sev = incident.severity ? await getSeverity(db, incident.severity) : undefined;
  const readMinutes = await db
    .selectFrom('plan_settings')
    .select('value')
    .where('key', '=', 'briefing_read_minutes')
    .executeTakeFirst();
  const deliveries = await deliveriesByChannel(db, incidentId);
  return {
    incident,
    now,
    updates,
    deliveries,
    unsubscribes: Number(unsub.n),
    briefings: await briefingReads(db, incidentId),
    enquiries: await enquiryFacts(db, engine, incidentId),
    outreach: await outreachFacts(db, incidentId),
    at_risk: await atRiskAccounts(db, incident, end),
    edited_templates: await editedTemplates(db, incident.started_at, end),
    plan: {
      briefing_read_minutes: readMinutes ? Number(readMinutes.value) : 10,
      reminder_lead_minutes: sev?.settings.cadence?.reminderLeadMinutes ?? null,
    },
    // the SMS check renders templates: actions/shared/debriefSms.ts fills it in
    reach: { ...(await readReachFacts(db, incident, Object.keys(deliveries))), sms: null },
  };
}

/**
 * Per channel: attempted, delivered, failed, pending, and the nearest-rank p50/p95/p99 of the
 * sent deliveries' latency. Two reads, each an index's own order with no sort: the count per
 * notification and channel (deliveries_by_notification), and the deliveries that have ended,
 * grouped by state and latency (migration 027's partial index), so one row comes back per
 * distinct latency (a histogram), not a million rows. What has not ended is still pending; the
 * percentiles are read off the histogram (domain/debrief.ts).
 */
export async function deliveriesByChannel(
  db: Db,
  incidentId: string,
): Promise<Record<string, ChannelDeliveries>> {
  const totals = await db
    .selectFrom('deliveries')
    .select(({ fn }) => ['notification_id', 'channel', fn.countAll<number>().as('n')])
    .where('notification_id', 'in', ofIncident(incidentId))
    .groupBy(['notification_id', 'channel'])
    .execute();
  const ended = await db
    .selectFrom('deliveries')
    .select(({ fn }) => [
      'notification_id',
      'channel',
      'state',
      'latency_ms',
      fn.countAll<number>().as('n'),
    ])
    .where('notification_id', 'in', ofIncident(incidentId))
    .where(sql<boolean>`${sql.raw(ENDED_DELIVERY_SQL)}`)
    .groupBy(['notification_id', 'channel', 'state', 'latency_ms'])
    .execute();
  const out: Record<string, ChannelDeliveries> = {};
  const latencies = new Map<string, Map<number, number>>();
  const of = (channel: string) => {
    let d = out[channel];
    if (!d) {
      d = {
        attempted: 0,
        delivered: 0,
        failed: 0,
        pending: 0,
        p50_ms: null,
        p95_ms: null,
        p99_ms: null,
      };
      out[channel] = d;
      latencies.set(channel, new Map());
    }
    return d;
  };
  for (const r of totals) {
    const d = of(r.channel);
    d.attempted += Number(r.n);
    d.pending += Number(r.n);
  }
  for (const r of ended) {
    const d = of(r.channel);
    const n = Number(r.n);
    // a cancelled delivery was never attempted
    if (r.state === 'cancelled') d.attempted -= n;
    else if (r.state === 'sent') {
      d.delivered += n;
      if (r.latency_ms != null) {
        const h = latencies.get(r.channel)!;
        const v = Number(r.latency_ms);
        h.set(v, (h.get(v) ?? 0) + n);
      }
    } else d.failed += n;
    d.pending -= n;
  }
  for (const [channel, d] of Object.entries(out)) {
    // a channel whose deliveries were all cancelled was not attempted
    if (d.attempted === 0) {
      delete out[channel];
      continue;
    }
    [d.p50_ms, d.p95_ms, d.p99_ms] = nearestRanks(latencies.get(channel)!, [0.5, 0.95, 0.99]);
  }
  return out;
}

async function briefingReads(db: Db, incidentId: string): Promise<BriefingReads[]> {
  const versions = await db
    .selectFrom('briefings')
    .select(['version', 'created_at'])
    .where('incident_id', '=', incidentId)
    .orderBy('version')
    .execute();
  if (!versions.length) return [];
  const acks = await db
    .selectFrom('briefing_acks')
    .select(['version', 'person_id', 'at'])
    .where('incident_id', '=', incidentId)
    .execute();
  return versions.map((v) => ({
    version: Number(v.version),
    created_at: v.created_at,
    reads: acks
      .filter((a) => Number(a.version) === Number(v.version))
      .map((a) => ({ person_id: a.person_id, at: a.at })),
  }));
}

async function enquiryFacts(
  db: Db,
  engine: Engine,
  incidentId: string,
): Promise<EnquiryFacts | null> {
  const base = db.selectFrom('enquiries').where('incident_id', '=', incidentId);
  const rows = await base
    .select(({ fn }) => [
      'channel',
      fn.countAll<number>().as('n'),
      fn.sum<number>('negative').as('negative'),
      sql<number>`sum(case when escalation is not null or status = 'escalated' then 1 else 0 end)`.as(
        'escalated',
      ),
      sql<number>`sum(case when first_response_at is not null then 1 else 0 end)`.as('answered'),
    ])
    .groupBy('channel')
    .execute();
  if (!rows.length) return null;
  const f: EnquiryFacts = {
    total: 0,
    by_channel: {},
    negative: 0,
    escalated: 0,
    answered: 0,
    median_first_response_s: null,
    buckets: [],
  };
  for (const r of rows) {
    f.by_channel[r.channel] = Number(r.n);
    f.total += Number(r.n);
    f.negative += Number(r.negative ?? 0);
    f.escalated += Number(r.escalated ?? 0);
    f.answered += Number(r.answered ?? 0);
  }
  if (f.answered > 0) {
    const wait = secondsBetween(engine, 'received_at', 'first_response_at');
    const row = await base
      .select(wait.as('s'))
      .where('first_response_at', 'is not', null)
      .orderBy(wait)
      .limit(1)
      .offset(Math.ceil(0.5 * f.answered) - 1)
      .executeTakeFirst();
    f.median_first_response_s = row ? Math.round(Number(row.s)) : null;
  }
  // 10-minute buckets: the ISO text up to the tens of minutes ("2026-11-20T12:1")
  const bucket = sql<string>`substr(received_at, 1, 15)`;
  const buckets = await base
    .select(({ fn }) => [
      bucket.as('b'),
      fn.countAll<number>().as('n'),
      fn.avg<number>('sentiment').as('s'),
    ])
    .groupBy(bucket)
    .orderBy(bucket)
    .execute();
  f.buckets = buckets.map((b) => ({
    start: `${b.b}0:00.000Z`,
    count: Number(b.n),
    mean_sentiment: b.s == null ? null : Math.round(Number(b.s) * 1000) / 1000,
  }));
  return f;
}

async function outreachFacts(db: Db, incidentId: string): Promise<OutreachFacts> {
  const r = await db
    .selectFrom('outreach_tasks')
    .select(({ fn }) => [
      fn.countAll<number>().as('n'),
      sql<number>`sum(case when status = 'done' then 1 else 0 end)`.as('done'),
      sql<number>`sum(case when status = 'done' and completed_at <= due_at then 1 else 0 end)`.as(
        'on_time',
      ),
    ])
    .where('incident_id', '=', incidentId)
    .executeTakeFirstOrThrow();
  return { total: Number(r.n), done: Number(r.done ?? 0), done_on_time: Number(r.on_time ?? 0) };
}

/** Templates changed between start and end that are not pre-approved now. */
async function editedTemplates(db: Db, from: string, to: string) {
  const rows = await db
    .selectFrom('template_versions as v')
    .innerJoin('templates as t', 't.id', 'v.template_id')
    .select(({ fn }) => ['t.id', 't.key', 't.locale', fn.countAll<number>().as('n')])
    // version 1 is the template as first stored, not an edit
    .where('v.version', '>', 1)
    .where('v.at', '>=', from)
    .where('v.at', '<=', to)
    .where('t.pre_approved', '=', 0)
    .groupBy(['t.id', 't.key', 't.locale'])
    .orderBy('t.key')
    .orderBy('t.locale')
    .limit(20)
    .execute();
  return rows.map((r) => ({ id: r.id, key: r.key, locale: r.locale, edits: Number(r.n) }));
}

/** Accounts that wrote in or were to be called about this incident, with their risk signals. */
async function atRiskAccounts(
  db: Db,
  incident: { id: string; started_at: string },
  end: string,
): Promise<AtRiskRow[]> {
  const incidentId = incident.id;
  const neg = db
    .selectFrom('enquiries')
    .select(({ fn }) => ['account_id', fn.sum<number>('negative').as('n')])
    .where('incident_id', '=', incidentId)
    .where('account_id', 'is not', null)
    .groupBy('account_id')
    .execute();
  const open = db
    .selectFrom('outreach_tasks')
    .select(({ fn }) => ['account_id', fn.countAll<number>().as('n')])
    .where('incident_id', '=', incidentId)
    .where('status', '!=', 'done')
    .groupBy('account_id')
    .execute();
  const touched = db
    .selectFrom('outreach_tasks')
    .select('account_id')
    .where('incident_id', '=', incidentId)
    .execute();
  const [negRows, openRows, touchedRows] = await Promise.all([neg, open, touched]);
  const ids = new Set<string>([
    ...negRows.map((r) => r.account_id!),
    ...touchedRows.map((r) => r.account_id),
  ]);
  if (!ids.size) return [];
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'tier', 'criticality', 'mrr'])
    .where('id', 'in', [...ids].slice(0, 5000))
    .execute();
  const negBy = new Map(negRows.map((r) => [r.account_id, Number(r.n ?? 0)]));
  const openBy = new Map(openRows.map((r) => [r.account_id, Number(r.n)]));
  // the accounts whose footprint the incident touched were down for its whole span
  const touchedBy = new Set(
    (
      await db
        .selectFrom('account_components')
        .select('account_id')
        .distinct()
        .where('account_id', 'in', accounts.map((a) => a.id).concat(''))
        .where('component_id', 'in', (eb) =>
          eb
            .selectFrom('incident_components')
            .select('component_id')
            .where('incident_id', '=', incidentId),
        )
        .execute()
    ).map((r) => r.account_id),
  );
  const span = Math.max(0, Math.round((Date.parse(end) - Date.parse(incident.started_at)) / 1000));
  const tiers = await getTiers(db);
  return accounts
    .map((a) => ({
      account_id: a.id,
      name: a.name,
      tier: a.tier,
      criticality: a.criticality,
      mrr: a.mrr == null ? null : Number(a.mrr),
      negative_enquiries: negBy.get(a.id) ?? 0,
      unanswered_outreach: openBy.get(a.id) ?? 0,
      tier_weight: tiers.includes(a.tier) ? tiers.length - tiers.indexOf(a.tier) : 0,
      downtime_s: touchedBy.has(a.id) ? span : 0,
    }))
    .filter((a) => a.negative_enquiries > 0 || a.unanswered_outreach > 0);
}

/** The most incidents one trends view reads. */
export const TRENDS_MAX = 500;

/** Per-incident figures for incidents (not drills) started in [from, to). */
export async function readTrendIncidents(
  db: Db,
  from: string,
  to: string,
  now: string,
): Promise<TrendIncident[]> {
  const incidents = await db
    .selectFrom('incidents')
    .select(['id', 'name', 'started_at', 'resolved_at'])
    .where('kind', '=', 'incident')
    .where('drill', '=', 0)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .orderBy('started_at')
    .limit(TRENDS_MAX)
    .execute();
  if (!incidents.length) return [];
  const ids = incidents.map((i) => i.id);
  const [updates, deliveries, enquiries] = await Promise.all([
    db
      .selectFrom('incident_updates')
      .select(['id', 'incident_id', 'created_at', 'next_update_at', 'status'])
      .where('incident_id', 'in', ids)
      .where('visibility', '=', 'public')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select(({ fn }) => [
        'n.incident_id',
        fn.countAll<number>().as('n'),
        sql<number>`sum(case when d.state = 'sent' then 1 else 0 end)`.as('sent'),
      ])
      .where('n.incident_id', 'in', ids)
      .where('d.state', '!=', 'cancelled')
      .groupBy('n.incident_id')
      .execute(),
    db
      .selectFrom('enquiries')
      .select(({ fn }) => ['incident_id', fn.countAll<number>().as('n')])
      .where('incident_id', 'in', ids)
      .groupBy('incident_id')
      .execute(),
  ]);
  const dBy = new Map(deliveries.map((r) => [r.incident_id, r]));
  const eBy = new Map(enquiries.map((r) => [r.incident_id, Number(r.n)]));
  return incidents.map((i) => {
    const us = updates.filter((u) => u.incident_id === i.id);
    const c = cadence(us, now, i.resolved_at);
    const d = dBy.get(i.id);
    return {
      id: i.id,
      name: i.name,
      started_at: i.started_at,
      time_to_first_public_update_s: us[0]
        ? Math.round((Date.parse(us[0].created_at) - Date.parse(i.started_at)) / 1000)
        : null,
      promises: c.promises,
      updates_on_time: c.onTime,
      attempted: d ? Number(d.n) : 0,
      delivered: d ? Number(d.sent ?? 0) : 0,
      enquiries: eBy.get(i.id) ?? 0,
    };
  });
}
