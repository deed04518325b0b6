import type { Kysely } from 'kysely';

/**
 * The debrief's delivery percentiles (issue #14) read an incident's sent deliveries of one
 * channel in latency order (ORDER BY latency_ms LIMIT 1 OFFSET k): with this index both engines
 * walk it in order instead of sorting a million rows for each percentile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('deliveries_by_latency')
    .on('deliveries')
    .columns(['notification_id', 'channel', 'state', 'latency_ms'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_by_latency').ifExists().execute();
}
