/** The admin API over real HTTP (inject) on a real store: full flows, shapes and the audit trail. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { routesOf } from '../../src/http/api.js';
import {
  componentOut,
  incidentOut,
  maintenanceOut,
  pageOut,
  tokenOut,
} from '../../src/http/schemas.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';

const MIN = 60_000;

describeEachEngine('admin API /api/v1', (engine) => {
  const clock = new TestClock();
  let h: ApiHarness;
  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
  });
  afterAll(() => h.close());

  it('creates a group and a child, edits and deletes components', async () => {
    const group = await h.call('write', 'POST', '/api/v1/components', {
      name: 'Platform',
      group: true,
    });
    expect(group.status).toBe(201);
    expect(componentOut.strict().parse(group.json)).toMatchObject({ group: true, components: [] });
    const child = await h.call('write', 'POST', '/api/v1/components', {
      name: 'Search',
      group_id: group.json.id,
      description: 'Full-text search',
    });
    expect(child.status).toBe(201);
    expect(child.json).toMatchObject({ group_id: group.json.id, status: 'operational' });
    const list = await h.call('read', 'GET', '/api/v1/components');
    expect(list.status).toBe(200);
    const ids = list.json.components.map((c: { id: string }) => c.id);
    expect(ids.indexOf(child.json.id)).toBe(ids.indexOf(group.json.id) + 1);
    const g = list.json.components.find((c: { id: string }) => c.id === group.json.id);
    expect(g.components).toEqual([child.json.id]);

    const patched = await h.call('write', 'PATCH', `/api/v1/components/${child.json.id}`, {
      status: 'degraded_performance',
      name: 'Search API',
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: 'Search API', status: 'degraded_performance' });
    expect(patched.headers['cache-control']).toBe('no-store');

    const gone = await h.call('write', 'DELETE', `/api/v1/components/${child.json.id}`);
    expect(gone.status).toBe(204);
    expect(gone.body).toBe('');
    expect((await h.call('read', 'GET', `/api/v1/components/${child.json.id}`)).status).toBe(404);
  });

  it('opens, updates, edits and resolves an incident, with components and next_update_at', async () => {
    const api = (await h.call('write', 'POST', '/api/v1/components', { name: 'API' })).json;
    const created = await h.call('write', 'POST', '/api/v1/incidents', {
      name: 'Elevated errors',
      status: 'investigating',
      body: 'We are looking into it.',
      components: { [api.id]: 'major_outage' },
      next_update_in_minutes: 20,
      deliver_notifications: false,
    });
    expect(created.status).toBe(201);
    const inc = incidentOut.strict().parse(created.json);
    expect(inc).toMatchObject({
      kind: 'incident',
      status: 'investigating',
      impact: 'critical',
      impact_override: false,
      next_update_at: new Date(clock.t + 20 * MIN).toISOString(),
      postmortem_body: null,
    });
    expect(inc.shortlink).toMatch(new RegExp(`/incidents/${inc.id}$`));
    expect(inc.components.map((c) => c.id)).toEqual([api.id]);
    expect(inc.components[0].status).toBe('major_outage');
    expect(inc.incident_updates).toHaveLength(1);
    expect(inc.incident_updates[0]).toMatchObject({
      status: 'investigating',
      body: 'We are looking into it.',
      deliver_notifications: false,
      affected_components: [
        { code: api.id, name: 'API', old_status: 'operational', new_status: 'major_outage' },
      ],
    });

    clock.advanceMinutes(15);
    const upd = await h.call('write', 'POST', `/api/v1/incidents/${inc.id}/updates`, {
      status: 'identified',
      body: 'A bad deploy; rolling back.',
      components: { [api.id]: 'partial_outage' },
      next_update_in_minutes: 30,
    });
    expect(upd.status).toBe(201);
    expect(upd.json.status).toBe('identified');
    expect(upd.json.impact).toBe('critical'); // impact never drops by itself mid-incident
    expect(upd.json.next_update_at).toBe(new Date(clock.t + 30 * MIN).toISOString());
    expect(upd.json.incident_updates.map((u: { status: string }) => u.status)).toEqual([
      'identified',
      'investigating',
    ]);

    const patched = await h.call('write', 'PATCH', `/api/v1/incidents/${inc.id}`, {
      name: 'API errors after a deploy',
      impact: 'major',
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      name: 'API errors after a deploy',
      impact: 'major',
      impact_override: true,
    });

    const open = await h.call('read', 'GET', '/api/v1/incidents?status=unresolved');
    expect(open.json.incidents.map((i: { id: string }) => i.id)).toContain(inc.id);

    clock.advanceMinutes(20);
    const res = await h.call('write', 'POST', `/api/v1/incidents/${inc.id}/updates`, {
      status: 'resolved',
      body: 'Fixed. No data was lost.',
    });
    expect(res.status).toBe(201);
    expect(res.json.resolved_at).toBe(clock.now().toISOString());
    expect(res.json.next_update_at).toBeNull();
    const comp = await h.call('read', 'GET', `/api/v1/components/${api.id}`);
    expect(comp.json.status).toBe('operational');

    const pm = await h.call('write', 'PATCH', `/api/v1/incidents/${inc.id}`, {
      postmortem_body: 'What happened, and what we changed.',
      postmortem_published: true,
    });
    expect(pm.status).toBe(200);
    expect(pm.json).toMatchObject({
      status: 'postmortem',
      postmortem_body: 'What happened, and what we changed.',
      postmortem_published_at: clock.now().toISOString(),
    });

    const one = await h.call('read', 'GET', `/api/v1/incidents/${inc.id}`);
    expect(one.status).toBe(200);
    expect(incidentOut.strict().parse(one.json).status).toBe('postmortem');
    const stillOpen = await h.call('read', 'GET', '/api/v1/incidents?status=unresolved');
    expect(stillOpen.json.incidents.map((i: { id: string }) => i.id)).not.toContain(inc.id);
  });

  it('pages incident lists with limit and offset, newest first', async () => {
    for (const name of ['First', 'Second', 'Third']) {
      clock.advanceMinutes(1);
      const r = await h.call('write', 'POST', '/api/v1/incidents', { name, body: 'x' });
      expect(r.status).toBe(201);
    }
    const page1 = await h.call('read', 'GET', '/api/v1/incidents?limit=2');
    expect(page1.json.incidents.map((i: { name: string }) => i.name)).toEqual(['Third', 'Second']);
    const page2 = await h.call('read', 'GET', '/api/v1/incidents?limit=2&offset=2&status=all');
    expect(page2.json.incidents[0].name).toBe('First');
  });

  it('schedules a maintenance and moves it through its window by updates', async () => {
    const db = (await h.call('write', 'POST', '/api/v1/components', { name: 'Database' })).json;
    const start = clock.t + 60 * MIN;
    const created = await h.call('write', 'POST', '/api/v1/maintenances', {
      name: 'Database upgrade',
      body: 'We will upgrade the primary database.',
      scheduled_for: new Date(start).toISOString(),
      scheduled_until: new Date(start + 60 * MIN).toISOString(),
      components: [db.id],
    });
    expect(created.status).toBe(201);
    const m = maintenanceOut.strict().parse(created.json);
    expect(m).toMatchObject({
      kind: 'maintenance',
      status: 'scheduled',
      impact: 'maintenance',
      scheduled_for: new Date(start).toISOString(),
      next_update_at: null,
    });
    expect(m.components.map((c) => c.id)).toEqual([db.id]);

    clock.t = start;
    const started = await h.call('write', 'POST', `/api/v1/maintenances/${m.id}/updates`, {
      status: 'in_progress',
      body: 'Started.',
    });
    expect(started.status).toBe(201);
    expect((await h.call('read', 'GET', `/api/v1/components/${db.id}`)).json.status).toBe(
      'under_maintenance',
    );
    const done = await h.call('write', 'POST', `/api/v1/maintenances/${m.id}/updates`, {
      status: 'completed',
      body: 'Done.',
    });
    expect(done.status).toBe(201);
    expect(done.json.status).toBe('completed');
    expect((await h.call('read', 'GET', `/api/v1/components/${db.id}`)).json.status).toBe(
      'operational',
    );

    const list = await h.call('read', 'GET', '/api/v1/maintenances');
    expect(list.json.maintenances.map((x: { id: string }) => x.id)).toContain(m.id);
    expect((await h.call('read', 'GET', `/api/v1/maintenances/${m.id}`)).status).toBe(200);
    // a maintenance is not an incident, and the other way round
    expect((await h.call('read', 'GET', `/api/v1/incidents/${m.id}`)).status).toBe(404);
    const wrongKind = await h.call('write', 'POST', `/api/v1/incidents/${m.id}/updates`, {
      status: 'resolved',
      body: 'x',
    });
    expect(wrongKind.status).toBe(404);
    // a status outside the lifecycle is a 409 naming the field
    const bad = await h.call('write', 'POST', `/api/v1/maintenances/${m.id}/updates`, {
      status: 'investigating',
      body: 'x',
    });
    expect(bad.status).toBe(409);
    expect(bad.json.error.fields).toHaveProperty('status');
  });

  it('lists the writes in the audit log with the token as actor, filtered and paged', async () => {
    const comp = (await h.call('write', 'POST', '/api/v1/components', { name: 'Audit me' })).json;
    await h.call('admin', 'PATCH', `/api/v1/components/${comp.id}`, { name: 'Audited' });
    const all = await h.call('admin', 'GET', `/api/v1/audit?entity_id=${comp.id}`);
    expect(all.status).toBe(200);
    expect(
      all.json.entries.map((e: { action: string; actor: string }) => [e.action, e.actor]),
    ).toEqual([
      ['component.update', 'token:admin-bot'],
      ['component.create', 'token:write-bot'],
    ]);
    expect(all.json.entries[0].after.name).toBe('Audited');
    expect(all.json.next_before).toBeNull();

    const creates = await h.call('admin', 'GET', '/api/v1/audit?action=incident.create&limit=2');
    expect(creates.json.entries).toHaveLength(2);
    expect(
      creates.json.entries.every((e: { action: string }) => e.action === 'incident.create'),
    ).toBe(true);
    expect(creates.json.next_before).toBe(creates.json.entries[1].id);
    const older = await h.call(
      'admin',
      'GET',
      `/api/v1/audit?action=incident.create&limit=2&before=${creates.json.next_before}`,
    );
    expect(older.json.entries.length).toBeGreaterThan(0);
    expect(older.json.entries[0].id < creates.json.next_before).toBe(true);
  });

  it('reads and changes the page settings with an admin token', async () => {
    const before = await h.call('read', 'GET', '/api/v1/page');
    expect(before.status).toBe(200);
    const changed = await h.call('admin', 'PATCH', '/api/v1/page', {
      name: 'Acme status',
      time_zone: 'Europe/London',
      support_email: 'help@acme.example',
    });
    expect(changed.status).toBe(200);
    expect(pageOut.parse(changed.json)).toMatchObject({
      name: 'Acme status',
      time_zone: 'Europe/London',
    });
    const bad = await h.call('admin', 'PATCH', '/api/v1/page', { time_zone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('time_zone');
  });

  it('answers every GET route in the shape its schema documents', async () => {
    for (const r of routesOf(h.server)) {
      if (r.method !== 'GET' || r.params || !r.response || r.access === 'public') continue;
      const res = await h.call('admin', 'GET', r.url);
      expect(res.status, r.url).toBe(200);
      const parsed = r.response.safeParse(res.json);
      expect(parsed.success, `${r.url}: ${parsed.error?.message}`).toBe(true);
    }
    const tokens = await h.call('admin', 'GET', '/api/v1/tokens');
    for (const t of tokens.json.tokens) tokenOut.strict().parse(t);
  });
});
