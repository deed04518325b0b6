import type { Kysely } from 'kysely';

/**
 * SLA credits (issue #12): the plan's SLA policies, finance's decision on each account's credit
 * for a month, and an account's optional SLA start date. The report reads the component status
 * history by time, so that gets an index on `at`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sla_policies')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tiers', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array
    .addColumn('account_ids', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array
    .addColumn('target', 'real', (c) => c.notNull())
    .addColumn('credits', 'text', (c) => c.notNull()) // JSON [{below, percent}]
    .addColumn('partial_outage_weight', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('exclude_maintenance', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('goodwill', 'text', (c) => c.notNull().defaultTo('[]')) // JSON rules
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sla_credits')
    .addColumn('month', 'text', (c) => c.notNull()) // YYYY-MM
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('computed_percent', 'real', (c) => c.notNull())
    .addColumn('computed_amount', 'real') // null: the account's MRR is not known
    .addColumn('goodwill_amount', 'real')
    .addColumn('decided_amount', 'real')
    .addColumn('state', 'text', (c) => c.notNull()) // pending | approved | adjusted
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addPrimaryKeyConstraint('sla_credits_pk', ['month', 'account_id'])
    .execute();
  await db.schema.alterTable('accounts').addColumn('sla_start', 'text').execute();
  await db.schema
    .createIndex('component_status_history_by_at')
    .on('component_status_history')
    .column('at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('component_status_history_by_at').ifExists().execute();
  await db.schema.alterTable('accounts').dropColumn('sla_start').execute();
  await db.schema.dropTable('sla_credits').ifExists().execute();
  await db.schema.dropTable('sla_policies').ifExists().execute();
}
