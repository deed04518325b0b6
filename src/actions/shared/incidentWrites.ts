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
import { recomputeComponentStatuses } from '../../store/writes/componentStatus.js';
import { enqueueNotification } from '../../store/writes/outbox.js';
import { outreachForUpdate } from '../../store/writes/outreach.js';
import { briefingForUpdate } from './briefing.js';

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
    visibility: 'public',
    ...rest,
  };
}

/** Links components to an incident; with statuses, the incident now holds them at those. */
export async function linkComponents(
  db: Db,
  incidentId: string,
  ids: string[],
  statuses: Record<string, ComponentStatus> = {},
): Promise<void> {
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
      .values(
        fresh.map((component_id) => ({
          incident_id: incidentId,
          component_id,
          status: statuses[component_id] ?? null,
        })),
      )
      .execute();
  }
  for (const id of ids.filter((c) => have.has(c) && statuses[c])) {
    await db
      .updateTable('incident_components')
      .set({ status: statuses[id] })
      .where('incident_id', '=', incidentId)
      .where('component_id', '=', id)
      .execute();
  }
}

/**
 * Moves the public status of an incident's components to what they derive to now (the worst
 * of the open published incidents holding them, and their manual status). Returns the
 * components named in `explicit`, and any other of its components whose status changed.
 */
export async function settleComponents(
  db: Db,
  incident: Pick<IncidentRow, 'id' | 'kind'>,
  explicit: string[],
  at: string,
): Promise<AffectedComponent[]> {
  const linked = await db
    .selectFrom('incident_components')
    .select('component_id')
    .where('incident_id', '=', incident.id)
    .execute();
  const ids = [...new Set([...explicit, ...linked.map((l) => l.component_id)])];
  const cause = { type: incident.kind as 'incident' | 'maintenance', id: incident.id };
  const all = await recomputeComponentStatuses(db, ids, cause, at);
  return all.filter((a) => explicit.includes(a.code) || a.old_status !== a.new_status);
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
  /** the plan's audiences told (absent: the severity's) */
  audiences?: string[];
  /** audiences: told to the audiences named only, never shown on a public surface */
  visibility?: 'public' | 'audiences';
  /** per account id, the line its contacts read in the resolution (kept in the outbox, never public) */
  compensation?: Record<string, string>;
}

export interface WrittenUpdate {
  updateId: string;
  affected: AffectedComponent[];
  after: IncidentRow;
}

/** Inserts one update, moves the incident and its components, and writes the outbox row. */
export async function writeUpdate(db: Db, w: WriteUpdate): Promise<WrittenUpdate> {
  const { at } = w;
  const audienceOnly = w.visibility === 'audiences';
  await checkAudienceKeys(db, w.audiences ?? []);
  if (audienceOnly) checkAudienceOnly(w);
  // a public update makes an audience-only incident public from now on
  const incident: IncidentRow =
    !audienceOnly && w.incident.visibility === 'audiences'
      ? { ...w.incident, visibility: 'public' }
      : w.incident;
  const final = isFinal(w.status);
  if (w.compensation && Object.keys(w.compensation).length)
    await checkCompensation(db, w.status, w.compensation);
  const ids = Object.keys(w.components);
  if (final) {
    // a closing update that still names a status sets it by hand: it outlives the incident
    for (const id of ids) {
      await db
        .updateTable('components')
        .set({ manual_status: w.components[id] })
        .where('id', '=', id)
        .execute();
    }
    await linkComponents(db, incident.id, ids);
  } else {
    await linkComponents(db, incident.id, ids, w.components);
  }
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
      visibility: after.visibility,
    })
    .where('id', '=', incident.id)
    .execute();
  // only what the public can see moves the public status; a draft, a drill or an audience-only
  // incident shows what it would do
  const affected =
    incident.draft || incident.drill || incident.visibility === 'audiences'
      ? await intendedChanges(db, w.components)
      : await settleComponents(db, after, ids, at);
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
      visibility: audienceOnly ? 'audiences' : 'public',
      audiences: w.audiences?.length ? JSON.stringify(w.audiences) : null,
    })
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
        ...(w.audiences?.length ? { audience_keys: w.audiences } : {}),
        ...(audienceOnly ? { public: false } : {}),
        ...(w.compensation && Object.keys(w.compensation).length
          ? { compensation: w.compensation }
          : {}),
      },
      at,
    });
  }
  // ---- outreach (issue #9 part 4): each affected key account in an outreach audience told
  // gets one account-manager task; the same targets as the notice (drafts: see publishDraft)
  if (w.deliverNotifications && !internal && !incident.draft && !incident.drill)
    await outreachForUpdate(db, {
      incidentId: incident.id,
      updateId,
      body: w.body,
      audiences: w.audiences,
      at,
    });
  // ---- end outreach
  // briefing (issue #11): each public update makes a new version of the team's briefing pack
  if (!internal && !audienceOnly) await briefingForUpdate(db, incident, at);
  return { updateId, affected, after };
}

/** Compensation lines go with a resolution, each to an account that exists. */
async function checkCompensation(db: Db, status: string, lines: Record<string, string>) {
  if (status !== 'resolved') throw invalid({ compensation: 'is for resolved updates only' });
  const ids = Object.keys(lines);
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('accounts')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) found.add(r.id);
  }
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length)
    throw invalid({ compensation: `names unknown accounts: ${unknown.slice(0, 5).join(', ')}` });
}

/** What an update would change, as affected_components, without changing anything. */
async function intendedChanges(
  db: Db,
  changes: Record<string, ComponentStatus>,
): Promise<AffectedComponent[]> {
  const ids = Object.keys(changes);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('components')
    .select(['id', 'name', 'status'])
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    code: r.id,
    name: r.name,
    old_status: r.status as ComponentStatus,
    new_status: changes[r.id],
  }));
}

/** Each audience key named must be one of the plan's. */
async function checkAudienceKeys(db: Db, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const rows = await db.selectFrom('audiences').select('key').where('key', 'in', keys).execute();
  const known = new Set(rows.map((r) => r.key));
  const fields: Record<string, string> = {};
  keys.forEach((k, i) => {
    if (!known.has(k)) fields[`audiences[${i}]`] = `"${k}" is not an audience of the plan`;
  });
  if (Object.keys(fields).length) throw invalid(fields);
}

/**
 * An audience-only update to a public incident may not change what the public sees: the
 * incident's status and its components' statuses move only with a public update.
 */
function checkAudienceOnly(w: WriteUpdate): void {
  if (w.incident.visibility === 'audiences' || w.incident.draft) return;
  const fields: Record<string, string> = {};
  if (w.status !== w.incident.status)
    fields.status = `an audience-only update cannot change the public status of the incident (${w.incident.status}); post a public update to change it`;
  if (Object.keys(w.components).length)
    fields.components =
      'an audience-only update cannot change the public status of components; post a public update to change them';
  if (Object.keys(fields).length) throw invalid(fields);
}
