/**
 * Atlassian Statuspage v2 shapes (the public `/api/v2/*.json` documents), built from a snapshot.
 * Pure functions: no I/O. Field names, order, types and enum values follow Statuspage so that
 * aggregators, widgets and client libraries read Flare unchanged. Times are ISO 8601 UTC ("…Z").
 *
 * Flare's own extras, which Statuspage clients ignore: `next_update_at` (the promised time of
 * the next update) on incidents and maintenances, and `postmortem_body` /
 * `postmortem_published_at` (the body only once the postmortem is published).
 */
import { isActiveMaintenance } from '../domain/lifecycle.js';
import { pageIndicator, worstComponentStatus } from '../domain/status.js';
import type {
  AffectedComponent,
  AnyIncidentStatus,
  ComponentStatus,
  Impact,
  Indicator,
} from '../domain/types.js';
import type { Component, Incident, IncidentUpdate, Page } from '../store/queries/models.js';
import type { Snapshot } from '../store/queries/snapshot.js';

export interface V2Page {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface V2Status {
  indicator: Indicator;
  description: string;
}

export interface V2Component {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** only on groups: the ids of their components */
  components?: string[];
}

export interface V2IncidentUpdate {
  id: string;
  status: AnyIncidentStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: AffectedComponent[] | null;
  deliver_notifications: boolean;
}

export interface V2Incident {
  id: string;
  name: string;
  status: AnyIncidentStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: Impact | 'maintenance';
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: V2IncidentUpdate[];
  components: V2Component[];
  postmortem_body: string | null;
  postmortem_published_at: string | null;
  next_update_at: string | null;
}

export interface V2Maintenance extends V2Incident {
  scheduled_for: string | null;
  scheduled_until: string | null;
  scheduled_remind_prior: boolean;
  scheduled_reminded_at: string | null;
  scheduled_auto_in_progress: boolean;
  scheduled_auto_completed: boolean;
}

/** What every shape needs: the page and the components by id, with each group's children. */
export interface V2Context {
  page: Page;
  components: Map<string, Component>;
  children: Map<string, Component[]>;
}

export function v2Context(page: Page, components: Component[]): V2Context {
  const children = new Map<string, Component[]>();
  for (const c of orderComponents(components)) {
    if (!c.group_id) continue;
    const list = children.get(c.group_id) ?? [];
    list.push(c);
    children.set(c.group_id, list);
  }
  return { page, components: new Map(components.map((c) => [c.id, c])), children };
}

/** Statuspage's flat list: top-level components and groups by position, each group followed by its children. */
export function orderComponents(components: Component[]): Component[] {
  const byPos = (a: Component, b: Component) =>
    a.position - b.position || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
  const ids = new Set(components.map((c) => c.id));
  const top = components.filter((c) => !c.group_id || !ids.has(c.group_id)).sort(byPos);
  const out: Component[] = [];
  for (const c of top) {
    out.push(c);
    if (c.group) out.push(...components.filter((k) => k.group_id === c.id).sort(byPos));
  }
  return out;
}

export function pageUrl(page: Page): string {
  return page.url.replace(/\/+$/, '');
}

export function incidentUrl(page: Page, id: string): string {
  return `${pageUrl(page)}/incidents/${encodeURIComponent(id)}`;
}

/** The page object; `updated_at` is the latest change to the page or anything on it. */
export function v2Page(s: Snapshot): V2Page {
  let updated = s.page.updated_at;
  for (const list of [s.components, s.incidents, s.maintenances]) {
    for (const x of list) if (x.updated_at > updated) updated = x.updated_at;
  }
  const { id, name, time_zone } = s.page;
  return { id, name, url: pageUrl(s.page), time_zone, updated_at: updated };
}

export function isUnresolved(i: Incident): boolean {
  return i.status === 'investigating' || i.status === 'identified' || i.status === 'monitoring';
}

export function isUpcoming(m: Incident): boolean {
  return m.status === 'scheduled';
}

export function isActive(m: Incident): boolean {
  return isActiveMaintenance(m.status);
}

export function v2Status(s: Snapshot): V2Status {
  return pageIndicator({
    componentStatuses: s.components.filter((c) => !c.group).map((c) => c.status),
    unresolvedIncidentImpacts: s.incidents.filter(isUnresolved).map((i) => i.impact),
    maintenanceInProgress: s.maintenances.some(isActive),
  });
}

/** A group shows the worst status of its components, as on Statuspage, and their latest change. */
export function v2Component(c: Component, ctx: V2Context): V2Component {
  const kids = c.group ? (ctx.children.get(c.id) ?? []) : [];
  let updated = c.updated_at;
  for (const k of kids) if (k.updated_at > updated) updated = k.updated_at;
  const out: V2Component = {
    id: c.id,
    name: c.name,
    status: c.group ? worstComponentStatus(kids.map((k) => k.status)) : c.status,
    created_at: c.created_at,
    updated_at: updated,
    position: c.position,
    description: c.description,
    showcase: c.showcase,
    start_date: c.start_date,
    group_id: c.group_id,
    page_id: ctx.page.id,
    group: c.group,
    only_show_if_degraded: c.only_show_if_degraded,
  };
  if (c.group) out.components = kids.map((k) => k.id);
  return out;
}

export function v2Update(u: IncidentUpdate): V2IncidentUpdate {
  return {
    id: u.id,
    status: u.status,
    body: u.body,
    incident_id: u.incident_id,
    created_at: u.created_at,
    updated_at: u.updated_at,
    display_at: u.display_at,
    affected_components: u.affected_components?.length ? u.affected_components : null,
    deliver_notifications: u.deliver_notifications,
  };
}

export function v2Incident(i: Incident, ctx: V2Context): V2Incident {
  const components = orderComponents(
    i.component_ids.flatMap((id) => {
      const c = ctx.components.get(id);
      return c ? [c] : [];
    }),
  );
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    created_at: i.created_at,
    updated_at: i.updated_at,
    monitoring_at: i.monitoring_at,
    resolved_at: i.resolved_at,
    impact: i.kind === 'maintenance' ? 'maintenance' : i.impact,
    shortlink: incidentUrl(ctx.page, i.id),
    started_at: i.started_at,
    page_id: ctx.page.id,
    incident_updates: i.updates.map(v2Update),
    components: components.map((c) => v2Component(c, ctx)),
    postmortem_body: i.postmortem_published_at ? i.postmortem_body : null,
    postmortem_published_at: i.postmortem_published_at,
    next_update_at: i.next_update_at,
  };
}

export function v2Maintenance(m: Incident, ctx: V2Context): V2Maintenance {
  return {
    ...v2Incident(m, ctx),
    scheduled_for: m.scheduled_for,
    scheduled_until: m.scheduled_until,
    // Flare does not send a reminder before a window, so there is nothing to remind of
    scheduled_remind_prior: false,
    scheduled_reminded_at: null,
    scheduled_auto_in_progress: m.auto_transition,
    scheduled_auto_completed: m.auto_transition,
  };
}

/**
 * The incident object of a Statuspage webhook: the v2 shape plus the fields Statuspage's
 * webhook (its manage-API incident) documents beyond it. Flare neither backfills incidents, nor
 * reminds before a window, nor tweets, nor notifies of a postmortem, so those stay false/null.
 */
export function webhookIncident(i: Incident, ctx: V2Context): Record<string, unknown> {
  const maintenance = i.kind === 'maintenance';
  return {
    ...(maintenance ? v2Maintenance(i, ctx) : v2Incident(i, ctx)),
    backfilled: false,
    impact_override: i.impact_override && !maintenance ? i.impact : null,
    scheduled_for: i.scheduled_for,
    scheduled_until: i.scheduled_until,
    scheduled_remind_prior: false,
    scheduled_reminded_at: null,
    scheduled_auto_in_progress: maintenance && i.auto_transition,
    scheduled_auto_completed: maintenance && i.auto_transition,
    postmortem_body_last_updated_at: i.postmortem_published_at ? i.updated_at : null,
    postmortem_ignored: false,
    postmortem_notified_subscribers: false,
    postmortem_notified_twitter: false,
  };
}
