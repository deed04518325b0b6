/**
 * Reads for the console: delivery health over a window, subscriber counts and search, the
 * variables an incident's last templated update used, and the open incidents' roles.
 */
import { sql } from 'kysely';
import type { Db } from '../db.js';
import { type Subscriber, toSubscriber } from './subscribers.js';

export interface DeliveryHealth {
  queued: number;
  sent: number;
  dead: number;
}

/** Deliveries queued since `since`, by outcome ("queued" counts those still sending too). */
export async function deliveryHealth(db: Db, since: string): Promise<DeliveryHealth> {
  const rows = await db
    .selectFrom('deliveries')
    .select(({ fn }) => ['state', fn.countAll<number>().as('n')])
    .where('queued_at', '>=', since)
    .groupBy('state')
    .execute();
  const out: DeliveryHealth = { queued: 0, sent: 0, dead: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.state === 'sent') out.sent += n;
    else if (r.state === 'dead') out.dead += n;
    else if (r.state === 'queued' || r.state === 'sending') out.queued += n;
  }
  return out;
}

export interface SubscriberCount {
  channel: string;
  active: number;
  /** of the active ones, an account's contacts (told through the plan's audiences) */
  contacts: number;
  pending: number;
  paused: number;
}

/** Public subscribers by channel: active, waiting for confirmation, paused (bounced or failing). */
export async function subscriberCounts(db: Db): Promise<SubscriberCount[]> {
  const rows = await db
    .selectFrom('subscribers')
    .select(({ fn }) => [
      'channel',
      'state',
      fn.countAll<number>().as('n'),
      fn.count<number>('account_id').as('contacts'),
    ])
    .where('audience', '=', 'public')
    .groupBy(['channel', 'state'])
    .execute();
  const by = new Map<string, SubscriberCount>();
  for (const r of rows) {
    const c = by.get(r.channel) ?? {
      channel: r.channel,
      active: 0,
      contacts: 0,
      pending: 0,
      paused: 0,
    };
    const n = Number(r.n);
    if (r.state === 'active') {
      c.active += n;
      c.contacts += Number(r.contacts);
    }
    if (r.state === 'pending') c.pending += n;
    else if (r.state === 'undeliverable' || r.state === 'disabled') c.paused += n;
    by.set(r.channel, c);
  }
  return [...by.values()].sort((a, b) => b.active - a.active || a.channel.localeCompare(b.channel));
}

/** The team's own active subscriptions (incident notices to people on the rotations). */
export async function teamSubscriberCount(db: Db): Promise<number> {
  const r = await db
    .selectFrom('subscribers')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('audience', '=', 'internal')
    .where('state', '=', 'active')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Subscribers whose address contains `q` (any case), or the newest ones when `q` is empty. */
export async function findSubscribers(db: Db, q: string, limit = 50): Promise<Subscriber[]> {
  let query = db.selectFrom('subscribers').selectAll();
  const term = q.trim().toLowerCase();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(address) like ${like} escape '\\'`);
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => toSubscriber(r, []));
}

/** The variables the incident's newest templated update was written with ({} when none). */
export async function latestTemplateVars(
  db: Db,
  incidentId: string,
): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('incident_updates')
    .select('template_vars')
    .where('incident_id', '=', incidentId)
    .where('template_vars', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  try {
    return row?.template_vars ? (JSON.parse(row.template_vars) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The body of an incident's first update: what a draft waiting for approval will publish. */
export async function firstUpdateBody(db: Db, incidentId: string): Promise<string | null> {
  const row = await db
    .selectFrom('incident_updates')
    .select('body')
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.body ?? null;
}
