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
