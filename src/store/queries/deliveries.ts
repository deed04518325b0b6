/**
 * Reading the delivery record: a per-channel summary of what an incident's notifications did,
 * a keyset-paged list of its deliveries, and counts by state and channel for /metrics.
 * Percentiles are read with ORDER BY … LIMIT 1 OFFSET k, which both engines run without
 * loading the latencies into memory.
 */
import { type Selectable, sql } from 'kysely';
import type { Db } from '../db.js';
import type { DeliveryTable } from '../schema.js';

export const DELIVERY_STATES = ['queued', 'sending', 'sent', 'dead'] as const;

export interface ChannelSummary {
  channel: string;
  queued: number;
  sending: number;
  sent: number;
  dead: number;
  total: number;
  p50_ms: number | null;
  p95_ms: number | null;
  first_sent_at: string | null;
  last_sent_at: string | null;
}

export type DeliveryRecord = Pick<
  Selectable<DeliveryTable>,
  | 'id'
  | 'channel'
  | 'state'
  | 'attempts'
  | 'provider'
  | 'provider_message_id'
  | 'last_error'
  | 'queued_at'
  | 'sent_at'
  | 'failed_at'
  | 'latency_ms'
> & {
  /** the idempotency key receivers see (webhook-id, Message-ID) */
  key: string;
  subscriber: { id: string; channel: string | null; address: string | null };
};

export interface DeliveryFilter {
  state?: string;
  channel?: string;
  limit?: number;
  /** keyset: only deliveries with a greater id */
  after?: number;
}

const ofIncident = (incidentId: string) =>
  sql<string>`(select n.id from notifications n where n.incident_id = ${incidentId})`;

export async function summarizeIncidentDeliveries(
  db: Db,
  incidentId: string,
): Promise<ChannelSummary[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select(({ fn }) => [
      'channel',
      'state',
      fn.countAll<number>().as('n'),
      fn.min('sent_at').as('first_sent_at'),
      fn.max('sent_at').as('last_sent_at'),
    ])
    .where('notification_id', 'in', ofIncident(incidentId))
    .groupBy(['channel', 'state'])
    .execute();
  const by = new Map<string, ChannelSummary>();
  for (const r of rows) {
    let s = by.get(r.channel);
    if (!s) {
      s = {
        channel: r.channel,
        queued: 0,
        sending: 0,
        sent: 0,
        dead: 0,
        total: 0,
        p50_ms: null,
        p95_ms: null,
        first_sent_at: null,
        last_sent_at: null,
      };
      by.set(r.channel, s);
    }
    const n = Number(r.n);
    if ((DELIVERY_STATES as readonly string[]).includes(r.state))
      s[r.state as (typeof DELIVERY_STATES)[number]] += n;
    s.total += n;
    if (r.first_sent_at && (!s.first_sent_at || r.first_sent_at < s.first_sent_at))
      s.first_sent_at = r.first_sent_at;
    if (r.last_sent_at && (!s.last_sent_at || r.last_sent_at > s.last_sent_at))
      s.last_sent_at = r.last_sent_at;
  }
  const out = [...by.values()].sort((a, b) => a.channel.localeCompare(b.channel));
  for (const s of out) {
    const [p50, p95] = await latencyPercentiles(db, incidentId, s.channel, [0.5, 0.95]);
    s.p50_ms = p50;
    s.p95_ms = p95;
  }
  return out;
}

/** Nearest-rank percentiles of latency_ms over an incident's deliveries on one channel. */
async function latencyPercentiles(
  db: Db,
  incidentId: string,
  channel: string,
  ps: number[],
): Promise<(number | null)[]> {
  const base = db
    .selectFrom('deliveries')
    .where('notification_id', 'in', ofIncident(incidentId))
    .where('channel', '=', channel)
    .where('latency_ms', 'is not', null);
  const { n } = await base
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(n);
  if (count === 0) return ps.map(() => null);
  const out: (number | null)[] = [];
  for (const p of ps) {
    const rank = Math.max(1, Math.ceil(p * count));
    const row = await base
      .select('latency_ms')
      .orderBy('latency_ms')
      .limit(1)
      .offset(rank - 1)
      .executeTakeFirst();
    out.push(row?.latency_ms == null ? null : Number(row.latency_ms));
  }
  return out;
}

export async function listIncidentDeliveries(
  db: Db,
  incidentId: string,
  f: DeliveryFilter = {},
): Promise<DeliveryRecord[]> {
  let q = db
    .selectFrom('deliveries as d')
    .leftJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .select([
      'd.id',
      'd.channel',
      'd.state',
      'd.attempts',
      'd.provider',
      'd.provider_message_id',
      'd.last_error',
      'd.queued_at',
      'd.sent_at',
      'd.failed_at',
      'd.latency_ms',
      'd.subscriber_id',
      's.channel as subscriber_channel',
      's.address as subscriber_address',
    ])
    .where('d.notification_id', 'in', ofIncident(incidentId));
  if (f.state) q = q.where('d.state', '=', f.state);
  if (f.channel) q = q.where('d.channel', '=', f.channel);
  if (f.after !== undefined) q = q.where('d.id', '>', f.after);
  const rows = await q
    .orderBy('d.id')
    .limit(f.limit ?? 100)
    .execute();
  return rows.map((r) => {
    const id = Number(r.id);
    return {
      id,
      key: `dlv_${id}`,
      channel: r.channel,
      state: r.state,
      attempts: Number(r.attempts),
      provider: r.provider,
      provider_message_id: r.provider_message_id,
      last_error: r.last_error,
      queued_at: r.queued_at,
      sent_at: r.sent_at,
      failed_at: r.failed_at,
      latency_ms: r.latency_ms == null ? null : Number(r.latency_ms),
      subscriber: {
        id: r.subscriber_id,
        channel: r.subscriber_channel ?? null,
        address: r.subscriber_address ?? null,
      },
    };
  });
}

/** Every delivery counted by state and channel: one GROUP BY, for the /metrics gauges. */
export async function countDeliveriesByState(
  db: Db,
): Promise<{ state: string; channel: string; n: number }[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select(({ fn }) => ['state', 'channel', fn.countAll<number>().as('n')])
    .groupBy(['state', 'channel'])
    .execute();
  return rows.map((r) => ({ state: r.state, channel: r.channel, n: Number(r.n) }));
}

/** Whether an incident (or maintenance) with this id exists. */
export async function incidentExists(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('incidents').select('id').where('id', '=', id).executeTakeFirst();
  return Boolean(row);
}

/** What the last message sent to this subscriber about this incident returned (its post id). */
export async function lastMessageAbout(
  db: Db,
  subscriberId: string,
  incidentId: string | undefined,
): Promise<string | null> {
  if (!incidentId) return null;
  const r = await db
    .selectFrom('deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select('d.provider_message_id')
    .where('d.subscriber_id', '=', subscriberId)
    .where('n.incident_id', '=', incidentId)
    .where('d.state', '=', 'sent')
    .where('d.provider_message_id', 'is not', null)
    .orderBy('d.sent_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.provider_message_id ?? null;
}
