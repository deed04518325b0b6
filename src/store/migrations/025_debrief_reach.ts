import type { Kysely } from 'kysely';

/**
 * The debrief's reach per audience and tier (issue #14) starts from the contacts (subscribers
 * linked to an account) and asks, for each, whether one of the incident's deliveries to it was
 * sent. Without this index that probe has nothing to seek on and scans every delivery. The
 * columns never change after a delivery is queued, so claims and outcomes do not move entries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('deliveries_by_subscriber')
    .on('deliveries')
    .columns(['subscriber_id', 'notification_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_by_subscriber').ifExists().execute();
}
