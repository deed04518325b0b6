import { type Kysely, sql } from 'kysely';

/**
 * The debrief's reach per audience and tier (issue #14) starts from the contacts (subscribers
 * linked to an account) and asks, for each, whether one of the incident's deliveries to it was
 * sent. This index answers that with a seek. It holds sent deliveries only: a delivery is
 * queued without an entry, so expanding a fan-out (a million inserts) pays nothing for it, and
 * the entry is added once, when the worker marks the delivery sent (bench/audience.ts: a full
 * index slowed the expansion of 100,000 contacts by a third).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index deliveries_by_subscriber on deliveries (subscriber_id, notification_id) where state = 'sent'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_by_subscriber').ifExists().execute();
}
