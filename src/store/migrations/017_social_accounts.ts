import type { Kysely } from 'kysely';

/**
 * The status page's own social accounts (issue #11): one row per account, read for mentions now
 * and posted to later. Credentials are sealed (lib/secretBox); a row without them takes its
 * settings from the environment (FLARE_MASTODON_*, FLARE_BLUESKY_*) and keeps only the polling
 * state. Mentions are deduplicated by their message id, per source, with a unique index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('social_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // mastodon | bluesky
    .addColumn('url', 'text') // the Mastodon instance or the Bluesky service (PDS) URL
    .addColumn('handle', 'text')
    .addColumn('credentials', 'text') // sealed access token / app password; null: from the environment
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('poll_cursor', 'text') // last mention seen: Mastodon notification id, Bluesky indexedAt
    .addColumn('last_polled_at', 'text')
    .addColumn('last_ok_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('social_accounts_by_kind')
    .on('social_accounts')
    .column('kind')
    .unique()
    .execute();
  // a mention polled twice (a rerun, a cursor not yet advanced) is stored once
  await db.schema
    .createIndex('enquiries_social_message')
    .on('enquiries')
    .columns(['source', 'message_id'])
    .unique()
    .where((eb) => eb.or([eb('source', '=', 'mastodon'), eb('source', '=', 'bluesky')]))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('enquiries_social_message').ifExists().execute();
  await db.schema.dropTable('social_accounts').ifExists().execute();
}
