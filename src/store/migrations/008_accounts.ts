import type { Kysely } from 'kysely';

/**
 * Customers and audiences: accounts (the customers of Flare's user) with their footprint (the
 * components they use), contacts (subscribers linked to an account, with a role), the plan's
 * named audiences, audience-only updates, account-manager outreach tasks, and the sessions of
 * private audience page readers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('criticality', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('locale', 'text')
    .addColumn('account_manager_id', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of strings
    .addColumn('mrr', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_by_tier').on('accounts').columns(['tier']).execute();

  await db.schema
    .createTable('account_components')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('component_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_components_pk', ['account_id', 'component_id'])
    .execute();
  await db.schema
    .createIndex('account_components_by_component')
    .on('account_components')
    .columns(['component_id', 'account_id'])
    .execute();

  // a contact is a subscriber of an account, with a role (technical, billing, executive, …)
  await db.schema.alterTable('subscribers').addColumn('account_id', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('contact_role', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('contact_name', 'text').execute();
  await db.schema
    .createIndex('subscribers_by_account')
    .on('subscribers')
    .columns(['account_id', 'id'])
    .execute();

  await db.schema
    .createTable('audiences')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('match', 'text', (c) => c.notNull()) // JSON: tiers, criticality, regions, tags, roles, affected_only, key_only
    .addColumn('channels', 'text', (c) => c.notNull()) // JSON array of channel names
    .addColumn('outreach', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('private_page', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // public (the page, its feeds and its subscribers) or audiences (only the audiences named)
  await db.schema
    .alterTable('incident_updates')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .execute();
  await db.schema.alterTable('incident_updates').addColumn('audiences', 'text').execute(); // JSON array of keys
  // an incident declared for audiences only stays off every public surface until a public update
  await db.schema
    .alterTable('incidents')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .execute();

  await db.schema
    .createTable('outreach_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('update_id', 'text')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('audience_key', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('assignee_role', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // open | done | escalated
    .addColumn('talking_points', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('escalated_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('completed_by', 'text')
    .addColumn('outcome', 'text') // reached | left_message | no_answer
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('outreach_by_incident_account')
    .on('outreach_tasks')
    .columns(['incident_id', 'account_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('outreach_by_status_due')
    .on('outreach_tasks')
    .columns(['status', 'due_at'])
    .execute();

  // readers of private audience pages: a magic link to a contact address opens a session
  await db.schema
    .createTable('audience_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('audience_key', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // link (the emailed one-time link) | session
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'audience_sessions',
    'outreach_tasks',
    'audiences',
    'account_components',
    'accounts',
  ])
    await db.schema.dropTable(t).ifExists().execute();
  await db.schema.dropIndex('subscribers_by_account').ifExists().execute();
  for (const c of ['account_id', 'contact_role', 'contact_name'])
    await db.schema.alterTable('subscribers').dropColumn(c).execute();
  await db.schema.alterTable('incidents').dropColumn('visibility').execute();
  for (const c of ['visibility', 'audiences'])
    await db.schema.alterTable('incident_updates').dropColumn(c).execute();
}
