/** Status derivation: component status → incident impact → page indicator, as Statuspage does it. */
import type { AnyIncidentStatus, ComponentStatus, Impact, Indicator } from './types.js';

const COMPONENT_SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 1,
  partial_outage: 2,
  major_outage: 3,
};

const IMPACT_RANK: Record<Impact, number> = { none: 0, minor: 1, major: 2, critical: 3 };
const IMPACT_BY_RANK: Impact[] = ['none', 'minor', 'major', 'critical'];

export function componentImpact(status: ComponentStatus): Impact {
  return IMPACT_BY_RANK[COMPONENT_SEVERITY[status]];
}

export function worstComponentStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const s of statuses) {
    if (COMPONENT_SEVERITY[s] > COMPONENT_SEVERITY[worst]) worst = s;
    else if (worst === 'operational' && s === 'under_maintenance') worst = s;
  }
  return worst;
}

export function maxImpact(impacts: Iterable<Impact>): Impact {
  let rank = 0;
  for (const i of impacts) rank = Math.max(rank, IMPACT_RANK[i]);
  return IMPACT_BY_RANK[rank];
}

/** An incident's impact, derived from the statuses its update set on components. */
export function deriveImpact(statuses: Iterable<ComponentStatus>): Impact {
  return maxImpact([...statuses].map(componentImpact));
}

export const INDICATOR_DESCRIPTION: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
  maintenance: 'Service Under Maintenance',
};

export interface IndicatorInput {
  componentStatuses: ComponentStatus[];
  unresolvedIncidentImpacts: Impact[];
  maintenanceInProgress: boolean;
}

/** The page's overall indicator: the worst of its components and unresolved incidents; else maintenance. */
export function pageIndicator(input: IndicatorInput): {
  indicator: Indicator;
  description: string;
} {
  const impact = maxImpact([
    ...input.componentStatuses.map(componentImpact),
    ...input.unresolvedIncidentImpacts,
  ]);
  let indicator: Indicator = impact;
  if (
    indicator === 'none' &&
    (input.maintenanceInProgress || input.componentStatuses.includes('under_maintenance'))
  ) {
    indicator = 'maintenance';
  }
  return { indicator, description: INDICATOR_DESCRIPTION[indicator] };
}

export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const INCIDENT_STATUS_LABEL: Record<AnyIncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export const IMPACT_LABEL: Record<Impact | 'maintenance', string> = {
  none: 'No impact',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
  maintenance: 'Maintenance',
};

/** "Acme Status"; a name that already ends in "Status" (or no name, the default) is not doubled. */
export function statusName(name: string): string {
  const n = name.trim();
  if (!n) return 'Status';
  return /\bstatus$/i.test(n) ? n : `${n} Status`;
}
