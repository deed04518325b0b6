import type { Kysely } from 'kysely';

/**
 * Posting each public update to the page's own social accounts (issue #13 part 3): whether an
 * account posts, and the page-level subscriber its posts are delivered to (so they are retried,
 * failed over and reported like every other delivery).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('social_accounts')
    .addColumn('post_updates', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('social_accounts').addColumn('subscriber_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('social_accounts').dropColumn('subscriber_id').execute();
  await db.schema.alterTable('social_accounts').dropColumn('post_updates').execute();
}
