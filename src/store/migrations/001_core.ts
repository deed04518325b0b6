import type { Kysely } from 'kysely';

/** Page, components and their history, incidents and maintenances, tokens, audit, outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('page')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('support_url', 'text')
    .addColumn('support_email', 'text')
    .addColumn('logo_url', 'text')
    .addColumn('brand_color', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('components')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('group_id', 'text')
    .addColumn('is_group', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('showcase', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('only_show_if_degraded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('component_status_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('component_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('previous_status', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('cause_type', 'text', (c) => c.notNull())
    .addColumn('cause_id', 'text')
    .execute();
  await db.schema
    .createIndex('component_status_history_by_component')
    .on('component_status_history')
    .columns(['component_id', 'at'])
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('impact_override', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('monitoring_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('scheduled_for', 'text')
    .addColumn('scheduled_until', 'text')
    .addColumn('auto_transition', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('next_update_at', 'text')
    .addColumn('postmortem_body', 'text')
    .addColumn('postmortem_published_at', 'text')
    .execute();
  await db.schema
    .createIndex('incidents_by_kind_status')
    .on('incidents')
    .columns(['kind', 'status', 'created_at'])
    .execute();

  await db.schema
    .createTable('incident_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('display_at', 'text', (c) => c.notNull())
    .addColumn('affected_components', 'text')
    .addColumn('deliver_notifications', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('next_update_at', 'text')
    .execute();
  await db.schema
    .createIndex('incident_updates_by_incident')
    .on('incident_updates')
    .columns(['incident_id', 'display_at'])
    .execute();

  await db.schema
    .createTable('incident_components')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('component_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_components_pk', ['incident_id', 'component_id'])
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_by_at').on('audit_log').column('at').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('update_id', 'text')
    .addColumn('component_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expanded_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_by_state')
    .on('notifications')
    .columns(['state', 'created_at'])
    .execute();

  await db.schema
    .createTable('flare_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'flare_meta',
    'notifications',
    'audit_log',
    'api_tokens',
    'incident_components',
    'incident_updates',
    'incidents',
    'component_status_history',
    'components',
    'page',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
