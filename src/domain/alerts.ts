/**
 * Alert intake rules (issue #13 part 1), pure: what an alert from a monitor looks like once its
 * vendor's payload is read, which group it belongs to, and what the integration's mapping
 * proposes for it (components and their status, the plan severity, the template).
 */
import { worstComponentStatus } from './status.js';
import type { ComponentStatus } from './types.js';

export const ALERT_KINDS = [
  'alertmanager',
  'grafana',
  'datadog',
  'pagerduty',
  'opsgenie',
  'generic',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertStatus = 'firing' | 'resolved';

/** One alert as read from a vendor's payload. */
export interface IncomingAlert {
  /** the alert's own identity (fingerprint, alias, incident id…): its repeats update it */
  fingerprint: string;
  /** the vendor's group (Alertmanager's groupKey…), else the fingerprint */
  group: string;
  status: AlertStatus;
  title: string;
  /** the vendor's severity or priority (critical, warning, P1…), as sent */
  severity?: string;
  /** labels, tags (`key:value` → key=value; a bare tag → tag=true) and the service name */
  labels: Record<string, string>;
  /** components named by id in the payload itself (the generic form) */
  components?: Record<string, ComponentStatus>;
}

export interface MappingRule {
  /** every label named must have this value (or one of these values) */
  match: Record<string, string | string[]>;
  components: string[];
  status?: ComponentStatus;
}

/** An integration's mapping rules (validated by actions/alertInputs.ts). */
export interface AlertMapping {
  /** the label whose value `components` is looked up by (default `service`) */
  label?: string;
  /** label value → component id */
  components?: Record<string, string>;
  /** the component status to propose (default partial_outage) */
  status?: ComponentStatus;
  rules?: MappingRule[];
  /** a plan severity key for every alert, or alert severity → plan severity key */
  severity?: string | Record<string, string>;
  /** the template the draft is written from (default investigating) */
  template?: string;
  /** group alerts by these labels' values instead of the vendor's group */
  group_by?: string[];
  /** `all`: every alert of the integration is one group */
  group?: 'all';
  /** publish at once instead of opening a draft (default false: never public until published) */
  publish?: boolean;
}

export const DEFAULT_PROPOSED_STATUS: ComponentStatus = 'partial_outage';
export const DEFAULT_ALERT_TEMPLATE = 'investigating';
/** The plan's default flap window, minutes (plan setting alert_flap_minutes). */
export const DEFAULT_FLAP_MINUTES = 5;

/** The group an alert belongs to under a mapping. */
export function groupKeyOf(alert: IncomingAlert, m: AlertMapping): string {
  if (m.group === 'all') return 'all';
  if (m.group_by?.length) return m.group_by.map((k) => `${k}=${alert.labels[k] ?? ''}`).join(',');
  return alert.group;
}

function matches(labels: Record<string, string>, match: MappingRule['match']): boolean {
  return Object.entries(match).every(([k, want]) => {
    const have = labels[k];
    if (have === undefined) return false;
    return Array.isArray(want) ? want.includes(have) : want === have;
  });
}

/** The components the firing alerts point at, each with the worst status proposed for it. */
export function proposedComponents(
  alerts: IncomingAlert[],
  m: AlertMapping,
): Record<string, ComponentStatus> {
  const found = new Map<string, ComponentStatus[]>();
  const add = (id: string, s: ComponentStatus) => found.set(id, [...(found.get(id) ?? []), s]);
  const status = m.status ?? DEFAULT_PROPOSED_STATUS;
  for (const a of alerts) {
    if (a.status !== 'firing') continue;
    for (const [id, s] of Object.entries(a.components ?? {})) add(id, s);
    const value = a.labels[m.label ?? 'service'];
    const mapped = value === undefined ? undefined : m.components?.[value];
    if (mapped) add(mapped, status);
    for (const r of m.rules ?? [])
      if (matches(a.labels, r.match)) for (const id of r.components) add(id, r.status ?? status);
  }
  return Object.fromEntries([...found].map(([id, ss]) => [id, worstComponentStatus(ss)]));
}

/** The plan severity the mapping gives the alerts (the first that maps), else undefined. */
export function mappedSeverity(alerts: IncomingAlert[], m: AlertMapping): string | undefined {
  if (typeof m.severity === 'string') return m.severity;
  if (!m.severity) return undefined;
  const table = Object.fromEntries(
    Object.entries(m.severity).map(([k, v]) => [k.toLowerCase(), v]),
  );
  for (const a of alerts) {
    const hit = a.severity === undefined ? undefined : table[a.severity.toLowerCase()];
    if (hit) return hit;
  }
  return table['*'];
}

/** The flap window from the plan's settings (whole minutes, 0 turns holding off). */
export function flapMinutes(settings: Readonly<Record<string, string | null | undefined>>) {
  const raw = settings.alert_flap_minutes;
  const n = Number(raw);
  return raw != null && raw !== '' && Number.isInteger(n) && n >= 0 ? n : DEFAULT_FLAP_MINUTES;
}

/** Labels from `key:value` tags (a bare tag becomes tag=true), over the given labels. */
export function tagLabels(tags: unknown, into: Record<string, string> = {}) {
  const list = Array.isArray(tags) ? tags : typeof tags === 'string' ? tags.split(',') : [];
  for (const t of list) {
    if (typeof t !== 'string' || !t.trim()) continue;
    const i = t.indexOf(':');
    if (i > 0) into[t.slice(0, i).trim()] = t.slice(i + 1).trim();
    else into[t.trim()] = 'true';
  }
  return into;
}
