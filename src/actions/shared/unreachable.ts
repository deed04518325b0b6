/**
 * A team member Flare cannot reach (no address to send to, or every notice to them bounced or
 * dead-lettered): the incident room says so at once, and each role they hold but have not
 * acknowledged passes on to the next person in its rotation, who is told. Runs inside the
 * caller's transaction (the dispatcher's, when it learns it).
 */
import { nextOnCall, onCallOrder } from '../../domain/team.js';
import type { Db } from '../../store/db.js';
import { getRole } from '../../store/queries/team.js';
import { writeAudit } from '../../store/writes/audit.js';
import { addTimeline, notifyPeople } from './team.js';

export async function passOnUnreachable(
  db: Db,
  incidentId: string,
  personId: string,
  reason: string,
  at: string,
): Promise<void> {
  const incident = await db
    .selectFrom('incidents')
    .select(['name', 'status'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (!incident) return;
  const person = await db
    .selectFrom('people')
    .select('name')
    .where('id', '=', personId)
    .executeTakeFirst();
  const who = person?.name ?? personId;
  const held = await db
    .selectFrom('incident_roles')
    .select(['role_key', 'escalation_level'])
    .where('incident_id', '=', incidentId)
    .where('person_id', '=', personId)
    .where('acked_at', 'is', null)
    .execute();
  await addTimeline(db, incidentId, 'system', `${who} cannot be reached: ${reason}.`, 'flare', at);
  for (const h of held) {
    const role = await getRole(db, h.role_key);
    const label = role?.name ?? h.role_key.replace(/_/g, ' ');
    const next = nextOnCall(onCallOrder(role?.rotation ?? [], new Date(at)), personId);
    if (!next || next.id === personId) {
      await addTimeline(
        db,
        incidentId,
        'system',
        `Nobody else is on the ${label} rotation: assign someone by hand.`,
        'flare',
        at,
      );
      continue;
    }
    await db
      .updateTable('incident_roles')
      .set({ person_id: next.id, assigned_at: at, escalation_level: h.escalation_level + 1 })
      .where('incident_id', '=', incidentId)
      .where('role_key', '=', h.role_key)
      .where('person_id', '=', personId)
      .execute();
    await addTimeline(
      db,
      incidentId,
      'system',
      `${label} passes to ${next.name} (${who} cannot be reached).`,
      'flare',
      at,
    );
    await notifyPeople(
      db,
      [next.id],
      {
        subject: `You are ${label}: ${incident.name}`,
        text: `${who} could not be reached, so ${label} for "${incident.name}" is now yours. Please acknowledge.`,
      },
      at,
      incidentId,
    );
    await writeAudit(db, {
      actor: 'system:worker',
      action: 'assignment.unreachable',
      entityType: 'incident',
      entityId: incidentId,
      before: { role_key: h.role_key, person_id: personId },
      after: { role_key: h.role_key, person_id: next.id, reason },
      at,
    });
  }
}
