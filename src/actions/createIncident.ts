import { DEFAULT_CADENCE, defaultNextUpdateMinutes } from '../domain/cadence.js';
import { deriveImpact } from '../domain/status.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { backfillIncident } from './backfillIncident.js';
import { type Ctx, inTransaction } from './context.js';
import { type CreateIncidentInput, createIncidentInput, parseInput } from './inputs.js';
import { checkComponentIds, newIncidentRow, writeUpdate } from './shared/incidentWrites.js';

/** Opens an incident with its first update, sets the components it names, and queues notifications. */
export async function createIncident(
  ctx: Ctx,
  raw: CreateIncidentInput | unknown,
): Promise<Incident> {
  const input = parseInput(createIncidentInput, raw);
  if (input.backfilled) return backfillIncident(ctx, input);
  const components = input.components ?? {};
  const id = await inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
    await checkComponentIds(tx.db, Object.keys(components), 'components');
    const row = newIncidentRow(tx.at, {
      kind: 'incident',
      name: input.name,
      status: input.status,
      impact: input.impact ?? deriveImpact(Object.values(components)),
      impact_override: input.impact ? 1 : 0,
      started_at: input.started_at ? new Date(input.started_at).toISOString() : tx.at,
      visibility: input.visibility,
    });
    await tx.db.insertInto('incidents').values(row).execute();
    const written = await writeUpdate(tx.db, {
      incident: row,
      status: input.status,
      body: input.body,
      components,
      // every public update promises the next one: the plan's default cadence unless given
      nextUpdateInMinutes:
        input.next_update_in_minutes ??
        defaultNextUpdateMinutes(row.started_at, new Date(tx.at), DEFAULT_CADENCE),
      deliverNotifications: input.deliver_notifications,
      at: tx.at,
      notificationKind: 'incident.created',
      audiences: input.audiences,
      visibility: input.visibility,
    });
    await tx.audit({
      action: 'incident.create',
      entityType: 'incident',
      entityId: row.id,
      after: { ...written.after, body: input.body, components },
    });
    return row.id;
  });
  return (await getIncident(ctx.store.db, id))!;
}
