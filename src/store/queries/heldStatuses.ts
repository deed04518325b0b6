/**
 * What holds each component at its public status: its manual status and the statuses that
 * open, published (not draft, not drill, not audience-only) incidents and maintenances in
 * progress hold it at. One rule for moving the status (writes/componentStatus), for the
 * resolved message ("… is working normally again") and for what the declare form pre-marks.
 */
import { worstComponentStatus } from '../../domain/status.js';
import type { ComponentStatus } from '../../domain/types.js';
import type { Db } from '../db.js';

/** The incident and maintenance statuses in which an incident holds its components' status. */
export const HOLDING_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'in_progress',
  'verifying',
] as const;

/** Per component, the statuses open public incidents hold it at (`without`: leave one out). */
export async function heldStatuses(
  db: Db,
  ids: string[],
  without?: string,
): Promise<Map<string, ComponentStatus[]>> {
  const out = new Map<string, ComponentStatus[]>();
  if (ids.length === 0) return out;
  let q = db
    .selectFrom('incident_components')
    .innerJoin('incidents', 'incidents.id', 'incident_components.incident_id')
    .select(['incident_components.component_id', 'incident_components.status'])
    .where('incident_components.component_id', 'in', ids)
    .where('incident_components.status', 'is not', null)
    .where('incidents.status', 'in', [...HOLDING_STATUSES])
    .where('incidents.draft', '=', 0)
    .where('incidents.drill', '=', 0)
    .where('incidents.visibility', '=', 'public');
  if (without) q = q.where('incidents.id', '!=', without);
  for (const h of await q.execute()) {
    const list = out.get(h.component_id) ?? [];
    list.push(h.status as ComponentStatus);
    out.set(h.component_id, list);
  }
  return out;
}

/**
 * The public status each component (not a group) derives to: the worst of its manual status
 * (or `manual[id]`, a status a closing update sets by hand) and what open incidents hold it at,
 * leaving out `without`.
 */
export async function derivedStatuses(
  db: Db,
  ids: string[],
  o: { without?: string; manual?: Record<string, ComponentStatus> } = {},
): Promise<Record<string, ComponentStatus>> {
  if (ids.length === 0) return {};
  const [held, rows] = await Promise.all([
    heldStatuses(db, ids, o.without),
    db
      .selectFrom('components')
      .select(['id', 'manual_status'])
      .where('id', 'in', ids)
      .where('is_group', '=', 0)
      .execute(),
  ]);
  const out: Record<string, ComponentStatus> = {};
  for (const m of rows) {
    const manual = o.manual?.[m.id] ?? ((m.manual_status ?? 'operational') as ComponentStatus);
    out[m.id] = worstComponentStatus([manual, ...(held.get(m.id) ?? [])]);
  }
  return out;
}

/**
 * The components of `ids` that are operational again once incident `incidentId` closes with
 * `changes` (statuses its closing update sets by hand), in `ids` order.
 */
export async function backToNormal(
  db: Db,
  incidentId: string,
  ids: string[],
  changes: Record<string, ComponentStatus> = {},
): Promise<string[]> {
  const after = await derivedStatuses(db, ids, { without: incidentId, manual: changes });
  return ids.filter((id) => after[id] === 'operational');
}
