import { type Kysely, sql } from 'kysely';

/**
 * A component's public status is derived: the worst of its manual status and the statuses
 * that open, published incidents and maintenances in progress hold it at. Each incident keeps
 * the status it gives each component (incident_components.status); the manual status is what
 * was set outside incidents.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('incident_components').addColumn('status', 'text').execute();
  await db.schema.alterTable('components').addColumn('manual_status', 'text').execute();
  const open = sql`select ic.component_id from incident_components ic
    join incidents i on i.id = ic.incident_id
    where i.status in ('investigating', 'identified', 'monitoring', 'in_progress', 'verifying')
      and i.draft = 0 and i.drill = 0`;
  // what an open incident holds today is what it set; everything else was set by hand
  await sql`update incident_components set status = (
      select c.status from components c where c.id = incident_components.component_id)
    where incident_id in (select id from incidents
      where status in ('investigating', 'identified', 'monitoring', 'in_progress', 'verifying')
        and draft = 0 and drill = 0)`.execute(db);
  await sql`update components set manual_status = status where id not in (${open})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('components').dropColumn('manual_status').execute();
  await db.schema.alterTable('incident_components').dropColumn('status').execute();
}
