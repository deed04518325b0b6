/** Rows as the rest of the code sees them: booleans as booleans, JSON parsed, enums typed. */

import type { Selectable } from 'kysely';
import type {
  AffectedComponent,
  AnyIncidentStatus,
  ComponentStatus,
  Impact,
  IncidentKind,
  TokenScope,
} from '../../domain/types.js';
import type { ComponentTable, IncidentRow, IncidentUpdateTable, PageTable } from '../schema.js';

export type Page = PageTable;

export interface Component {
  id: string;
  name: string;
  description: string | null;
  status: ComponentStatus;
  position: number;
  group_id: string | null;
  group: boolean;
  showcase: boolean;
  only_show_if_degraded: boolean;
  start_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface IncidentUpdate {
  id: string;
  incident_id: string;
  status: AnyIncidentStatus;
  body: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: AffectedComponent[] | null;
  deliver_notifications: boolean;
  next_update_at: string | null;
  /** public, or audiences: told only to the audiences named, never on a public surface */
  visibility: 'public' | 'audiences';
  /** the audience keys this update was sent to (empty: the public subscribers only) */
  audiences: string[];
}

export interface Incident {
  id: string;
  kind: IncidentKind;
  name: string;
  status: AnyIncidentStatus;
  impact: Impact;
  impact_override: boolean;
  created_at: string;
  updated_at: string;
  started_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  scheduled_for: string | null;
  scheduled_until: string | null;
  auto_transition: boolean;
  next_update_at: string | null;
  postmortem_body: string | null;
  postmortem_published_at: string | null;
  severity: string | null;
  draft: boolean;
  drill: boolean;
  /** audiences while every update so far went to audiences only */
  visibility: 'public' | 'audiences';
  /** newest first, like Statuspage */
  updates: IncidentUpdate[];
  component_ids: string[];
}

export interface Token {
  id: string;
  name: string;
  scope: TokenScope;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function toComponent(r: ComponentTable): Component {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    status: r.status as ComponentStatus,
    position: Number(r.position),
    group_id: r.group_id,
    group: Boolean(r.is_group),
    showcase: Boolean(r.showcase),
    only_show_if_degraded: Boolean(r.only_show_if_degraded),
    start_date: r.start_date,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function toUpdate(r: Selectable<IncidentUpdateTable>): IncidentUpdate {
  return {
    ...r,
    status: r.status as AnyIncidentStatus,
    visibility: r.visibility === 'audiences' ? 'audiences' : 'public',
    audiences: r.audiences ? (JSON.parse(r.audiences) as string[]) : [],
    affected_components: r.affected_components ? JSON.parse(r.affected_components) : null,
    deliver_notifications: Boolean(r.deliver_notifications),
  };
}

export function toIncident(
  r: IncidentRow,
  updates: IncidentUpdate[],
  componentIds: string[],
): Incident {
  return {
    ...r,
    kind: r.kind as IncidentKind,
    status: r.status as AnyIncidentStatus,
    impact: r.impact as Impact,
    impact_override: Boolean(r.impact_override),
    auto_transition: Boolean(r.auto_transition),
    draft: Boolean(r.draft),
    drill: Boolean(r.drill),
    visibility: r.visibility === 'audiences' ? 'audiences' : 'public',
    updates,
    component_ids: componentIds,
  };
}
