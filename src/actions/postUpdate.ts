import { assertTransition } from '../domain/lifecycle.js';
import type { AnyIncidentStatus, ComponentStatus, IncidentKind } from '../domain/types.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { type Ctx, inTransaction } from './context.js';
import { type IncidentUpdateInput, incidentUpdateInput, parseInput } from './inputs.js';
import {
  checkComponentIds,
  loadIncidentRow,
  restoreOnClose,
  writeUpdate,
} from './shared/incidentWrites.js';

/** Posts an update to an incident or a maintenance: new status, body, component changes, next update. */
export async function postUpdate(
  ctx: Ctx,
  kind: IncidentKind,
  incidentId: string,
  raw: IncidentUpdateInput | unknown,
): Promise<Incident> {
  const input = parseInput(incidentUpdateInput, raw);
  await inTransaction(ctx, { scope: 'write', changes: kind }, async (tx) => {
    const before = await loadIncidentRow(tx.db, incidentId, kind);
    assertTransition(kind, before.status as AnyIncidentStatus, input.status);
    let components: Record<string, ComponentStatus> = input.components ?? {};
    await checkComponentIds(tx.db, Object.keys(components), 'components');
    if (kind === 'maintenance' && input.status === 'in_progress' && before.status === 'scheduled') {
      components = { ...(await linkedAs(tx.db, incidentId, 'under_maintenance')), ...components };
    }
    if (input.status === 'resolved' || input.status === 'completed') {
      components = await restoreOnClose(tx.db, before, components);
    }
    const written = await writeUpdate(tx.db, {
      incident: before,
      status: input.status as AnyIncidentStatus,
      body: input.body,
      components,
      nextUpdateInMinutes: input.next_update_in_minutes,
      deliverNotifications: input.deliver_notifications,
      displayAt: input.display_at ? new Date(input.display_at).toISOString() : undefined,
      at: tx.at,
      notificationKind: `${kind}.updated`,
    });
    await tx.audit({
      action: `${kind}.update`,
      entityType: kind,
      entityId: incidentId,
      before,
      after: {
        ...written.after,
        update_id: written.updateId,
        body: input.body,
        affected_components: written.affected,
      },
    });
  });
  return (await getIncident(ctx.store.db, incidentId))!;
}

async function linkedAs(
  db: Parameters<typeof loadIncidentRow>[0],
  incidentId: string,
  status: ComponentStatus,
): Promise<Record<string, ComponentStatus>> {
  const rows = await db
    .selectFrom('incident_components')
    .select('component_id')
    .where('incident_id', '=', incidentId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.component_id, status]));
}
