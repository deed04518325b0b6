/**
 * Reading a Statuspage page's public /api/v2 documents for an import (issue #13 part 2): the
 * components with their groups, incidents and scheduled maintenances with every update, checked
 * field by field so a page that answers something else is named, not half-imported. Pure.
 */
import { invalid } from './errors.js';
import {
  type AnyIncidentStatus,
  COMPONENT_STATUSES,
  type ComponentStatus,
  IMPACTS,
  type Impact,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
} from './types.js';

export interface SpComponent {
  id: string;
  name: string;
  description: string | null;
  status: ComponentStatus;
  position: number;
  group: boolean;
  group_id: string | null;
}

export interface SpAffected {
  code: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface SpUpdate {
  id: string;
  status: AnyIncidentStatus;
  body: string;
  created_at: string;
  display_at: string;
  affected: SpAffected[];
}

export interface SpIncident {
  id: string;
  kind: 'incident' | 'maintenance';
  name: string;
  status: AnyIncidentStatus;
  impact: Impact;
  created_at: string;
  updated_at: string;
  started_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  scheduled_for: string | null;
  scheduled_until: string | null;
  component_ids: string[];
  /** oldest first */
  updates: SpUpdate[];
}

/** What an import reads from the page. */
export interface StatuspageDocs {
  /** the page's id (summary.json page.id), so two pages never share a mapping */
  pageId: string;
  components: SpComponent[];
  incidents: SpIncident[];
  maintenances: SpIncident[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Obj, k: string, where: string, optional = false): string | null {
  const v = o[k];
  if (typeof v === 'string' && v.length) return v;
  if (optional && (v === null || v === undefined || v === '')) return null;
  throw invalid({ [`${where}.${k}`]: 'must be a non-empty string' });
}

function time(o: Obj, k: string, where: string, optional = false): string | null {
  const v = str(o, k, where, optional);
  if (v === null) return null;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw invalid({ [`${where}.${k}`]: 'must be a date and time' });
  return new Date(t).toISOString();
}

function oneOf<T extends string>(o: Obj, k: string, where: string, allowed: readonly T[]): T {
  const v = o[k];
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  throw invalid({ [`${where}.${k}`]: `must be one of ${allowed.join(', ')}` });
}

function list(doc: unknown, key: string): Obj[] {
  const arr = isObj(doc) ? doc[key] : undefined;
  if (!Array.isArray(arr))
    throw invalid({ [key]: 'must be a list (is this a Statuspage /api/v2 page?)' });
  return arr.map((x, i) => {
    if (!isObj(x)) throw invalid({ [`${key}[${i}]`]: 'must be an object' });
    return x;
  });
}

/** /api/v2/components.json */
export function readComponents(doc: unknown): SpComponent[] {
  return list(doc, 'components').map((c, i) => {
    const where = `components[${i}]`;
    return {
      id: str(c, 'id', where)!,
      name: str(c, 'name', where)!,
      description: typeof c.description === 'string' && c.description ? c.description : null,
      status: oneOf(c, 'status', where, COMPONENT_STATUSES),
      position: Number.isFinite(Number(c.position)) ? Number(c.position) : i,
      group: c.group === true,
      group_id: typeof c.group_id === 'string' && c.group_id ? c.group_id : null,
    };
  });
}

/** /api/v2/incidents.json (`incidents`) or /api/v2/scheduled-maintenances.json (`scheduled_maintenances`) */
export function readIncidents(doc: unknown, kind: 'incident' | 'maintenance'): SpIncident[] {
  const key = kind === 'incident' ? 'incidents' : 'scheduled_maintenances';
  const statuses = kind === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
  return list(doc, key).map((x, i) => {
    const where = `${key}[${i}]`;
    const raw = Array.isArray(x.incident_updates) ? x.incident_updates : [];
    const updates = raw
      .map((u, j): SpUpdate => {
        const w = `${where}.incident_updates[${j}]`;
        if (!isObj(u)) throw invalid({ [w]: 'must be an object' });
        const created = time(u, 'created_at', w)!;
        const affected = Array.isArray(u.affected_components) ? u.affected_components : [];
        return {
          id: str(u, 'id', w)!,
          status: oneOf(u, 'status', w, statuses as readonly AnyIncidentStatus[]),
          body: typeof u.body === 'string' ? u.body : '',
          created_at: created,
          display_at: time(u, 'display_at', w, true) ?? created,
          affected: affected.filter(isObj).flatMap((a) =>
            typeof a.code === 'string' &&
            (COMPONENT_STATUSES as readonly string[]).includes(String(a.new_status))
              ? [
                  {
                    code: a.code,
                    old_status: ((COMPONENT_STATUSES as readonly string[]).includes(
                      String(a.old_status),
                    )
                      ? a.old_status
                      : 'operational') as ComponentStatus,
                    new_status: a.new_status as ComponentStatus,
                  },
                ]
              : [],
          ),
        };
      })
      .sort(
        (a, b) =>
          a.display_at.localeCompare(b.display_at) || a.created_at.localeCompare(b.created_at),
      );
    const created = time(x, 'created_at', where)!;
    const impact = x.impact === 'maintenance' ? 'none' : oneOf(x, 'impact', where, IMPACTS);
    const components = Array.isArray(x.components) ? x.components.filter(isObj) : [];
    return {
      id: str(x, 'id', where)!,
      kind,
      name: str(x, 'name', where)!,
      status: oneOf(x, 'status', where, statuses as readonly AnyIncidentStatus[]),
      impact,
      created_at: created,
      updated_at: time(x, 'updated_at', where, true) ?? created,
      started_at: time(x, 'started_at', where, true) ?? created,
      monitoring_at: time(x, 'monitoring_at', where, true),
      resolved_at: time(x, 'resolved_at', where, true),
      scheduled_for: time(x, 'scheduled_for', where, true),
      scheduled_until: time(x, 'scheduled_until', where, true),
      component_ids: components.flatMap((c) => (typeof c.id === 'string' ? [c.id] : [])),
      updates,
    };
  });
}

/** What an object was when imported: a rerun with the same fingerprint changes nothing. */
export function fingerprint(x: unknown): string {
  return JSON.stringify(x);
}

/** ISO country → calling code, for Statuspage's "phone number" + "phone country" columns. */
const CALLING_CODES: Record<string, string> = {
  US: '1',
  CA: '1',
  GB: '44',
  IE: '353',
  FR: '33',
  DE: '49',
  NL: '31',
  BE: '32',
  LU: '352',
  ES: '34',
  PT: '351',
  IT: '39',
  CH: '41',
  AT: '43',
  SE: '46',
  NO: '47',
  DK: '45',
  FI: '358',
  PL: '48',
  CZ: '420',
  IL: '972',
  IN: '91',
  JP: '81',
  KR: '82',
  CN: '86',
  HK: '852',
  SG: '65',
  AU: '61',
  NZ: '64',
  BR: '55',
  MX: '52',
  AR: '54',
  ZA: '27',
  AE: '971',
};

/**
 * One row of Statuspage's subscriber export, by its header names (any case), as the fields of
 * Flare's own subscriber import: channel, address, components (names or ids, `;`-separated).
 */
export function subscriberFields(row: Record<string, string>): {
  fields: Record<string, string>;
  problem?: Record<string, string>;
} {
  const get = (...names: string[]) => {
    for (const [k, v] of Object.entries(row))
      if (names.includes(k.trim().toLowerCase()) && v.trim()) return v.trim();
    return '';
  };
  const type = get('type', 'mode', 'subscription type', 'subscriber type').toLowerCase();
  const components = get('components', 'component', 'subscribed components')
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .join(';');
  const base: Record<string, string> = components ? { components } : {};
  const email = get('email', 'email address', 'address');
  if (type === 'email' || (!type && email))
    return email
      ? { fields: { channel: 'email', email, ...base } }
      : { fields: {}, problem: { email: 'is required for an email subscriber' } };
  if (type === 'sms') {
    let phone = get('phone number', 'phone', 'number').replace(/[\s().-]/g, '');
    const country = get('phone country', 'country', 'country code').toUpperCase();
    if (phone && !phone.startsWith('+')) {
      const code = CALLING_CODES[country];
      if (!code)
        return {
          fields: {},
          problem: {
            phone_country: `is not a country Flare knows (${country || 'none given'}); give the number with its +code`,
          },
        };
      phone = `+${code}${phone.replace(/^0+/, '')}`;
    }
    return phone
      ? { fields: { channel: 'sms', phone, ...base } }
      : { fields: {}, problem: { phone_number: 'is required for an SMS subscriber' } };
  }
  if (type === 'webhook') {
    const url = get('endpoint', 'webhook url', 'url');
    return url
      ? {
          fields: {
            channel: 'webhook',
            url,
            ...(email ? { contact_email: email } : ({} as Record<string, string>)),
            ...base,
          },
        }
      : { fields: {}, problem: { endpoint: 'is required for a webhook subscriber' } };
  }
  return {
    fields: {},
    problem: {
      type: `must be email, sms or webhook (got ${JSON.stringify(type)}); Slack subscribers cannot be exported`,
    },
  };
}
