import { type Kysely, sql } from 'kysely';
import { ENDED_DELIVERY_SQL } from '../queries/endedDeliveries.js';

/**
 * Migration 027's index put each ended delivery at its latency within its notification, channel
 * and state: the deliveries a flush records (a few hundred, with latencies spread over a hundred
 * or so values) landed on that many leaf pages, each rewritten in the write-ahead log at every
 * commit. Recording a fan-out's outcomes spent about a third of its time, and its commits as
 * much again, keeping that index in order (docs/benchmarks.md). Here the entries follow the
 * delivery's id, so a flush appends to one page, and they still carry the latency, so the
 * debrief reads them without the table; it groups them by latency itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_by_latency').ifExists().execute();
  await sql`create index deliveries_by_latency on deliveries (notification_id, channel, state, id, latency_ms) where ${sql.raw(ENDED_DELIVERY_SQL)}`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_by_latency').ifExists().execute();
  await sql`create index deliveries_by_latency on deliveries (notification_id, channel, state, latency_ms) where ${sql.raw(ENDED_DELIVERY_SQL)}`.execute(
    db,
  );
}
