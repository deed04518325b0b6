import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { scheduleMaintenance } from '../../src/actions/scheduleMaintenance.js';
import { updateComponent } from '../../src/actions/updateComponent.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { checkDocument, learnShapes, loadFixtures, V2_ENDPOINTS } from '../helpers/shape.js';

const shapes = learnShapes(loadFixtures());

describeEachEngine('/api/v2 (Statuspage-compatible)', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = new TestClock();
  const ids: Record<string, string> = {};

  async function get(endpoint: string) {
    const res = await server.inject({ method: 'GET', url: `/api/v2/${endpoint}` });
    expect(res.statusCode, endpoint).toBe(200);
    return res;
  }
  const doc = async (endpoint: string): Promise<any> => (await get(endpoint)).json();
  const status = async () => (await doc('status.json')).status;

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    server = await buildServer(app);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.example/' });
    const group = await createComponent(ctx, { name: 'Core platform', group: true });
    const api = await createComponent(ctx, {
      name: 'API',
      group_id: group.id,
      description: 'REST endpoints',
      start_date: '2024-03-01',
    });
    const web = await createComponent(ctx, { name: 'Web app', group_id: group.id });
    const db = await createComponent(ctx, { name: 'Database', only_show_if_degraded: true });
    Object.assign(ids, { group: group.id, api: api.id, web: web.id, db: db.id });
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  it('derives the indicator and its description like Statuspage', async () => {
    const ctx = app.ctx();
    expect(await status()).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    const steps = [
      ['degraded_performance', 'minor', 'Minor Service Outage'],
      ['partial_outage', 'major', 'Partial System Outage'],
      ['major_outage', 'critical', 'Major System Outage'],
      ['under_maintenance', 'maintenance', 'Service Under Maintenance'],
    ] as const;
    for (const [componentStatus, indicator, description] of steps) {
      clock.advanceMinutes(1);
      await updateComponent(ctx, ids.web, { status: componentStatus });
      expect(await status(), componentStatus).toEqual({ indicator, description });
    }
    clock.advanceMinutes(1);
    await updateComponent(ctx, ids.web, { status: 'operational' });
    expect((await status()).indicator).toBe('none');

    // a maintenance in progress sets the indicator even on components that stay operational
    clock.advanceMinutes(1);
    const m = await scheduleMaintenance(ctx, {
      name: 'Cache flush',
      body: 'Planned',
      scheduled_for: new Date(clock.t + 60_000).toISOString(),
      scheduled_until: new Date(clock.t + 120_000).toISOString(),
      auto_transition: false,
    });
    expect((await status()).indicator).toBe('none');
    clock.advanceMinutes(1);
    await postUpdate(ctx, 'maintenance', m.id, { status: 'in_progress', body: 'Started' });
    expect(await status()).toEqual({
      indicator: 'maintenance',
      description: 'Service Under Maintenance',
    });
    clock.advanceMinutes(1);
    await postUpdate(ctx, 'maintenance', m.id, { status: 'completed', body: 'Done' });
    expect((await status()).indicator).toBe('none');
    ids.done = m.id;
  });

  it('serves all eight documents in Statuspage shape, field by field', async () => {
    const ctx = app.ctx();
    clock.advanceMinutes(10);
    const old = await createIncident(ctx, {
      name: 'Slow queries',
      status: 'investigating',
      body: 'Queries are slow.',
      components: { [ids.db]: 'degraded_performance' },
    });
    clock.advanceMinutes(5);
    await postUpdate(ctx, 'incident', old.id, { status: 'monitoring', body: 'Fix deployed.' });
    clock.advanceMinutes(5);
    await postUpdate(ctx, 'incident', old.id, { status: 'resolved', body: 'All good.' });
    clock.advanceMinutes(5);
    const open = await createIncident(ctx, {
      name: 'Elevated API errors',
      status: 'investigating',
      body: 'We are looking into errors on the **API**.',
      components: { [ids.api]: 'partial_outage' },
      next_update_in_minutes: 20,
    });
    clock.advanceMinutes(3);
    await postUpdate(ctx, 'incident', open.id, {
      status: 'identified',
      body: 'A cache node failed.',
      next_update_in_minutes: 30,
    });
    const upcoming = await scheduleMaintenance(ctx, {
      name: 'Database upgrade',
      body: 'Writes may pause.',
      scheduled_for: new Date(clock.t + 2 * 86400_000).toISOString(),
      scheduled_until: new Date(clock.t + 2 * 86400_000 + 3600_000).toISOString(),
      components: [ids.db],
    });
    const active = await scheduleMaintenance(ctx, {
      name: 'Load balancer swap',
      body: 'Brief blips possible.',
      scheduled_for: new Date(clock.t + 60_000).toISOString(),
      scheduled_until: new Date(clock.t + 3600_000).toISOString(),
      components: [ids.web],
    });
    clock.advanceMinutes(1);
    await postUpdate(ctx, 'maintenance', active.id, { status: 'in_progress', body: 'Started.' });
    Object.assign(ids, { old: old.id, open: open.id, upcoming: upcoming.id, active: active.id });

    const docs: Record<string, any> = {};
    for (const e of V2_ENDPOINTS) {
      const res = await get(e);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers.etag).toMatch(/^"[^"]+"$/);
      docs[e] = res.json();
      expect(checkDocument(e, docs[e], shapes), e).toEqual([]);
      expect(docs[e].page).toEqual({
        id: expect.any(String),
        name: 'Acme',
        url: 'https://status.acme.example',
        time_zone: 'Etc/UTC',
        updated_at: clock.now().toISOString(),
      });
    }

    const idsOf = (list: { id: string }[]) => list.map((x) => x.id);
    const summary = docs['summary.json'];
    expect(idsOf(summary.components)).toEqual([ids.group, ids.api, ids.web, ids.db]);
    expect(summary.components[0]).toMatchObject({
      group: true,
      components: [ids.api, ids.web],
      status: 'partial_outage',
    });
    expect(summary.components[1]).toMatchObject({
      group_id: ids.group,
      description: 'REST endpoints',
      start_date: '2024-03-01',
    });
    expect(summary.components[3]).toMatchObject({ only_show_if_degraded: true, group_id: null });
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(idsOf(summary.incidents)).toEqual([ids.open]);
    expect(idsOf(summary.scheduled_maintenances)).toEqual([ids.active, ids.upcoming]);
    expect(docs['components.json'].components).toEqual(summary.components);
    expect(docs['status.json'].status).toEqual(summary.status);

    expect(idsOf(docs['incidents.json'].incidents)).toEqual([ids.open, ids.old]);
    expect(idsOf(docs['incidents/unresolved.json'].incidents)).toEqual([ids.open]);
    expect(idsOf(docs['scheduled-maintenances/upcoming.json'].scheduled_maintenances)).toEqual([
      ids.upcoming,
    ]);
    expect(idsOf(docs['scheduled-maintenances/active.json'].scheduled_maintenances)).toEqual([
      ids.active,
    ]);
    expect(idsOf(docs['scheduled-maintenances.json'].scheduled_maintenances)).toEqual([
      ids.upcoming,
      ids.active,
      ids.done,
    ]);

    const inc = summary.incidents[0];
    expect(inc).toMatchObject({
      name: 'Elevated API errors',
      status: 'identified',
      impact: 'major',
      monitoring_at: null,
      resolved_at: null,
      shortlink: `https://status.acme.example/incidents/${ids.open}`,
      page_id: summary.page.id,
      next_update_at: new Date(clock.t - 60_000 + 30 * 60_000).toISOString(),
    });
    expect(inc.components).toEqual([summary.components[1]]);
    expect(inc.incident_updates.map((u: any) => u.status)).toEqual(['identified', 'investigating']);
    expect(inc.incident_updates[0].affected_components).toBeNull();
    expect(inc.incident_updates[1]).toMatchObject({
      body: 'We are looking into errors on the **API**.',
      incident_id: ids.open,
      deliver_notifications: true,
      affected_components: [
        { code: ids.api, name: 'API', old_status: 'operational', new_status: 'partial_outage' },
      ],
    });
    const resolved = docs['incidents.json'].incidents[1];
    expect(resolved.status).toBe('resolved');
    expect(resolved.monitoring_at).not.toBeNull();
    expect(resolved.resolved_at).not.toBeNull();

    const act = summary.scheduled_maintenances[0];
    expect(act).toMatchObject({ status: 'in_progress', impact: 'maintenance' });
    expect(act.components[0]).toMatchObject({ id: ids.web, status: 'under_maintenance' });
    expect(summary.scheduled_maintenances[1]).toMatchObject({
      status: 'scheduled',
      scheduled_for: expect.any(String),
      scheduled_until: expect.any(String),
      scheduled_auto_in_progress: true,
    });
  });

  it('answers a matching If-None-Match with 304 and changes its ETag after a write', async () => {
    const first = await get('summary.json');
    const again = await server.inject({
      method: 'GET',
      url: '/api/v2/summary.json',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    clock.advanceMinutes(1);
    await postUpdate(app.ctx(), 'incident', ids.open, { status: 'resolved', body: 'Fixed.' });
    const after = await get('summary.json');
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(after.json().incidents).toEqual([]);
    expect((await doc('incidents/unresolved.json')).incidents).toEqual([]);
    expect(checkDocument('summary.json', after.json(), shapes)).toEqual([]);
  });
});
