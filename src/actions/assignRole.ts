import { invalid } from '../domain/errors.js';
import { getPage } from '../store/queries/page.js';
import { getPerson, getRole } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type AssignRoleInput, assignRoleInput } from './roomInputs.js';
import { loadIncidentRow } from './shared/incidentWrites.js';
import { ackLink, addTimeline, notifyPeople } from './shared/team.js';

export interface RoleAssignment {
  incident_id: string;
  role_key: string;
  person_id: string;
  assigned_at: string;
  acked_at: string | null;
  escalation_level: number;
}

/**
 * Hands an incident role to a person by hand, replacing whoever held it. The person is told on
 * their internal channels with a signed link to acknowledge. Audited.
 */
export async function assignRole(
  ctx: Ctx,
  incidentId: string,
  roleKey: string,
  raw: AssignRoleInput | unknown,
): Promise<RoleAssignment> {
  const input = parseInput(assignRoleInput, raw);
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const incident = await loadIncidentRow(tx.db, incidentId);
    const [role, person] = await Promise.all([
      getRole(tx.db, roleKey),
      getPerson(tx.db, input.person_id),
    ]);
    const fields: Record<string, string> = {};
    if (!role) fields.role = `no role ${JSON.stringify(roleKey)}; see GET /api/v1/roles`;
    if (!person) fields.person_id = 'is not a known person; see GET /api/v1/people';
    if (!role || !person) throw invalid(fields);
    const before = await tx.db
      .selectFrom('incident_roles')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('role_key', '=', roleKey)
      .executeTakeFirst();
    const row: RoleAssignment = {
      incident_id: incidentId,
      role_key: roleKey,
      person_id: person.id,
      assigned_at: tx.at,
      acked_at: null,
      escalation_level: before?.escalation_level ?? 0,
    };
    if (before?.person_id === person.id) return before;
    if (before)
      await tx.db
        .updateTable('incident_roles')
        .set({ person_id: row.person_id, assigned_at: tx.at, acked_at: null })
        .where('incident_id', '=', incidentId)
        .where('role_key', '=', roleKey)
        .execute();
    else await tx.db.insertInto('incident_roles').values(row).execute();
    const page = await getPage(tx.db);
    const base = (page?.url ?? ctx.fallbackUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
    const label = `${incident.drill ? '[DRILL] ' : ''}${incident.severity ?? 'Incident'}`;
    await notifyPeople(
      tx.db,
      [person.id],
      {
        subject: `${label}: ${incident.name} — you are ${role.name}`,
        text: `${ctx.actor.id} made you ${role.name} for "${incident.name}".${input.note ? ` ${input.note}` : ''} Please acknowledge.`,
        action_url: ackLink(ctx.secretKey, base, incidentId, roleKey, person.id),
        action_label: 'Acknowledge',
      },
      tx.at,
      incidentId,
    );
    await addTimeline(
      tx.db,
      incidentId,
      'system',
      `${ctx.actor.id} assigned ${role.name} to ${person.name}${before ? ' (by hand, replacing the previous holder)' : ' (by hand)'}.`,
      ctx.actor.id,
      tx.at,
    );
    await tx.audit({
      action: 'assignment.assign',
      entityType: 'incident',
      entityId: incidentId,
      before: before ?? null,
      after: row,
    });
    return row;
  });
}
