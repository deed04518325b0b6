import { effectiveHours } from '../domain/handover.js';
import { nextOnCall, onCallOrder } from '../domain/team.js';
import { listRegions } from '../store/queries/handovers.js';
import { getRole, getSeverity } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { addTimeline, notifyPeople } from './shared/team.js';

/**
 * An assignment not acknowledged within the severity's time-out moves to the next person in
 * the rotation, who is told at once. Run by the scheduler.
 */
export async function escalateAssignments(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const open = await ctx.store.db
    .selectFrom('incident_roles as r')
    .innerJoin('incidents as i', 'i.id', 'r.incident_id')
    .select([
      'r.incident_id',
      'r.role_key',
      'r.person_id',
      'r.assigned_at',
      'r.escalation_level',
      'i.severity',
      'i.name',
      'i.status',
    ])
    .where('r.acked_at', 'is', null)
    .where('i.status', 'not in', ['resolved', 'postmortem', 'completed'])
    .execute();
  let moved = 0;
  for (const a of open) {
    const sev = a.severity ? await getSeverity(ctx.store.db, a.severity) : undefined;
    const timeoutMs = (sev?.settings.ackTimeoutMinutes ?? 10) * 60_000;
    if (now.getTime() - Date.parse(a.assigned_at) < timeoutMs) continue;
    const role = await getRole(ctx.store.db, a.role_key);
    // a person without hours of their own works their region's (follow the sun)
    const regions = await listRegions(ctx.store.db);
    const rotation = (role?.rotation ?? []).map((p) => ({ ...p, ...effectiveHours(p, regions) }));
    const order = onCallOrder(rotation, now);
    const next = nextOnCall(order, a.person_id);
    await inTransaction(ctx, { scope: 'write' }, async (tx) => {
      const current = await tx.db
        .selectFrom('incident_roles')
        .select(['person_id', 'acked_at', 'assigned_at'])
        .where('incident_id', '=', a.incident_id)
        .where('role_key', '=', a.role_key)
        .executeTakeFirst();
      if (!current || current.acked_at || current.assigned_at !== a.assigned_at) return; // acked or moved meanwhile
      if (!next) {
        // the end of the rotation: keep the assignment, tell the incident lead, and wait again
        await tx.db
          .updateTable('incident_roles')
          .set({ assigned_at: tx.at, escalation_level: a.escalation_level + 1 })
          .where('incident_id', '=', a.incident_id)
          .where('role_key', '=', a.role_key)
          .execute();
        await addTimeline(
          tx.db,
          a.incident_id,
          'system',
          `Nobody acknowledged ${a.role_key.replace(/_/g, ' ')} and the rotation is exhausted.`,
          'flare',
          tx.at,
        );
        const leads = await tx.db
          .selectFrom('incident_roles')
          .select('person_id')
          .where('incident_id', '=', a.incident_id)
          .where('role_key', '=', 'incident_lead')
          .execute();
        await notifyPeople(
          tx.db,
          leads.map((l) => l.person_id),
          {
            subject: `Unacknowledged role: ${a.name}`,
            text: `Nobody has acknowledged ${a.role_key.replace(/_/g, ' ')}, and the rotation has nobody left. Please assign someone.`,
          },
          tx.at,
          a.incident_id,
        );
        return;
      }
      await tx.db
        .updateTable('incident_roles')
        .set({ person_id: next.id, assigned_at: tx.at, escalation_level: a.escalation_level + 1 })
        .where('incident_id', '=', a.incident_id)
        .where('role_key', '=', a.role_key)
        .execute();
      await notifyPeople(
        tx.db,
        [next.id],
        {
          subject: `Escalated to you: ${a.name}`,
          text: `${a.role_key.replace(/_/g, ' ')} for "${a.name}" was not acknowledged in time and is now yours. Please acknowledge.`,
        },
        tx.at,
        a.incident_id,
      );
      await addTimeline(
        tx.db,
        a.incident_id,
        'system',
        `${a.role_key.replace(/_/g, ' ')} escalated to ${next.name} (not acknowledged in time).`,
        'flare',
        tx.at,
      );
      await tx.audit({
        action: 'assignment.escalate',
        entityType: 'incident',
        entityId: a.incident_id,
        before: { role_key: a.role_key, person_id: a.person_id },
        after: { role_key: a.role_key, person_id: next.id },
      });
      moved++;
    });
  }
  return moved;
}
