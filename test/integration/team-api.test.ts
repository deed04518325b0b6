/**
 * /api/v1/people, /api/v1/roles and /api/v1/severities over real HTTP handling (server.inject)
 * on real databases: scopes, shapes, validation errors that name the field, conflicts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_SEVERITIES } from '../../src/domain/severity.js';
import { severityOut } from '../../src/http/routes/v1/severities.js';
import { personOut, roleOut } from '../../src/http/routes/v1/team.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';

describeEachEngine('team admin API', (engine) => {
  let h: ApiHarness;
  // Friday 20 Nov 2026, 10:00 UTC: London is at work, New York is not
  const clock = new TestClock(Date.parse('2026-11-20T10:00:00Z'));
  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
  });
  afterAll(() => h.close());

  it('lets read tokens list and only admin tokens change the team', async () => {
    expect((await h.call('read', 'GET', '/api/v1/people')).json).toEqual({ people: [] });
    expect((await h.call(null, 'GET', '/api/v1/people')).status).toBe(401);
    const w = await h.call('write', 'POST', '/api/v1/people', { name: 'Wes' });
    expect(w.status).toBe(403);
    expect(w.json.error.code).toBe('forbidden');
    expect((await h.call('write', 'PUT', '/api/v1/severities/SEV9', {})).status).toBe(403);
    expect((await h.call('write', 'DELETE', '/api/v1/roles/x')).status).toBe(403);
  });

  let london: string;
  let newYork: string;
  it('creates and edits people, answering with their full shape', async () => {
    const a = await h.call('admin', 'POST', '/api/v1/people', {
      name: 'Lou',
      email: 'lou@example.com',
      time_zone: 'Europe/London',
      working_hours: '09:00-17:30 Mon-Fri',
    });
    expect(a.status).toBe(201);
    expect(personOut.strict().parse(a.json)).toMatchObject({ name: 'Lou', slack: null });
    london = a.json.id;
    const b = await h.call('admin', 'POST', '/api/v1/people', {
      name: 'Nia',
      phone: '+12125550100',
      time_zone: 'America/New_York',
      working_hours: '09:00-17:00 Mon-Fri',
    });
    newYork = b.json.id;
    const p = await h.call('admin', 'PATCH', `/api/v1/people/${london}`, { slack: '@lou' });
    expect(p.status).toBe(200);
    expect(p.json).toMatchObject({ id: london, slack: '@lou', email: 'lou@example.com' });
    const list = await h.call('read', 'GET', '/api/v1/people');
    expect(list.json.people.map((x: { name: string }) => x.name)).toEqual(['Lou', 'Nia']);
    expect((await h.call('admin', 'PATCH', '/api/v1/people/nobody', { name: 'X' })).status).toBe(
      404,
    );
  });

  it('answers 400 naming each bad field of a person', async () => {
    const r = await h.call('admin', 'POST', '/api/v1/people', {
      name: 'Bad',
      email: 'not-an-email',
      working_hours: '9 to 5',
      time_zone: 'Nowhere/Land',
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_failed');
    expect(Object.keys(r.json.error.fields).sort()).toEqual([
      'email',
      'time_zone',
      'working_hours',
    ]);
    expect(r.json.error.fields.working_hours).toContain('"09:00-17:30 Mon-Fri"');
  });

  it('sets a rotation and lists roles with who would be assigned now', async () => {
    const r = await h.call('admin', 'PUT', '/api/v1/roles/incident_lead/rotation', {
      person_ids: [newYork, london],
    });
    expect(r.status).toBe(200);
    expect(
      roleOut
        .strict()
        .parse(r.json)
        .rotation.map((p) => p.name),
    ).toEqual(['Nia', 'Lou']);
    expect(r.json.on_call_order).toEqual([london, newYork]);
    const list = await h.call('read', 'GET', '/api/v1/roles');
    expect(list.status).toBe(200);
    const lead = list.json.roles.find((x: { key: string }) => x.key === 'incident_lead');
    expect(lead.on_call_order).toEqual([london, newYork]);
    expect(list.json.roles).toHaveLength(7);
    const bad = await h.call('admin', 'PUT', '/api/v1/roles/incident_lead/rotation', {
      person_ids: ['ghost'],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual({ 'person_ids.0': 'ghost is not a known person id' });
    expect(
      (await h.call('admin', 'PUT', '/api/v1/roles/nope/rotation', { person_ids: [] })).status,
    ).toBe(404);
  });

  it('adds and deletes a custom role; a built-in one is refused with 409', async () => {
    const c = await h.call('admin', 'POST', '/api/v1/roles', {
      key: 'scribe',
      name: 'Scribe',
      description: 'Keeps the timeline.',
    });
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({
      key: 'scribe',
      builtin: false,
      rotation: [],
      on_call_order: [],
    });
    const bad = await h.call('admin', 'POST', '/api/v1/roles', { key: 'Scribe!', name: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.key).toContain('lowercase snake case');
    expect((await h.call('admin', 'DELETE', '/api/v1/roles/comms_lead')).status).toBe(409);
    expect((await h.call('admin', 'DELETE', '/api/v1/roles/scribe')).status).toBe(204);
    expect((await h.call('admin', 'DELETE', '/api/v1/roles/scribe')).status).toBe(404);
  });

  it('refuses to delete someone in a rotation (409 naming the role) unless force=true', async () => {
    const r = await h.call('admin', 'DELETE', `/api/v1/people/${london}`);
    expect(r.status).toBe(409);
    expect(r.json.error.message).toContain('Incident lead');
    const f = await h.call('admin', 'DELETE', `/api/v1/people/${london}?force=true`);
    expect(f.status).toBe(204);
    const lead = await h.call('read', 'GET', '/api/v1/roles');
    expect(lead.json.roles[0].rotation.map((p: { name: string }) => p.name)).toEqual(['Nia']);
    expect((await h.call('admin', 'DELETE', `/api/v1/people/${london}?force=maybe`)).status).toBe(
      400,
    );
  });

  it('lists, replaces, creates and deletes severities', async () => {
    const list = await h.call('read', 'GET', '/api/v1/severities');
    expect(list.status).toBe(200);
    expect(list.json.severities.map((s: { key: string }) => s.key)).toEqual([
      'SEV1',
      'SEV2',
      'SEV3',
    ]);
    for (const s of list.json.severities) severityOut.strict().parse(s);

    const { key: _k, ...sev2 } = DEFAULT_SEVERITIES[1];
    const put = await h.call('admin', 'PUT', '/api/v1/severities/SEV2', {
      ...sev2,
      settings: { ...sev2.settings, ackTimeoutMinutes: 7 },
    });
    expect(put.status).toBe(200);
    expect(put.json.settings.ackTimeoutMinutes).toBe(7);

    const bad = await h.call('admin', 'PUT', '/api/v1/severities/SEV0', {
      name: 'Apocalypse',
      description: 'Everything',
      settings: {
        ...sev2.settings,
        audiences: { ...sev2.settings.audiences, public: ['carrier_pigeon'] },
        cadence: { ...sev2.settings.cadence, firstMinutes: 0 },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual({
      'settings.audiences.public.0': expect.stringContaining('must be one of status_page'),
      'settings.cadence.firstMinutes': 'must be at least 5 minutes',
    });
    const created = await h.call('admin', 'PUT', '/api/v1/severities/SEV0', {
      name: 'Apocalypse',
      description: 'Everything',
      position: 0,
      settings: sev2.settings,
    });
    expect(created.status).toBe(200);
    expect((await h.call('admin', 'DELETE', '/api/v1/severities/SEV0')).status).toBe(204);
    expect((await h.call('admin', 'DELETE', '/api/v1/severities/SEV0')).status).toBe(404);
  });

  it('audits the API writes under the token that made them', async () => {
    const r = await h.call('admin', 'GET', '/api/v1/audit?action=severity.update');
    expect(r.json.entries[0]).toMatchObject({ actor: expect.stringContaining('admin-bot') });
  });
});
