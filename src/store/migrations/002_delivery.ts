import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** Subscribers and the deliveries table, which is both the delivery queue and its record. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // expansion runs in chunks of subscribers; the cursor is the last subscriber id expanded
  await db.schema.alterTable('notifications').addColumn('expand_cursor', 'text').execute();
  await db.schema
    .alterTable('notifications')
    .addColumn('delivery_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('subscribers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('address_key', 'text', (c) => c.notNull())
    .addColumn('all_components', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('confirm_code_hash', 'text')
    .addColumn('confirm_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('secret', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('time_zone', 'text')
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('api'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .addColumn('disabled_reason', 'text')
    .execute();
  await db.schema
    .createIndex('subscribers_by_address')
    .on('subscribers')
    .columns(['channel', 'address_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('subscribers_by_state')
    .on('subscribers')
    .columns(['state', 'channel'])
    .execute();

  await db.schema
    .createTable('subscriber_components')
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('component_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriber_components_pk', ['subscriber_id', 'component_id'])
    .execute();
  await db.schema
    .createIndex('subscriber_components_by_component')
    .on('subscriber_components')
    .columns(['component_id', 'subscriber_id'])
    .execute();

  const isPg = isPostgres(db);
  await db.schema
    .createTable('deliveries')
    .addColumn('id', isPg ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('worker', 'text')
    .addColumn('provider', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('latency_ms', 'integer')
    .execute();
  // the claim index holds only rows still waiting, so finished deliveries cost nothing to claim
  // past; workers claim per channel in (next_attempt_at, id) order, which it serves without a
  // sort (SQLite keeps the rowid in every index entry already)
  await sql`create index deliveries_claim on deliveries (channel, next_attempt_at${sql.raw(isPg ? ', id' : '')}) where state = 'queued'`.execute(
    db,
  );
  await sql`create index deliveries_leased on deliveries (lease_until) where state = 'sending'`.execute(
    db,
  );
  // no state column here: every claim and outcome changes the state, and would move the entry
  await db.schema
    .createIndex('deliveries_by_notification')
    .on('deliveries')
    .columns(['notification_id', 'channel'])
    .execute();

  await db.schema
    .createTable('provider_state')
    .addColumn('provider', 'text', (c) => c.primaryKey())
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('open_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['provider_state', 'deliveries', 'subscriber_components', 'subscribers']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
