import { newId } from '../lib/ids.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { enqueueNotification } from '../store/writes/outbox.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput, type ScheduleMaintenanceInput, scheduleMaintenanceInput } from './inputs.js';
import { checkComponentIds, linkComponents } from './shared/incidentWrites.js';

/** Schedules a maintenance window. With auto_transition it starts and completes by itself. */
export async function scheduleMaintenance(
  ctx: Ctx,
  raw: ScheduleMaintenanceInput | unknown,
): Promise<Incident> {
  const input = parseInput(scheduleMaintenanceInput, raw);
  const id = await inTransaction(ctx, { scope: 'write', changes: 'maintenance' }, async (tx) => {
    await checkComponentIds(tx.db, input.components, 'components');
    const row = {
      id: newId(),
      kind: 'maintenance',
      name: input.name,
      status: 'scheduled',
      impact: 'maintenance',
      impact_override: 0,
      created_at: tx.at,
      updated_at: tx.at,
      started_at: new Date(input.scheduled_for).toISOString(),
      monitoring_at: null,
      resolved_at: null,
      scheduled_for: new Date(input.scheduled_for).toISOString(),
      scheduled_until: new Date(input.scheduled_until).toISOString(),
      auto_transition: input.auto_transition ? 1 : 0,
      next_update_at: null,
      postmortem_body: null,
      postmortem_published_at: null,
    };
    await tx.db.insertInto('incidents').values(row).execute();
    await linkComponents(tx.db, row.id, input.components);
    const updateId = newId();
    await tx.db
      .insertInto('incident_updates')
      .values({
        id: updateId,
        incident_id: row.id,
        status: 'scheduled',
        body: input.body,
        created_at: tx.at,
        updated_at: tx.at,
        display_at: tx.at,
        affected_components: null,
        deliver_notifications: input.deliver_notifications ? 1 : 0,
        next_update_at: null,
      })
      .execute();
    if (input.deliver_notifications) {
      await enqueueNotification(tx.db, {
        kind: 'maintenance.scheduled',
        incidentId: row.id,
        updateId,
        payload: { status: 'scheduled' },
        at: tx.at,
      });
    }
    await tx.audit({
      action: 'maintenance.schedule',
      entityType: 'maintenance',
      entityId: row.id,
      after: { ...row, body: input.body, components: input.components },
    });
    return row.id;
  });
  return (await getIncident(ctx.store.db, id))!;
}
