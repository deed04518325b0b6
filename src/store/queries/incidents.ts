import type { IncidentKind } from '../../domain/types.js';
import type { Db } from '../db.js';
import { type Incident, type IncidentUpdate, toIncident, toUpdate } from './models.js';

export interface IncidentFilter {
  kind?: IncidentKind;
  ids?: string[];
  /** only incidents not in a final status */
  unresolved?: boolean;
  statuses?: string[];
  /** incidents created, or still open, since this time */
  since?: string;
  before?: string;
  limit?: number;
  offset?: number;
  /** leave out drafts, drills, audience-only incidents and audience-only updates (what the public sees) */
  publicOnly?: boolean;
  /** only drafts (true) */
  draft?: boolean;
}

/** Incidents with their updates (newest first) and component ids, in two extra queries. */
export async function listIncidents(db: Db, f: IncidentFilter = {}): Promise<Incident[]> {
  let q = db.selectFrom('incidents').selectAll();
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.publicOnly)
    q = q.where('draft', '=', 0).where('drill', '=', 0).where('visibility', '=', 'public');
  if (f.draft) q = q.where('draft', '=', 1);
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : ['']);
  if (f.unresolved) q = q.where('status', 'not in', ['resolved', 'postmortem', 'completed']);
  if (f.statuses) q = q.where('status', 'in', f.statuses.length ? f.statuses : ['']);
  if (f.since) {
    const since = f.since;
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '>=', since),
        eb('resolved_at', 'is', null),
        eb('resolved_at', '>=', since),
      ]),
    );
  }
  if (f.before) q = q.where('created_at', '<', f.before);
  q = q.orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (f.limit !== undefined) q = q.limit(f.limit).offset(f.offset ?? 0);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const updates = new Map<string, IncidentUpdate[]>();
  const comps = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    let uq = db.selectFrom('incident_updates').selectAll().where('incident_id', 'in', chunk);
    if (f.publicOnly) uq = uq.where('visibility', '=', 'public');
    const us = await uq.orderBy('display_at', 'desc').orderBy('id', 'desc').execute();
    for (const u of us) {
      const list = updates.get(u.incident_id) ?? [];
      list.push(toUpdate(u));
      updates.set(u.incident_id, list);
    }
    const cs = await db
      .selectFrom('incident_components')
      .selectAll()
      .where('incident_id', 'in', chunk)
      .execute();
    for (const c of cs) {
      const list = comps.get(c.incident_id) ?? [];
      list.push(c.component_id);
      comps.set(c.incident_id, list);
    }
  }
  return rows.map((r) => toIncident(r, updates.get(r.id) ?? [], comps.get(r.id) ?? []));
}

export async function getIncident(db: Db, id: string): Promise<Incident | undefined> {
  const [found] = await listIncidents(db, { ids: [id] });
  return found;
}

export async function countIncidents(db: Db, kind: IncidentKind): Promise<number> {
  const r = await db
    .selectFrom('incidents')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
