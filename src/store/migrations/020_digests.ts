import type { Kysely } from 'kysely';

/**
 * Customer digests and quiet hours (issue #12, ADR 0020). A subscriber (or contact) may choose
 * a daily digest instead of the per-update emails below the plan's most severe level, and may
 * set quiet hours ("22:00-07:00" in its own zone) during which such notices wait. A digest sent
 * is recorded once per subscriber and local day: the primary key is what makes two scheduler
 * instances (or a restart) send it once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('subscribers')
    .addColumn('digest', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('subscribers').addColumn('quiet_hours', 'text').execute();
  await db.schema
    .createTable('digest_sends')
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull()) // the local date in the subscriber's zone
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_sends_pk', ['subscriber_id', 'day'])
    .execute();
  await db.schema
    .createIndex('subscribers_digest')
    .on('subscribers')
    .column('digest')
    .where((eb) => eb('digest', '=', 1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('subscribers_digest').ifExists().execute();
  await db.schema.dropTable('digest_sends').ifExists().execute();
  await db.schema.alterTable('subscribers').dropColumn('quiet_hours').execute();
  await db.schema.alterTable('subscribers').dropColumn('digest').execute();
}
