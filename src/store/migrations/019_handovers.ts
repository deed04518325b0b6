import type { Kysely } from 'kysely';

/**
 * Follow the sun (issue #12 part 6): the team's regions with their working hours in their own
 * time zones, a person's region, the handovers of an incident role from one shift to the next,
 * and the shift-end prompts already sent (one row per person, role, incident and shift end, so a
 * timer that fires twice, or on two processes, prompts once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull()) // canonical working hours, e.g. "08:00-17:00 Mon-Fri"
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('people').addColumn('region', 'text').execute();
  await db.schema
    .createTable('handovers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('from_person_id', 'text', (c) => c.notNull())
    .addColumn('to_person_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // pending | accepted | superseded
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('escalated_at', 'text')
    .addColumn('escalated_to', 'text') // JSON array of person ids told
    .addColumn('accepted_by', 'text') // the person who took the role
    .addColumn('accepted_at', 'text')
    .execute();
  await db.schema
    .createIndex('handovers_by_incident')
    .on('handovers')
    .columns(['incident_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('handover_prompts')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('shift_end', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('handover_prompts_pk', [
      'incident_id',
      'role_key',
      'person_id',
      'shift_end',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('handover_prompts').ifExists().execute();
  await db.schema.dropIndex('handovers_by_incident').ifExists().execute();
  await db.schema.dropTable('handovers').ifExists().execute();
  await db.schema.alterTable('people').dropColumn('region').execute();
  await db.schema.dropTable('regions').ifExists().execute();
}
