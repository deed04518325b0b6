import type { Kysely } from 'kysely';

/**
 * Inbound sources (issue #11): the vendor webhooks (Zendesk, Freshdesk, Intercom, Twilio) that
 * turn helpdesk and phone payloads into enquiries. Each source's secret, set through the API,
 * is kept encrypted (AES-256-GCM under a key derived from the server's secret key); an unset
 * source falls back to its environment variable. An enquiry gets the vendor's own id as
 * `dedupe_key`, unique per source, so a vendor's retry never stores the same message twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbound_sources')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('enquiries').addColumn('dedupe_key', 'text').execute();
  // NULLs never collide (SQLite and PostgreSQL alike): enquiries without a vendor id are free
  await db.schema
    .createIndex('enquiries_by_dedupe_key')
    .on('enquiries')
    .columns(['source', 'dedupe_key'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('enquiries_by_dedupe_key').ifExists().execute();
  await db.schema.alterTable('enquiries').dropColumn('dedupe_key').execute();
  await db.schema.dropTable('inbound_sources').ifExists().execute();
}
