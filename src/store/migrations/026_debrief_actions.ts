import type { Kysely } from 'kysely';

/**
 * The debrief's action items (issue #14): what the team agreed to do after an incident, each with
 * an owner (a person on the team), a due time, and whether it is done. `assigned_notified_at`
 * and `overdue_notified_at` record that the owner was told, so each notice goes out once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('debrief_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | done
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text')
    .addColumn('note', 'text')
    .addColumn('suggestion_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('assigned_notified_at', 'text')
    .addColumn('overdue_notified_at', 'text')
    .execute();
  await db.schema
    .createIndex('debrief_actions_by_incident')
    .on('debrief_actions')
    .columns(['incident_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('debrief_actions_by_due')
    .on('debrief_actions')
    .columns(['status', 'due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('debrief_actions_by_due').ifExists().execute();
  await db.schema.dropIndex('debrief_actions_by_incident').ifExists().execute();
  await db.schema.dropTable('debrief_actions').ifExists().execute();
}
