/** Steps shared by the incident and maintenance actions. Each runs inside the caller's transaction. */
import { invalid, notFound } from '../../domain/errors.js';
import { isFinal, timesAfter } from '../../domain/lifecycle.js';
import { deriveImpact, maxImpact } from '../../domain/status.js';
import type {
  AffectedComponent,
  AnyIncidentStatus,
  ComponentStatus,
  Impact,
} from '../../domain/types.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../store/db.js';
import type { IncidentRow } from '../../store/schema.js';
import { applyComponentStatuses } from '../../store/writes/componentStatus.js';
import { enqueueNotification } from '../../store/writes/outbox.js';

/** Throws a field error for each id that is not a component (groups cannot carry a status). */
export async function checkComponentIds(db: Db, ids: string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('components')
    .select(['id', 'is_group'])
    .where('id', 'in', ids)
    .execute();
  const found = new Map(rows.map((r) => [r.id, r.is_group]));
  const fields: Record<string, string> = {};
  for (const id of ids) {
    if (!found.has(id)) fields[`${field}.${id}`] = 'is not a known component id';
    else if (found.get(id))
      fields[`${field}.${id}`] = 'is a group; set the status of its components instead';
  }
  if (Object.keys(fields).length) throw invalid(fields);
}

export async function loadIncidentRow(db: Db, id: string, kind?: string): Promise<IncidentRow> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (kind && row.kind !== kind))
    throw notFound(kind === 'maintenance' ? 'maintenance' : 'incident', id);
  return row;
}

/**
 * A new incidents row with a fresh id, created, updated and started at `at`; every field not
 * given starts empty (null, or 0 for the flags).
 */
export function newIncidentRow(
  at: string,
  fields: Pick<IncidentRow, 'kind' | 'name' | 'status' | 'impact'> & Partial<IncidentRow>,
): IncidentRow {
  const { kind, name, status, impact, ...rest } = fields;
  // the columns in table order, so the row reads (and serialises) the same wherever it is built
  return {
    id: newId(),
    kind,
    name,
    status,
    impact,
    impact_override: 0,
    created_at: at,
    updated_at: at,
    started_at: at,
    monitoring_at: null,
    resolved_at: null,
    scheduled_for: null,
    scheduled_until: null,
    auto_transition: 0,
    next_update_at: null,
    postmortem_body: null,
    postmortem_published_at: null,
    severity: null,
    draft: 0,
    drill: 0,
    ...rest,
  };
}

export async function linkComponents(db: Db, incidentId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const existing = await db
    .selectFrom('incident_components')
    .select('component_id')
    .where('incident_id', '=', incidentId)
    .execute();
  const have = new Set(existing.map((r) => r.component_id));
  const fresh = [...new Set(ids)].filter((c) => !have.has(c));
  if (fresh.length) {
    await db
      .insertInto('incident_components')
      .values(fresh.map((component_id) => ({ incident_id: incidentId, component_id })))
      .execute();
  }
}

/**
 * When an incident resolves (or a maintenance completes), its components go back to
 * operational, unless the update set them itself or another open incident still holds them.
 */
export async function restoreOnClose(
  db: Db,
  incident: IncidentRow,
  explicit: Record<string, ComponentStatus>,
): Promise<Record<string, ComponentStatus>> {
  const linked = await db
    .selectFrom('incident_components')
    .innerJoin('components', 'components.id', 'incident_components.component_id')
    .select(['components.id', 'components.status'])
    .where('incident_components.incident_id', '=', incident.id)
    .execute();
  const heldElsewhere = await db
    .selectFrom('incident_components')
    .innerJoin('incidents', 'incidents.id', 'incident_components.incident_id')
    .select('incident_components.component_id')
    .where('incidents.id', '!=', incident.id)
    .where('incidents.status', 'in', [
      'investigating',
      'identified',
      'monitoring',
      'in_progress',
      'verifying',
    ])
    .execute();
  const held = new Set(heldElsewhere.map((r) => r.component_id));
  const restore: Record<string, ComponentStatus> = {};
  for (const c of linked) {
    if (c.id in explicit || held.has(c.id) || c.status === 'operational') continue;
    if (incident.kind === 'maintenance' && c.status !== 'under_maintenance') continue;
    restore[c.id] = 'operational';
  }
  return { ...restore, ...explicit };
}

export interface WriteUpdate {
  incident: IncidentRow;
  status: AnyIncidentStatus;
  body: string;
  components: Record<string, ComponentStatus>;
  nextUpdateInMinutes?: number;
  deliverNotifications: boolean;
  displayAt?: string;
  at: string;
  notificationKind: string;
  /** the template the body came from, kept so channels render it per reader */
  template?: { key: string; vars: Record<string, unknown> };
  /** an absolute next-update time (wins over nextUpdateInMinutes) */
  nextUpdateAt?: string | null;
  /** who hears of it: the public, or the team only (drafts and drills) */
  audience?: 'public' | 'internal';
}

export interface WrittenUpdate {
  updateId: string;
  affected: AffectedComponent[];
  after: IncidentRow;
}

/** Inserts one update, moves the incident and its components, and writes the outbox row. */
export async function writeUpdate(db: Db, w: WriteUpdate): Promise<WrittenUpdate> {
  const { incident, at } = w;
  const cause = { type: incident.kind as 'incident' | 'maintenance', id: incident.id };
  const affected = await applyComponentStatuses(db, w.components, cause, at);
  await linkComponents(db, incident.id, Object.keys(w.components));
  const final = isFinal(w.status);
  const inMinutes = w.nextUpdateInMinutes
    ? new Date(Date.parse(at) + w.nextUpdateInMinutes * 60000).toISOString()
    : null;
  const nextUpdateAt = final ? null : (w.nextUpdateAt ?? inMinutes);
  // a message still waiting for approval is stale once a newer update is out
  await db
    .updateTable('approvals')
    .set({ state: 'superseded', decided_at: at, decided_by: 'system:newer-update' })
    .where('incident_id', '=', incident.id)
    .where('state', 'in', ['pending', 'escalated'])
    .where('request', 'like', '{"kind":"post_update"%')
    .execute();
  const updateId = newId();
  await db
    .insertInto('incident_updates')
    .values({
      id: updateId,
      incident_id: incident.id,
      status: w.status,
      body: w.body,
      created_at: at,
      updated_at: at,
      display_at: w.displayAt ?? at,
      affected_components: affected.length ? JSON.stringify(affected) : null,
      deliver_notifications: w.deliverNotifications ? 1 : 0,
      next_update_at: nextUpdateAt,
      template_key: w.template?.key ?? null,
      template_vars: w.template ? JSON.stringify(w.template.vars) : null,
    })
    .execute();
  const times = timesAfter(incident, w.status, at);
  let impact = incident.impact;
  if (incident.kind === 'incident' && !incident.impact_override) {
    impact = maxImpact([incident.impact as Impact, deriveImpact(Object.values(w.components))]);
  }
  const after: IncidentRow = {
    ...incident,
    status: w.status,
    impact,
    updated_at: at,
    monitoring_at: times.monitoring_at,
    resolved_at: times.resolved_at,
    next_update_at: nextUpdateAt,
  };
  await db
    .updateTable('incidents')
    .set({
      status: after.status,
      impact: after.impact,
      updated_at: at,
      monitoring_at: after.monitoring_at,
      resolved_at: after.resolved_at,
      next_update_at: after.next_update_at,
    })
    .where('id', '=', incident.id)
    .execute();
  // a draft tells nobody outside yet (publishing it does); a drill tells only the team
  const internal = w.audience === 'internal';
  if (w.deliverNotifications && (internal || (!incident.draft && !incident.drill))) {
    await enqueueNotification(db, {
      kind: w.notificationKind,
      incidentId: incident.id,
      updateId,
      payload: {
        status: w.status,
        affected_components: affected,
        ...(w.audience === 'internal' ? { audience: 'internal' } : {}),
      },
      at,
    });
  }
  return { updateId, affected, after };
}
