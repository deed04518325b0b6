/** Read queries for the incident room: its internal timeline and who holds each role. Never public. */
import type { Selectable } from 'kysely';
import type { Db } from '../db.js';
import type { IncidentRoleTable, IncidentTimelineTable } from '../schema.js';

export type TimelineRow = Selectable<IncidentTimelineTable>;

export async function listTimeline(db: Db, incidentId: string): Promise<TimelineRow[]> {
  return db
    .selectFrom('incident_timeline')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export type IncidentRoleRow = Omit<Selectable<IncidentRoleTable>, 'incident_id'> & {
  role_name: string;
  person_name: string;
};

export async function listIncidentRoles(db: Db, incidentId: string): Promise<IncidentRoleRow[]> {
  const rows = await db
    .selectFrom('incident_roles as a')
    .leftJoin('roles as r', 'r.key', 'a.role_key')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select([
      'a.role_key',
      'r.name as role_name',
      'a.person_id',
      'p.name as person_name',
      'a.assigned_at',
      'a.acked_at',
      'a.escalation_level',
      'r.position',
    ])
    .where('a.incident_id', '=', incidentId)
    .orderBy('r.position')
    .orderBy('a.role_key')
    .execute();
  return rows.map(({ position: _p, ...r }) => ({
    ...r,
    role_name: r.role_name ?? r.role_key,
    person_name: r.person_name ?? r.person_id,
    escalation_level: Number(r.escalation_level),
  }));
}

/** What the signed acknowledgement page shows. */
export async function getAssignment(
  db: Db,
  incidentId: string,
  roleKey: string,
): Promise<(IncidentRoleRow & { incident_name: string }) | undefined> {
  const roles = await listIncidentRoles(db, incidentId);
  const a = roles.find((r) => r.role_key === roleKey);
  if (!a) return undefined;
  const i = await db
    .selectFrom('incidents')
    .select('name')
    .where('id', '=', incidentId)
    .executeTakeFirst();
  return i ? { ...a, incident_name: i.name } : undefined;
}
