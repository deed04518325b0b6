/**
 * Claiming and recording deliveries. A claim is one UPDATE … RETURNING over the oldest due
 * rows; on PostgreSQL the inner SELECT takes them FOR UPDATE SKIP LOCKED, so any number of
 * workers on any number of hosts claim disjoint batches. Each claim carries a lease: a worker
 * that dies releases its batch when the lease runs out.
 */
import { sql } from 'kysely';
import type { Db, Engine } from '../store/db.js';

export interface Claimed {
  id: number;
  notification_id: string;
  subscriber_id: string;
  channel: string;
  attempts: number;
}

/**
 * Claims up to `limit` due deliveries of one channel. Claiming per channel gives each channel its
 * own in-flight window, so slow email cannot fill the window and starve fast webhooks.
 */
export async function claimBatch(
  db: Db,
  engine: Engine,
  opts: { worker: string; now: Date; leaseMs: number; limit: number; channel: string },
): Promise<Claimed[]> {
  const now = opts.now.toISOString();
  const lease = new Date(opts.now.getTime() + opts.leaseMs).toISOString();
  const lock = engine === 'postgres' ? sql`for update skip locked` : sql``;
  const r = await sql<Claimed>`
    update deliveries set state = 'sending', lease_until = ${lease}, worker = ${opts.worker}, attempts = attempts + 1
    where id in (
      select id from deliveries
      where state = 'queued' and channel = ${opts.channel} and next_attempt_at <= ${now}
      order by next_attempt_at, id
      limit ${opts.limit}
      ${lock}
    )
    returning id, notification_id, subscriber_id, channel, attempts`.execute(db);
  return r.rows.map((row) => ({
    id: Number(row.id),
    notification_id: row.notification_id,
    subscriber_id: row.subscriber_id,
    channel: row.channel,
    attempts: Number(row.attempts),
  }));
}

/**
 * Puts deliveries whose lease ran out back in the queue (their worker died or hung). On
 * PostgreSQL it skips rows another transaction holds (a late flush recording them), so it never
 * waits on, or deadlocks with, a worker's flush.
 */
export async function reapExpiredLeases(db: Db, now: Date, engine?: Engine): Promise<number> {
  const at = now.toISOString();
  const r = await db
    .updateTable('deliveries')
    .set({ state: 'queued', next_attempt_at: at, lease_until: null, worker: null })
    .where('id', 'in', (eb) => {
      const q = eb
        .selectFrom('deliveries')
        .select('id')
        .where('state', '=', 'sending')
        .where('lease_until', '<', at);
      return engine === 'postgres' ? q.forUpdate().skipLocked() : q;
    })
    .executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

/**
 * Extends the leases a live worker still holds, so a slow send (a paced destination, a long
 * timeout) never looks like a dead worker and is never handed to a second one. On PostgreSQL
 * it skips rows a flush is recording right now (they are leaving 'sending' anyway), so it never
 * waits on the flush nor deadlocks with it.
 */
export async function renewLeases(
  db: Db,
  worker: string,
  ids: number[],
  until: Date,
  engine?: Engine,
): Promise<void> {
  const at = until.toISOString();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db
      .updateTable('deliveries')
      .set({ lease_until: at })
      .where('id', 'in', (eb) => {
        const q = eb
          .selectFrom('deliveries')
          .select('id')
          .where('id', 'in', chunk)
          .where('worker', '=', worker)
          .where('state', '=', 'sending');
        return engine === 'postgres' ? q.forUpdate().skipLocked() : q;
      })
      .execute();
  }
}

export type Outcome =
  | {
      id: number;
      kind: 'sent';
      provider: string;
      providerMessageId: string | null;
      at: string;
      latencyMs: number;
      subscriberId: string;
      /** the subscriber had failed deliveries in a row before this one (its count is reset) */
      failing?: boolean;
    }
  | {
      id: number;
      kind: 'retry';
      provider: string | null;
      error: string;
      nextAttemptAt: string;
      subscriberId: string;
    }
  | {
      id: number;
      kind: 'dead';
      provider: string | null;
      error: string;
      at: string;
      subscriberId: string;
      undeliverable: boolean;
    }
  /** not attempted (paced): back to the queue without counting the attempt */
  | { id: number; kind: 'release'; nextAttemptAt: string; subscriberId: string };

/**
 * Records outcomes in one transaction. Only rows this worker still leases are touched, so a
 * late result after a lease expired cannot overwrite another worker's claim.
 */
export async function recordOutcomes(
  db: Db,
  worker: string,
  outcomes: Outcome[],
  alsoInTx?: (trx: Db) => Promise<void>,
  engine: Engine = 'postgres',
): Promise<void> {
  if (outcomes.length === 0) return;
  const sent = outcomes.filter((o) => o.kind === 'sent');
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < sent.length; i += SENT_ROWS_PER_UPDATE) {
      await recordSent(trx, worker, sent.slice(i, i + SENT_ROWS_PER_UPDATE), engine);
    }
    for (const o of outcomes) {
      if (o.kind === 'sent') continue;
      const q = trx
        .updateTable('deliveries')
        .where('id', '=', o.id)
        .where('worker', '=', worker)
        .where('state', '=', 'sending');
      if (o.kind === 'retry') {
        await q
          .set({
            state: 'queued',
            next_attempt_at: o.nextAttemptAt,
            provider: o.provider,
            last_error: o.error.slice(0, 1000),
            lease_until: null,
          })
          .execute();
      } else if (o.kind === 'dead') {
        await q
          .set({
            state: 'dead',
            failed_at: o.at,
            provider: o.provider,
            last_error: o.error.slice(0, 1000),
            lease_until: null,
          })
          .execute();
      } else {
        await q
          .set({
            state: 'queued',
            next_attempt_at: o.nextAttemptAt,
            lease_until: null,
            attempts: sql`attempts - 1`,
          })
          .execute();
      }
    }
    await alsoInTx?.(trx);
  });
}

/** 5 parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535 */
const SENT_ROWS_PER_UPDATE = 1000;

/**
 * Marks many deliveries sent in one statement (UPDATE … FROM, which SQLite ≥ 3.33 and PostgreSQL
 * both run): the common outcome costs one statement per flush, not one per row. On SQLite the
 * rows travel as one JSON parameter: better-sqlite3 prepares every statement afresh, and
 * preparing a VALUES list of a few hundred rows cost more than running it.
 */
async function recordSent(
  trx: Db,
  worker: string,
  rows: Extract<Outcome, { kind: 'sent' }>[],
  engine: Engine,
): Promise<void> {
  if (engine === 'sqlite') {
    const json = JSON.stringify(
      rows.map((o) => [o.id, o.at, o.provider, o.providerMessageId, o.latencyMs]),
    );
    await sql`
      with v as (select value ->> 0 as id, value ->> 1 as sent_at, value ->> 2 as provider,
        value ->> 3 as provider_message_id, value ->> 4 as latency_ms from json_each(${json}))
      update deliveries set state = 'sent', sent_at = v.sent_at, provider = v.provider,
        provider_message_id = v.provider_message_id, latency_ms = v.latency_ms,
        lease_until = null, last_error = null
      from v
      where deliveries.id = v.id and deliveries.worker = ${worker} and deliveries.state = 'sending'`.execute(
      trx,
    );
    return;
  }
  const values = sql.join(
    rows.map(
      (o) =>
        sql`(cast(${o.id} as bigint), ${o.at}, ${o.provider}, ${o.providerMessageId}, cast(${o.latencyMs} as integer))`,
    ),
  );
  await sql`
    with v(id, sent_at, provider, provider_message_id, latency_ms) as (values ${values})
    update deliveries set state = 'sent', sent_at = v.sent_at, provider = v.provider,
      provider_message_id = v.provider_message_id, latency_ms = v.latency_ms,
      lease_until = null, last_error = null
    from v
    where deliveries.id = v.id and deliveries.worker = ${worker} and deliveries.state = 'sending'`.execute(
    trx,
  );
}
