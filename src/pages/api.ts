/**
 * The public Statuspage-compatible JSON: the eight `/api/v2/` documents. Every document starts
 * with `page`. Incidents are newest first; maintenance lists run soonest window first, except
 * the full list (`scheduled-maintenances.json`), which is newest window first like incidents.
 */
import {
  isActive,
  isUnresolved,
  isUpcoming,
  orderComponents,
  type V2Context,
  v2Component,
  v2Context,
  v2Incident,
  v2Maintenance,
  v2Page,
  v2Status,
} from '../present/v2.js';
import type { Incident } from '../store/queries/models.js';
import type { Snapshot } from '../store/queries/snapshot.js';
import { registerSection, type SiteFile } from './site.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** How many incidents or maintenances the list endpoints return, as Statuspage does. */
export const LIST_LIMIT = 50;

const contextOf = (s: Snapshot): V2Context => v2Context(s.page, s.components);

const windowStart = (m: Incident) => m.scheduled_for ?? m.started_at;
const soonestFirst = (a: Incident, b: Incident) => windowStart(a).localeCompare(windowStart(b));

function components(s: Snapshot, ctx: V2Context) {
  return orderComponents(s.components).map((c) => v2Component(c, ctx));
}

function incidents(s: Snapshot, ctx: V2Context, keep: (i: Incident) => boolean, limit?: number) {
  return s.incidents
    .filter(keep)
    .slice(0, limit)
    .map((i) => v2Incident(i, ctx));
}

function maintenances(
  s: Snapshot,
  ctx: V2Context,
  keep: (m: Incident) => boolean,
  order: 'soonest' | 'newest',
  limit?: number,
) {
  const list = s.maintenances.filter(keep).sort(soonestFirst);
  if (order === 'newest') list.reverse();
  return list.slice(0, limit).map((m) => v2Maintenance(m, ctx));
}

const all = () => true;

/** The documents by path, each built from the snapshot when first asked for. */
export const V2_DOCUMENTS: Record<string, (s: Snapshot) => object> = {
  '/api/v2/summary.json': (s) => {
    const ctx = contextOf(s);
    return {
      page: v2Page(s),
      components: components(s, ctx),
      incidents: incidents(s, ctx, isUnresolved),
      scheduled_maintenances: maintenances(s, ctx, (m) => isActive(m) || isUpcoming(m), 'soonest'),
      status: v2Status(s),
    };
  },
  '/api/v2/status.json': (s) => ({ page: v2Page(s), status: v2Status(s) }),
  '/api/v2/components.json': (s) => ({ page: v2Page(s), components: components(s, contextOf(s)) }),
  '/api/v2/incidents.json': (s) => ({
    page: v2Page(s),
    incidents: incidents(s, contextOf(s), all, LIST_LIMIT),
  }),
  '/api/v2/incidents/unresolved.json': (s) => ({
    page: v2Page(s),
    incidents: incidents(s, contextOf(s), isUnresolved),
  }),
  '/api/v2/scheduled-maintenances.json': (s) => ({
    page: v2Page(s),
    scheduled_maintenances: maintenances(s, contextOf(s), all, 'newest', LIST_LIMIT),
  }),
  '/api/v2/scheduled-maintenances/upcoming.json': (s) => ({
    page: v2Page(s),
    scheduled_maintenances: maintenances(s, contextOf(s), isUpcoming, 'soonest'),
  }),
  '/api/v2/scheduled-maintenances/active.json': (s) => ({
    page: v2Page(s),
    scheduled_maintenances: maintenances(s, contextOf(s), isActive, 'soonest'),
  }),
};

registerSection(() =>
  Object.entries(V2_DOCUMENTS).map(
    ([path, build]): SiteFile => ({
      path,
      type: JSON_TYPE,
      render: (s) => JSON.stringify(build(s)),
    }),
  ),
);
