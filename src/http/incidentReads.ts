/** Reads shared by the incident and maintenance routes. */
import type { App } from '../app.js';
import { notFound } from '../domain/errors.js';
import type { IncidentKind } from '../domain/types.js';
import { getIncident, listIncidents } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { type AdminIncident, presentContext, presentIncident } from './present.js';

/** The incident (or maintenance) with this id, or a not_found error. */
export async function findIncident(app: App, kind: IncidentKind, id: string): Promise<Incident> {
  const i = await getIncident(app.store.db, id);
  if (!i || i.kind !== kind) throw notFound(kind, id);
  return i;
}

export async function listOf(
  app: App,
  kind: IncidentKind,
  q: { status: 'unresolved' | 'all' | 'draft'; limit: number; offset: number },
): Promise<AdminIncident[]> {
  const [list, ctx] = await Promise.all([
    listIncidents(app.store.db, {
      kind,
      unresolved: q.status === 'unresolved',
      draft: q.status === 'draft' ? true : undefined,
      limit: q.limit,
      offset: q.offset,
    }),
    presentContext(app),
  ]);
  return list.map((i) => presentIncident(i, ctx));
}
