/** Everything the public site shows, read in one go so that renders never touch the database. */
import type { StatusChange } from '../../domain/uptime.js';
import type { Db } from '../db.js';
import { listComponents, statusHistorySince } from './components.js';
import { listIncidents } from './incidents.js';
import type { Component, Incident, Page } from './models.js';
import { getPage } from './page.js';

export const UPTIME_DAYS = 90;

export interface Snapshot {
  page: Page;
  components: Component[];
  /** kind = incident, newest first */
  incidents: Incident[];
  /** kind = maintenance, newest first */
  maintenances: Incident[];
  /** status changes per component for the uptime window (plus the one in force at its start) */
  history: Map<string, StatusChange[]>;
  /** when the snapshot was read: renders use it as "now" */
  now: Date;
  /** set when the pages are served somewhere else than `/`: a private audience page */
  view?: SnapshotView;
}

export interface SnapshotView {
  /** the path every link of the pages starts with, e.g. "/a/key_accounts" */
  base: string;
  audience: { key: string; name: string };
  /** a reader is signed in: the pages offer to sign out */
  signedIn?: boolean;
}

/**
 * What the public sees; with `audiences`, the audience-only incidents and updates too (still
 * without drafts and drills), for a private audience page to filter (store/queries/audiencePage.ts).
 */
export async function loadSnapshot(
  db: Db,
  now: Date,
  defaultPage: Page,
  opts: { audiences?: boolean } = {},
): Promise<Snapshot> {
  const since = new Date(now.getTime() - (UPTIME_DAYS + 1) * 86400000).toISOString();
  const [page, components, all, rows] = await Promise.all([
    getPage(db),
    listComponents(db),
    opts.audiences
      ? listIncidents(db).then((xs) => xs.filter((i) => !i.draft && !i.drill))
      : listIncidents(db, { publicOnly: true }),
    statusHistorySince(db, since),
  ]);
  const history = new Map<string, StatusChange[]>();
  for (const r of rows) {
    const list = history.get(r.component_id) ?? [];
    list.push({ status: r.status as StatusChange['status'], at: r.at });
    history.set(r.component_id, list);
  }
  return {
    page: page ?? defaultPage,
    components,
    incidents: all.filter((i) => i.kind === 'incident'),
    maintenances: all.filter((i) => i.kind === 'maintenance'),
    history,
    now,
  };
}
