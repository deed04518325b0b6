import { badTransition, invalid } from '../domain/errors.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type EditMaintenanceInput, editMaintenanceInput } from './maintenanceInputs.js';
import { checkComponentIds, linkComponents, loadIncidentRow } from './shared/incidentWrites.js';

/**
 * Changes a maintenance's plan: its name, its window, whether it starts and completes by
 * itself, and (before it starts) the components it covers. A completed maintenance is history
 * and cannot be edited. Subscribers are not told: post an update to tell them.
 */
export async function editMaintenance(
  ctx: Ctx,
  id: string,
  raw: EditMaintenanceInput | unknown,
): Promise<Incident> {
  const input = parseInput(editMaintenanceInput, raw);
  await inTransaction(ctx, { scope: 'write', changes: 'maintenance' }, async (tx) => {
    const before = await loadIncidentRow(tx.db, id, 'maintenance');
    if (before.status === 'completed')
      throw badTransition('this maintenance is completed, so it can no longer be changed');
    const from = input.scheduled_for
      ? new Date(input.scheduled_for).toISOString()
      : before.scheduled_for;
    const until = input.scheduled_until
      ? new Date(input.scheduled_until).toISOString()
      : before.scheduled_until;
    if (from && until && Date.parse(until) <= Date.parse(from))
      throw invalid({ scheduled_until: 'must be after scheduled_for' });
    const set: Record<string, unknown> = { updated_at: tx.at };
    if (input.name !== undefined) set.name = input.name;
    if (input.auto_transition !== undefined) set.auto_transition = input.auto_transition ? 1 : 0;
    if (input.scheduled_until) set.scheduled_until = until;
    if (input.scheduled_for) {
      set.scheduled_for = from;
      // a maintenance that has not started starts (on the page) when its window opens
      if (before.status === 'scheduled') set.started_at = from;
    }
    let components: string[] | undefined;
    if (input.components) {
      const linked = await tx.db
        .selectFrom('incident_components')
        .select('component_id')
        .where('incident_id', '=', id)
        .execute();
      const had = linked.map((l) => l.component_id).sort();
      const want = [...new Set(input.components)].sort();
      if (had.join() !== want.join()) {
        if (before.status !== 'scheduled')
          throw invalid({
            components: 'cannot change once the maintenance has started; post an update instead',
          });
        await checkComponentIds(tx.db, want, 'components');
        await tx.db.deleteFrom('incident_components').where('incident_id', '=', id).execute();
        await linkComponents(tx.db, id, want);
        components = want;
      }
    }
    await tx.db.updateTable('incidents').set(set).where('id', '=', id).execute();
    await tx.audit({
      action: 'maintenance.edit',
      entityType: 'maintenance',
      entityId: id,
      before,
      after: { ...before, ...set, ...(components ? { components } : {}) },
    });
  });
  return (await getIncident(ctx.store.db, id))!;
}
