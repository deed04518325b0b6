import { describe, expect, it } from 'vitest';
import { V2_DOCUMENTS } from '../../src/pages/api.js';
import {
  orderComponents,
  v2Component,
  v2Context,
  v2Incident,
  v2Maintenance,
  v2Page,
  v2Status,
} from '../../src/present/v2.js';
import type { Component, Incident, Page } from '../../src/store/queries/models.js';
import type { Snapshot } from '../../src/store/queries/snapshot.js';
import { checkDocument, learnShapes, loadFixtures, V2_ENDPOINTS } from '../helpers/shape.js';

const T0 = '2026-11-20T12:00:00.000Z';

const page: Page = {
  id: 'pg1',
  name: 'Acme',
  url: 'https://status.acme.example/',
  time_zone: 'Europe/London',
  description: '',
  support_url: null,
  support_email: null,
  logo_url: null,
  brand_color: '#1f6feb',
  languages: 'en',
  created_at: T0,
  updated_at: T0,
};

function comp(id: string, over: Partial<Component> = {}): Component {
  return {
    id,
    name: id.toUpperCase(),
    description: null,
    status: 'operational',
    position: 1,
    group_id: null,
    group: false,
    showcase: true,
    only_show_if_degraded: false,
    start_date: null,
    created_at: T0,
    updated_at: T0,
    ...over,
  };
}

function incident(id: string, over: Partial<Incident> = {}): Incident {
  return {
    id,
    kind: 'incident',
    name: `Incident ${id}`,
    status: 'investigating',
    impact: 'minor',
    impact_override: false,
    created_at: T0,
    updated_at: T0,
    started_at: T0,
    monitoring_at: null,
    resolved_at: null,
    scheduled_for: null,
    scheduled_until: null,
    auto_transition: false,
    next_update_at: null,
    postmortem_body: null,
    postmortem_published_at: null,
    severity: null,
    draft: false,
    drill: false,
    visibility: 'public',
    updates: [],
    component_ids: [],
    ...over,
  };
}

function snap(over: Partial<Snapshot> = {}): Snapshot {
  return {
    page,
    components: [],
    incidents: [],
    maintenances: [],
    history: new Map(),
    now: new Date(T0),
    ...over,
  };
}

describe('v2 presenter', () => {
  it('orders components flat by position, each group followed by its children', () => {
    const list = [
      comp('db', { position: 5 }),
      comp('api', { position: 3, group_id: 'core' }),
      comp('web', { position: 2, group_id: 'core' }),
      comp('core', { position: 4, group: true }),
      comp('cdn', { position: 1 }),
    ];
    expect(orderComponents(list).map((c) => c.id)).toEqual(['cdn', 'core', 'web', 'api', 'db']);
  });

  it('gives a group its children ids, their worst status and their latest change', () => {
    const list = [
      comp('core', { group: true }),
      comp('api', {
        group_id: 'core',
        status: 'partial_outage',
        updated_at: '2026-11-21T00:00:00Z',
      }),
      comp('web', { group_id: 'core', status: 'degraded_performance', position: 2 }),
    ];
    const ctx = v2Context(page, list);
    const group = v2Component(list[0], ctx);
    expect(group).toMatchObject({
      group: true,
      components: ['api', 'web'],
      status: 'partial_outage',
      updated_at: '2026-11-21T00:00:00Z',
      page_id: 'pg1',
    });
    expect('components' in v2Component(list[1], ctx)).toBe(false);
  });

  it('derives the indicator from components, unresolved incidents and maintenance', () => {
    const cases: [Partial<Snapshot>, string, string][] = [
      [{ components: [comp('a')] }, 'none', 'All Systems Operational'],
      [
        { components: [comp('a', { status: 'degraded_performance' })] },
        'minor',
        'Minor Service Outage',
      ],
      [{ components: [comp('a', { status: 'partial_outage' })] }, 'major', 'Partial System Outage'],
      [{ components: [comp('a', { status: 'major_outage' })] }, 'critical', 'Major System Outage'],
      [{ incidents: [incident('i', { impact: 'major' })] }, 'major', 'Partial System Outage'],
      [{ incidents: [incident('i', { impact: 'critical', status: 'resolved' })] }, 'none', ''],
      [{ incidents: [incident('i', { impact: 'critical', status: 'postmortem' })] }, 'none', ''],
      [
        {
          maintenances: [
            incident('m', { kind: 'maintenance', status: 'in_progress', impact: 'none' }),
          ],
        },
        'maintenance',
        'Service Under Maintenance',
      ],
      [{ maintenances: [incident('m', { kind: 'maintenance', status: 'scheduled' })] }, 'none', ''],
    ];
    for (const [over, indicator, description] of cases) {
      const st = v2Status(snap(over));
      expect(st.indicator, JSON.stringify(over)).toBe(indicator);
      if (description) expect(st.description).toBe(description);
    }
  });

  it('builds incidents with absolute shortlinks, full components and null where Statuspage has null', () => {
    const list = [comp('api'), comp('db')];
    const ctx = v2Context(page, list);
    const i = incident('i1', {
      component_ids: ['db', 'gone'],
      postmortem_body: 'draft',
      updates: [
        {
          id: 'u1',
          incident_id: 'i1',
          status: 'investigating',
          body: 'Looking',
          created_at: T0,
          updated_at: T0,
          display_at: T0,
          affected_components: [],
          deliver_notifications: true,
          next_update_at: null,
          visibility: 'public',
          audiences: [],
        },
      ],
    });
    const out = v2Incident(i, ctx);
    expect(out.shortlink).toBe('https://status.acme.example/incidents/i1');
    expect(out.components.map((c) => c.id)).toEqual(['db']);
    expect(out.incident_updates[0].affected_components).toBeNull();
    expect('next_update_at' in out.incident_updates[0]).toBe(false);
    expect(out.postmortem_body).toBeNull();
    const published = v2Incident({ ...i, postmortem_published_at: T0 }, ctx);
    expect(published.postmortem_body).toBe('draft');
  });

  it('marks maintenances with impact "maintenance" and their window and automation', () => {
    const m = incident('m1', {
      kind: 'maintenance',
      status: 'scheduled',
      impact: 'none',
      scheduled_for: '2026-11-21T02:00:00.000Z',
      scheduled_until: '2026-11-21T03:00:00.000Z',
      auto_transition: true,
    });
    expect(v2Maintenance(m, v2Context(page, []))).toMatchObject({
      impact: 'maintenance',
      scheduled_for: '2026-11-21T02:00:00.000Z',
      scheduled_until: '2026-11-21T03:00:00.000Z',
      scheduled_remind_prior: false,
      scheduled_reminded_at: null,
      scheduled_auto_in_progress: true,
      scheduled_auto_completed: true,
    });
  });

  it("dates the page by its latest change and drops the URL's trailing slash", () => {
    const s = snap({
      components: [comp('a', { updated_at: '2026-11-22T00:00:00.000Z' })],
      incidents: [incident('i', { updated_at: '2026-11-23T00:00:00.000Z' })],
    });
    expect(v2Page(s)).toEqual({
      id: 'pg1',
      name: 'Acme',
      url: 'https://status.acme.example',
      time_zone: 'Europe/London',
      updated_at: '2026-11-23T00:00:00.000Z',
    });
  });
});

describe('the Statuspage shape checker', () => {
  const fixtures = loadFixtures();
  const shapes = learnShapes(fixtures);

  it('accepts every fixture as it is', () => {
    for (const e of V2_ENDPOINTS) expect(checkDocument(e, fixtures[e], shapes), e).toEqual([]);
  });

  it('reports a missing or extra field, a wrong type, an unknown enum value and a time without offset', () => {
    const doc = structuredClone(fixtures['summary.json']) as any;
    delete doc.components[1].showcase;
    doc.components[2].colour = 'red';
    doc.components[3].position = '4';
    doc.incidents[0].impact = 'catastrophic';
    doc.incidents[0].incident_updates[0].display_at = '2026-11-26T03:52:10';
    doc.incidents[0].incident_updates[1].affected_components[0].new_status = 'down';
    doc.scheduled_maintenances[0].id = 42;
    doc.status.indicator = 'green';
    const problems = checkDocument('summary.json', doc, shapes).join('\n');
    for (const bit of [
      'lacks the field "showcase"',
      'no field "colour"',
      'position: is string',
      '"catastrophic" is not one of',
      'not an ISO 8601 time with an offset',
      '"down" is not one of',
      'id: is number',
      '"green" is not one of',
    ]) {
      expect(problems).toContain(bit);
    }
  });

  it('reports a maintenance status on an incident update and wrong top-level keys', () => {
    const doc = structuredClone(fixtures['incidents.json']) as any;
    doc.incidents[0].incident_updates[0].status = 'in_progress';
    doc.extra = true;
    const problems = checkDocument('incidents.json', doc, shapes).join('\n');
    expect(problems).toContain('"in_progress" is not one of');
    expect(problems).toContain('top-level keys');
  });
});

describe('v2 documents', () => {
  it('starts every document with page and matches the fixtures on an empty page', () => {
    const shapes = learnShapes(loadFixtures());
    for (const e of V2_ENDPOINTS) {
      const doc = JSON.parse(JSON.stringify(V2_DOCUMENTS[`/api/v2/${e}`](snap())));
      expect(Object.keys(doc)[0]).toBe('page');
      expect(checkDocument(e, doc, shapes), e).toEqual([]);
    }
  });
});
