/**
 * Checks a /api/v2 document against fixtures of Atlassian Statuspage's format, field by field:
 * each kind of object (page, status, component, group component, incident, incident update,
 * affected component, maintenance) has exactly the fixture's keys; each field has a JSON type
 * the fixtures show for it; enums stay within Statuspage's values; times are ISO 8601 with an
 * offset; ids are strings. The enum values are written out here from PRODUCT.md on purpose,
 * so that the check does not trust the code it checks.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Kind =
  | 'page'
  | 'status'
  | 'component'
  | 'group_component'
  | 'incident'
  | 'maintenance'
  | 'incident_update'
  | 'affected_component';

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

export const V2_ENDPOINTS = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
] as const;
export type Endpoint = (typeof V2_ENDPOINTS)[number];

const COMPONENT_STATUS = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
];
const INCIDENT_STATUS = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'];
const MAINTENANCE_STATUS = ['scheduled', 'in_progress', 'verifying', 'completed'];

const ENUMS: Partial<Record<Kind, Record<string, string[]>>> = {
  status: {
    indicator: ['none', 'minor', 'major', 'critical', 'maintenance'],
    description: [
      'All Systems Operational',
      'Minor Service Outage',
      'Partial System Outage',
      'Major System Outage',
      'Service Under Maintenance',
    ],
  },
  component: { status: COMPONENT_STATUS },
  group_component: { status: COMPONENT_STATUS },
  incident: { status: INCIDENT_STATUS, impact: ['none', 'minor', 'major', 'critical'] },
  maintenance: { status: MAINTENANCE_STATUS, impact: ['maintenance'] },
  affected_component: { old_status: COMPONENT_STATUS, new_status: COMPONENT_STATUS },
};

/** Flare's own fields, allowed (not required) beyond Statuspage's; see src/present/v2.ts. */
const FLARE_EXTRAS: Partial<Record<Kind, Record<string, JsonType[]>>> = {
  incident: { next_update_at: ['string', 'null'] },
  maintenance: { next_update_at: ['string', 'null'] },
};

/** Kinds that share field types: a group is a component, a maintenance is an incident. */
const FAMILY: Record<Kind, string> = {
  page: 'page',
  status: 'status',
  component: 'component',
  group_component: 'component',
  incident: 'incident',
  maintenance: 'incident',
  incident_update: 'incident_update',
  affected_component: 'affected_component',
};

export const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isTimeField = (key: string) =>
  key.endsWith('_at') || key === 'scheduled_for' || key === 'scheduled_until';
const isIdField = (key: string) => key === 'id' || key.endsWith('_id') || key === 'code';

function jsonType(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as JsonType;
}

type Visit = (kind: Kind, obj: Record<string, unknown>, path: string, parent?: Kind) => void;

/** Walks a document, calling `visit` for each object by kind; returns structural problems. */
function walk(doc: unknown, visit: Visit): string[] {
  const problems: string[] = [];
  const obj = (v: unknown, path: string): v is Record<string, unknown> => {
    if (v && typeof v === 'object' && !Array.isArray(v)) return true;
    problems.push(`${path}: expected an object, got ${jsonType(v)}`);
    return false;
  };
  const arr = (v: unknown, path: string): v is unknown[] => {
    if (Array.isArray(v)) return true;
    problems.push(`${path}: expected an array, got ${jsonType(v)}`);
    return false;
  };
  const component = (c: unknown, path: string) => {
    if (obj(c, path)) visit(c.group === true ? 'group_component' : 'component', c, path);
  };
  const incident = (kind: 'incident' | 'maintenance', i: unknown, path: string) => {
    if (!obj(i, path)) return;
    visit(kind, i, path);
    if (arr(i.incident_updates, `${path}.incident_updates`)) {
      i.incident_updates.forEach((u, n) => {
        const up = `${path}.incident_updates[${n}]`;
        if (!obj(u, up)) return;
        visit('incident_update', u, up, kind);
        if (Array.isArray(u.affected_components)) {
          u.affected_components.forEach((a, m) => {
            const ap = `${up}.affected_components[${m}]`;
            if (obj(a, ap)) visit('affected_component', a, ap);
          });
        }
      });
    }
    if (arr(i.components, `${path}.components`)) {
      for (const [n, c] of i.components.entries()) component(c, `${path}.components[${n}]`);
    }
  };
  if (!obj(doc, '$')) return problems;
  if ('page' in doc && obj(doc.page, '$.page')) visit('page', doc.page, '$.page');
  if ('status' in doc && obj(doc.status, '$.status')) visit('status', doc.status, '$.status');
  if ('components' in doc && arr(doc.components, '$.components')) {
    for (const [n, c] of doc.components.entries()) component(c, `$.components[${n}]`);
  }
  if ('incidents' in doc && arr(doc.incidents, '$.incidents')) {
    for (const [n, i] of doc.incidents.entries()) incident('incident', i, `$.incidents[${n}]`);
  }
  if (
    'scheduled_maintenances' in doc &&
    arr(doc.scheduled_maintenances, '$.scheduled_maintenances')
  ) {
    for (const [n, m] of doc.scheduled_maintenances.entries()) {
      incident('maintenance', m, `$.scheduled_maintenances[${n}]`);
    }
  }
  return problems;
}

export interface Shapes {
  /** each endpoint's top-level keys, in order */
  roots: Map<string, string[]>;
  /** each kind's keys */
  keys: Map<Kind, Set<string>>;
  /** family + key → JSON types seen in the fixtures */
  types: Map<string, Set<JsonType>>;
}

/** Learns the shapes from fixture documents; throws if the fixtures disagree with each other. */
export function learnShapes(fixtures: Record<string, unknown>): Shapes {
  const shapes: Shapes = { roots: new Map(), keys: new Map(), types: new Map() };
  for (const [name, doc] of Object.entries(fixtures)) {
    shapes.roots.set(name, Object.keys(doc as object));
    const problems = walk(doc, (kind, o, path) => {
      const keys = new Set(Object.keys(o));
      const known = shapes.keys.get(kind);
      if (known && [...keys].sort().join() !== [...known].sort().join()) {
        throw new Error(`fixture ${name} ${path}: keys of ${kind} differ from another fixture`);
      }
      shapes.keys.set(kind, keys);
      for (const [k, v] of Object.entries(o)) {
        const key = `${FAMILY[kind]}.${k}`;
        const set = shapes.types.get(key) ?? new Set();
        set.add(jsonType(v));
        // a time that is null in every fixture is still a time when set
        if (isTimeField(k)) set.add('string');
        shapes.types.set(key, set);
      }
    });
    if (problems.length) throw new Error(`fixture ${name}: ${problems.join('; ')}`);
  }
  return shapes;
}

/** Every problem with `doc` as the `endpoint` document; an empty list means it matches. */
export function checkDocument(endpoint: string, doc: unknown, shapes: Shapes): string[] {
  const problems: string[] = [];
  const rootKeys = shapes.roots.get(endpoint);
  if (!rootKeys) return [`no fixture for ${endpoint}`];
  if (doc && typeof doc === 'object') {
    const keys = Object.keys(doc);
    if (keys.join() !== rootKeys.join())
      problems.push(`$: top-level keys [${keys}] should be [${rootKeys}]`);
  }
  const structural = walk(doc, (kind, o, path, parent) => {
    const extras = FLARE_EXTRAS[kind] ?? {};
    const expected = shapes.keys.get(kind) ?? new Set<string>();
    for (const k of expected)
      if (!(k in o)) problems.push(`${path}: ${kind} lacks the field "${k}"`);
    for (const [k, v] of Object.entries(o)) {
      const at = `${path}.${k}`;
      if (!expected.has(k) && !(k in extras)) {
        problems.push(`${at}: ${kind} has no field "${k}" in Statuspage's format`);
        continue;
      }
      const allowed = extras[k] ?? [...(shapes.types.get(`${FAMILY[kind]}.${k}`) ?? [])];
      const t = jsonType(v);
      if (!allowed.includes(t)) problems.push(`${at}: is ${t}, expected ${allowed.join(' or ')}`);
      if (typeof v === 'string') problems.push(...checkString(kind, k, v, at, parent));
      if (k === 'components' && kind === 'group_component' && Array.isArray(v)) {
        for (const id of v) if (typeof id !== 'string') problems.push(`${at}: ids must be strings`);
      }
    }
  });
  return [...problems, ...structural.map((p) => `${endpoint} ${p}`)];
}

function checkString(kind: Kind, key: string, v: string, at: string, parent?: Kind): string[] {
  const out: string[] = [];
  let allowed = ENUMS[kind]?.[key];
  if (kind === 'incident_update' && key === 'status')
    allowed = parent === 'maintenance' ? MAINTENANCE_STATUS : INCIDENT_STATUS;
  if (allowed && !allowed.includes(v)) out.push(`${at}: "${v}" is not one of ${allowed.join('|')}`);
  if (isTimeField(key) && (!ISO_WITH_OFFSET.test(v) || Number.isNaN(Date.parse(v))))
    out.push(`${at}: "${v}" is not an ISO 8601 time with an offset`);
  if (key === 'start_date' && !DATE.test(v)) out.push(`${at}: "${v}" is not a YYYY-MM-DD date`);
  if (isIdField(key) && v.length === 0) out.push(`${at}: empty id`);
  if ((key === 'url' || key === 'shortlink') && !/^https?:\/\/[^/]/.test(v))
    out.push(`${at}: "${v}" is not an absolute http(s) URL`);
  return out;
}

const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/statuspage-v2');

/** The Statuspage fixtures, by endpoint. */
export function loadFixtures(): Record<Endpoint, unknown> {
  const out = {} as Record<Endpoint, unknown>;
  for (const e of V2_ENDPOINTS) out[e] = JSON.parse(readFileSync(join(FIXTURE_DIR, e), 'utf8'));
  return out;
}
