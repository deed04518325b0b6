import type { AffectedComponent, ComponentStatus } from '../../domain/types.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../db.js';
import { derivedStatuses } from '../queries/heldStatuses.js';

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

export { HOLDING_STATUSES } from '../queries/heldStatuses.js';

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
  const targets = await derivedStatuses(trx, ids);
  return applyComponentStatuses(trx, targets, cause, at);
}
