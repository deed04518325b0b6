import { conflict, notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';
import { addTimeline } from './shared/team.js';

/** The assignee acknowledges their role; an unacknowledged role escalates after its time-out. */
export async function ackAssignment(
  ctx: Ctx,
  incidentId: string,
  roleKey: string,
  personId?: string,
): Promise<{ acked_at: string }> {
  return inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const a = await tx.db
      .selectFrom('incident_roles')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('role_key', '=', roleKey)
      .executeTakeFirst();
    if (!a) throw notFound('assignment', `${incidentId}/${roleKey}`);
    if (personId && a.person_id !== personId)
      throw conflict('this role has been handed to someone else', {
        person_id: 'is no longer assigned to this role',
      });
    if (a.acked_at) return { acked_at: a.acked_at };
    await tx.db
      .updateTable('incident_roles')
      .set({ acked_at: tx.at })
      .where('incident_id', '=', incidentId)
      .where('role_key', '=', roleKey)
      .execute();
    const person = await tx.db
      .selectFrom('people')
      .select('name')
      .where('id', '=', a.person_id)
      .executeTakeFirst();
    await addTimeline(
      tx.db,
      incidentId,
      'system',
      `${person?.name ?? a.person_id} acknowledged ${roleKey.replace(/_/g, ' ')}.`,
      ctx.actor.id,
      tx.at,
    );
    await tx.audit({
      action: 'assignment.ack',
      entityType: 'incident',
      entityId: incidentId,
      before: a,
      after: { ...a, acked_at: tx.at },
    });
    return { acked_at: tx.at };
  });
}
