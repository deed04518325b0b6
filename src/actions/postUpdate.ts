import { DEFAULT_CADENCE, defaultNextUpdateMinutes } from '../domain/cadence.js';
import { assertTransition } from '../domain/lifecycle.js';
import type { AnyIncidentStatus, ComponentStatus, IncidentKind } from '../domain/types.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { getSeverity } from '../store/queries/team.js';
import { type Ctx, inTransaction, type Tx } from './context.js';
import { type IncidentUpdateInput, incidentUpdateInput, parseInput } from './inputs.js';
import { checkComponentIds, loadIncidentRow, writeUpdate } from './shared/incidentWrites.js';

/** Posts an update to an incident or a maintenance: new status, body, component changes, next update. */
export async function postUpdate(
  ctx: Ctx,
  kind: IncidentKind,
  incidentId: string,
  raw: IncidentUpdateInput | unknown,
): Promise<Incident> {
  const input = parseInput(incidentUpdateInput, raw);
  await inTransaction(ctx, { scope: 'write', changes: kind }, (tx) =>
    writePostedUpdate(tx, kind, incidentId, input),
  );
  return (await getIncident(ctx.store.db, incidentId))!;
}

/**
 * The body of postUpdate, for callers that must post inside their own transaction (an
 * approval that publishes, so the decision and the message commit together or not at all).
 */
export async function writePostedUpdate(
  tx: Tx,
  kind: IncidentKind,
  incidentId: string,
  raw: IncidentUpdateInput | unknown,
): Promise<void> {
  const input = parseInput(incidentUpdateInput, raw);
  {
    const before = await loadIncidentRow(tx.db, incidentId, kind);
    assertTransition(kind, before.status as AnyIncidentStatus, input.status);
    let components: Record<string, ComponentStatus> = input.components ?? {};
    await checkComponentIds(tx.db, Object.keys(components), 'components');
    if (kind === 'maintenance' && input.status === 'in_progress' && before.status === 'scheduled') {
      components = { ...(await linkedAs(tx.db, incidentId, 'under_maintenance')), ...components };
    }
    const written = await writeUpdate(tx.db, {
      incident: before,
      status: input.status as AnyIncidentStatus,
      body: input.body,
      components,
      nextUpdateInMinutes: input.next_update_in_minutes ?? (await cadenceDefault(tx, before)),
      deliverNotifications: input.deliver_notifications,
      displayAt: input.display_at ? new Date(input.display_at).toISOString() : undefined,
      at: tx.at,
      notificationKind: `${kind}.updated`,
      audiences: input.audiences,
      visibility: input.visibility,
      compensation: input.compensation,
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
  }
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

/**
 * Every public incident update promises the next one: by default the severity's cadence, or
 * the plan's default cadence (every 20 minutes for the first 2 hours) without a severity.
 */
async function cadenceDefault(
  tx: Tx,
  incident: { kind: string; severity: string | null; started_at: string },
): Promise<number | undefined> {
  if (incident.kind !== 'incident') return undefined;
  const sev = incident.severity ? await getSeverity(tx.db, incident.severity) : undefined;
  return defaultNextUpdateMinutes(
    incident.started_at,
    new Date(tx.at),
    sev?.settings.cadence ?? DEFAULT_CADENCE,
  );
}
