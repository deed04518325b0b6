import type { Kysely } from 'kysely';

/**
 * Briefing packs (issue #11 part 1): each version of an incident's pack for the customer-facing
 * team, who read which version (by signed link), and the notices, reminders and escalations
 * already sent for a version: one row each, so a timer that fires twice (or on two processes)
 * sends once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('briefings')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('pack', 'text', (c) => c.notNull()) // JSON BriefingPack
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('briefings_pk', ['incident_id', 'version'])
    .execute();
  await db.schema
    .createTable('briefing_acks')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('briefing_acks_pk', ['incident_id', 'version', 'person_id'])
    .execute();
  await db.schema
    .createTable('briefing_sends')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // notice | reminder | escalation
    .addColumn('person_id', 'text', (c) => c.notNull()) // '*' for the escalation
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('briefing_sends_pk', ['incident_id', 'version', 'kind', 'person_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('briefing_sends').ifExists().execute();
  await db.schema.dropTable('briefing_acks').ifExists().execute();
  await db.schema.dropTable('briefings').ifExists().execute();
}
