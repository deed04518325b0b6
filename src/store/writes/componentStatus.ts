import { worstComponentStatus } from '../../domain/status.js';
import type { AffectedComponent, ComponentStatus } from '../../domain/types.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../db.js';

export interface Cause {
  type: 'incident' | 'maintenance' | 'manual' | 'created';
  id: string | null;
}

/**
 * Sets component statuses and appends their history. Returns the changes that actually
 * changed something, in Statuspage's affected_components shape.
 */
export async function applyComponentStatuses(
  trx: Db,
  changes: Record<string, ComponentStatus>,
  cause: Cause,
  at: string,
): Promise<AffectedComponent[]> {
  const ids = Object.keys(changes);
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('components')
    .select(['id', 'name', 'status'])
    .where('id', 'in', ids)
    .execute();
  const affected: AffectedComponent[] = [];
  for (const row of rows) {
    const next = changes[row.id];
    const prev = row.status as ComponentStatus;
    affected.push({ code: row.id, name: row.name, old_status: prev, new_status: next });
    if (prev === next) continue;
    await trx
      .updateTable('components')
      .set({ status: next, updated_at: at })
      .where('id', '=', row.id)
      .execute();
    await trx
      .insertInto('component_status_history')
      .values({
        id: newId(),
        component_id: row.id,
        status: next,
        previous_status: prev,
        at,
        cause_type: cause.type,
        cause_id: cause.id,
      })
      .execute();
  }
  return affected;
}

/** The incident and maintenance statuses in which an incident holds its components' status. */
export const HOLDING_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'in_progress',
  'verifying',
] as const;

/**
 * Puts each component at its derived public status: the worst of its manual status and the
 * statuses that open, published (not draft, not drill, not audience-only) incidents and maintenances in progress
 * hold it at. Appends history for each change; returns every component asked about, in
 * Statuspage's affected_components shape.
 */
export async function recomputeComponentStatuses(
  trx: Db,
  ids: string[],
  cause: Cause,
  at: string,
): Promise<AffectedComponent[]> {
  if (ids.length === 0) return [];
  const held = await trx
    .selectFrom('incident_components')
    .innerJoin('incidents', 'incidents.id', 'incident_components.incident_id')
    .select(['incident_components.component_id', 'incident_components.status'])
    .where('incident_components.component_id', 'in', ids)
    .where('incident_components.status', 'is not', null)
    .where('incidents.status', 'in', [...HOLDING_STATUSES])
    .where('incidents.draft', '=', 0)
    .where('incidents.drill', '=', 0)
    .where('incidents.visibility', '=', 'public')
    .execute();
  const manual = await trx
    .selectFrom('components')
    .select(['id', 'manual_status'])
    .where('id', 'in', ids)
    .where('is_group', '=', 0)
    .execute();
  const targets: Record<string, ComponentStatus> = {};
  for (const m of manual) {
    const statuses = held.filter((h) => h.component_id === m.id).map((h) => h.status);
    targets[m.id] = worstComponentStatus([
      (m.manual_status ?? 'operational') as ComponentStatus,
      ...(statuses as ComponentStatus[]),
    ]);
  }
  return applyComponentStatuses(trx, targets, cause, at);
}
