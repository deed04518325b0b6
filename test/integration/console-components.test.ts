/**
 * The console's Components and Maintenance screens over real HTTP (server.inject) on SQLite
 * and PostgreSQL: list in page order, add a component and a group, edit, move up and down, set
 * a status quietly or with a notice to subscribers, delete after the confirm page; schedule a
 * maintenance in the page's time zone, change its plan, post an update and complete it. Each
 * write is audited under the signed-in token; bad input comes back with the field named, and
 * user text is escaped throughout.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { orderComponents } from '../../src/present/v2.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { getComponent, listComponents } from '../../src/store/queries/components.js';
import { getIncident } from '../../src/store/queries/incidents.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const EVIL = 'Edge <script>alert(1)</script> & "CDN"';

describeEachEngine('console components and maintenance', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let apiId: string;
  let webId: string;
  const clock = new TestClock();

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme',
      url: 'https://status.acme.test',
      time_zone: 'Europe/Paris',
    });
    apiId = (await createComponent(ctx, { name: 'API' })).id;
    webId = (await createComponent(ctx, { name: 'Website' })).id;
    const secret = (await createToken(ctx, { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
    ({ cookie, csrf } = await signInConsole(server, secret, '/console/components'));
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = (url: string) => server.inject({ url, headers: { cookie } });
  const post = (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ _csrf: csrf, ...fields }))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie },
      payload: body.toString(),
    });
  };
  const names = async () => orderComponents(await listComponents(app.store.db)).map((c) => c.name);
  const audited = async (action: string) =>
    (await listAudit(app.store.db, { action, limit: 50 })).filter((a) => a.actor === 'token:ana');

  it('needs a session, and both screens are in the menu', async () => {
    const anon = await server.inject({ url: '/console/components' });
    expect(anon.statusCode).toBe(303);
    const r = await get('/console/maintenance');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('href="/console/components"');
    expect(r.body).toMatch(/href="\/console\/maintenance" aria-current="page"/);
  });

  it('adds a group and a component in it, escaped, audited; a bad input names the field', async () => {
    const empty = await post('/console/components', { kind: 'component', name: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Name must not be empty.');
    const long = await post('/console/components', { kind: 'group', name: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Name is too long: at most 200 characters.');
    expect(long.body).toContain('maxlength="200"');
    expect(await names()).toEqual(['API', 'Website']);

    const g = await post('/console/components', { kind: 'group', name: 'Infrastructure' });
    expect(g.statusCode).toBe(303);
    expect(g.headers.location).toBe('/console/components?done=group');
    const groupId = (await listComponents(app.store.db)).find(
      (c) => c.name === 'Infrastructure',
    )!.id;
    const once = 'once-add-edge-1';
    const add = () =>
      post('/console/components', {
        _once: once,
        kind: 'component',
        name: EVIL,
        description: 'Caches <b>static</b> files',
        group_id: groupId,
        only_show_if_degraded: 'true',
      });
    expect((await add()).statusCode).toBe(303);
    // Back and resubmit: the same one-time token adds nothing more
    expect((await add()).statusCode).toBe(303);
    expect(await names()).toEqual(['API', 'Website', 'Infrastructure', EVIL]);
    const edge = (await listComponents(app.store.db)).find((c) => c.name === EVIL)!;
    expect(edge.group_id).toBe(groupId);
    expect(edge.only_show_if_degraded).toBe(true);

    const list = await get('/console/components?done=added');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Added. It is on the status page now.');
    expect(list.body).toContain('Edge &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;CDN&quot;');
    expect(list.body).not.toContain('<script>alert(1)</script>');
    expect(list.body).toContain('Caches &lt;b&gt;static&lt;/b&gt; files');
    expect(list.body).toContain('Hidden while operational');
    expect((await audited('component.create')).length).toBe(2);
  });

  it('moves components up and down among their siblings, audited', async () => {
    const down = await post(`/console/components/${apiId}/move`, { direction: 'down' });
    expect(down.statusCode).toBe(303);
    expect(await names()).toEqual(['Website', 'API', 'Infrastructure', expect.any(String)]);
    const groupId = (await listComponents(app.store.db)).find((c) => c.group)!.id;
    await post(`/console/components/${groupId}/move`, { direction: 'up' });
    await post(`/console/components/${groupId}/move`, { direction: 'up' });
    // already first: nothing moves
    await post(`/console/components/${groupId}/move`, { direction: 'up' });
    expect(await names()).toEqual(['Infrastructure', EVIL, 'Website', 'API']);
    expect((await audited('component.move')).length).toBe(3);
    const page = (await get('/console/components')).body;
    expect(page.indexOf('Infrastructure')).toBeLessThan(page.indexOf('>Website<'));
    expect(page).toMatch(
      /name="direction" value="up" disabled aria-label="Move Infrastructure up"/,
    );
    const bad = await post(`/console/components/${apiId}/move`, { direction: 'sideways' });
    expect(bad.statusCode).toBe(400);
  });

  it('edits a component: name, description, group, page flags; bad input keeps what was typed', async () => {
    const r = await get(`/console/components/${webId}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Set the status');
    const groupId = (await listComponents(app.store.db)).find((c) => c.group)!.id;
    const bad = await post(`/console/components/${webId}`, {
      name: '',
      description: 'typed <i>text</i>',
      group_id: groupId,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Name must not be empty.');
    expect(bad.body).toContain('typed &lt;i&gt;text&lt;/i&gt;');
    const ok = await post(`/console/components/${webId}`, {
      name: 'Web app',
      description: 'The dashboard',
      group_id: groupId,
      showcase: 'true',
      only_show_if_degraded: 'true',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/console/components/${webId}?done=saved`);
    const c = (await getComponent(app.store.db, webId))!;
    expect([c.name, c.description, c.group_id, c.showcase, c.only_show_if_degraded]).toEqual([
      'Web app',
      'The dashboard',
      groupId,
      true,
      true,
    ]);
    // unticked boxes are saved as off
    await post(`/console/components/${webId}`, { name: 'Web app', group_id: groupId });
    const c2 = (await getComponent(app.store.db, webId))!;
    expect([c2.showcase, c2.only_show_if_degraded, c2.description]).toEqual([false, false, null]);
    expect((await audited('component.update')).length).toBeGreaterThanOrEqual(2);
    expect((await get(`/console/components/${webId}?done=saved`)).body).toContain('Changes saved.');
  });

  it('sets a status quietly by default, or with a notice when the box is ticked', async () => {
    const count = async () =>
      (
        await app.store.db
          .selectFrom('notifications')
          .select('id')
          .where('kind', '=', 'component.updated')
          .where('component_id', '=', apiId)
          .execute()
      ).length;
    const quiet = await post(`/console/components/${apiId}/status`, { status: 'partial_outage' });
    expect(quiet.statusCode).toBe(303);
    expect(quiet.headers.location).toContain('done=status');
    expect((await getComponent(app.store.db, apiId))!.status).toBe('partial_outage');
    expect(await count()).toBe(0);
    const told = await post(`/console/components/${apiId}/status`, {
      status: 'operational',
      notify: 'true',
    });
    expect(told.headers.location).toContain('done=notified');
    expect((await getComponent(app.store.db, apiId))!.status).toBe('operational');
    expect(await count()).toBe(1);
    const bad = await post(`/console/components/${apiId}/status`, { status: 'on_fire' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Status: choose one of the statuses listed.');
    const page = (await get(`/console/components/${apiId}`)).body;
    expect(page).toMatch(/name="notify" value="true" >/);
    // an open incident holds it at a worse status: the flash says so
    await createIncident(app.ctx(), {
      name: 'API down',
      body: 'Looking into it',
      components: { [apiId]: 'major_outage' },
      deliver_notifications: false,
    });
    const held = await post(`/console/components/${apiId}/status`, {
      status: 'degraded_performance',
    });
    expect(held.headers.location).toContain('done=held');
    expect((await getComponent(app.store.db, apiId))!.status).toBe('major_outage');
    expect((await get(String(held.headers.location))).body).toContain('still holds it');
  });

  it('deletes only after the confirmation step, audited', async () => {
    const confirm = await get(`/console/components/${apiId}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete <bdi>API</bdi>?');
    expect(confirm.body).toContain('Yes, delete it');
    expect(await getComponent(app.store.db, apiId)).toBeDefined();
    const r = await post(`/console/components/${apiId}/delete`, {});
    expect(r.statusCode).toBe(303);
    expect(await getComponent(app.store.db, apiId)).toBeUndefined();
    expect((await audited('component.delete')).length).toBe(1);
    expect((await get('/console/components?done=removed')).body).toContain('Deleted.');
    expect((await get(`/console/components/${apiId}`)).statusCode).toBe(404);
    // without the session's CSRF field nothing is deleted
    const forged = await server.inject({
      method: 'POST',
      url: `/console/components/${webId}/delete`,
      headers: { ...FORM, cookie },
      payload: '',
    });
    expect(forged.statusCode).toBe(403);
    expect(await getComponent(app.store.db, webId)).toBeDefined();
  });

  let mId = '';

  it('schedules a maintenance in the page time zone; a bad window names the field', async () => {
    const r = await get('/console/maintenance');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Europe/Paris');
    expect(r.body).toContain('Nothing scheduled.');
    const bad = await post('/console/maintenance', {
      name: 'DB <upgrade>',
      body: 'Short pause',
      scheduled_for: '2026-12-01T23:00',
      scheduled_until: '2026-12-01T22:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('End must be after the start.');
    expect(bad.body).toContain('value="DB &lt;upgrade&gt;"');
    const noTime = await post('/console/maintenance', {
      name: 'x',
      body: 'y',
      scheduled_for: 'tomorrow',
      scheduled_until: '2026-12-01T22:00',
    });
    expect(noTime.body).toContain('Start: enter a date and a time');

    const ok = await post('/console/maintenance', {
      _once: 'once-maint-1',
      name: 'DB <upgrade>',
      body: 'Payments <may> be slow',
      scheduled_for: '2026-12-01T22:00',
      scheduled_until: '2026-12-02T01:00',
      components: [webId],
      deliver_notifications: 'true',
    });
    expect(ok.statusCode).toBe(303);
    mId = /\/console\/maintenance\/([^?]+)\?done=scheduled/.exec(String(ok.headers.location))![1];
    const m = (await getIncident(app.store.db, mId))!;
    expect(m.scheduled_for).toBe('2026-12-01T21:00:00.000Z');
    expect(m.scheduled_until).toBe('2026-12-02T00:00:00.000Z');
    expect(m.auto_transition).toBe(false);
    expect(m.component_ids).toEqual([webId]);
    expect((await audited('maintenance.schedule')).length).toBe(1);

    const list = (await get('/console/maintenance')).body;
    expect(list).toContain('DB &lt;upgrade&gt;');
    expect(list).not.toContain('DB <upgrade>');
    expect(list).toMatch(/Upcoming <span class="count">1<\/span>/);
    const one = (await get(`/console/maintenance/${mId}?done=scheduled`)).body;
    expect(one).toContain('Maintenance scheduled.');
    expect(one).toContain('Payments &lt;may&gt; be slow');
    expect(one).toContain('value="2026-12-01T22:00"');
  });

  it('changes the plan, posts an update, completes it; each audited', async () => {
    const bad = await post(`/console/maintenance/${mId}`, {
      name: 'DB upgrade',
      scheduled_for: '2026-12-01T22:00',
      scheduled_until: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('End: enter a date and a time');
    const edit = await post(`/console/maintenance/${mId}`, {
      name: 'DB upgrade',
      scheduled_for: '2026-12-01T23:00',
      scheduled_until: '2026-12-02T02:00',
      auto_transition: 'true',
    });
    expect(edit.statusCode).toBe(303);
    let m = (await getIncident(app.store.db, mId))!;
    expect([m.name, m.scheduled_for, m.auto_transition, m.component_ids]).toEqual([
      'DB upgrade',
      '2026-12-01T22:00:00.000Z',
      true,
      [],
    ]);
    expect((await audited('maintenance.edit')).length).toBe(1);

    const empty = await post(`/console/maintenance/${mId}/updates`, {
      status: 'in_progress',
      body: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Message must not be empty.');
    const up = await post(`/console/maintenance/${mId}/updates`, {
      status: 'in_progress',
      body: 'Started <now>',
      deliver_notifications: 'true',
    });
    expect(up.statusCode).toBe(303);
    m = (await getIncident(app.store.db, mId))!;
    expect(m.status).toBe('in_progress');
    expect((await get(`/console/maintenance/${mId}`)).body).toContain('Started &lt;now&gt;');
    expect((await get('/console/maintenance')).body).toMatch(
      /In progress <span class="count">1<\/span>/,
    );

    expect((await get(`/console/maintenance/${mId}`)).body).toContain(
      'The scheduled maintenance has been completed.</textarea>',
    );
    const done = await post(`/console/maintenance/${mId}/complete`, {
      body: 'All done <b>early</b>.',
    });
    expect(done.statusCode).toBe(303);
    m = (await getIncident(app.store.db, mId))!;
    expect(m.status).toBe('completed');
    expect(m.updates[0].deliver_notifications).toBe(false);
    expect(m.updates[0].body).toBe('All done <b>early</b>.');
    expect((await audited('maintenance.update')).length).toBe(2);
    const page = (await get(`/console/maintenance/${mId}?done=completed`)).body;
    expect(page).toContain('Maintenance completed.');
    expect(page).not.toContain('Post an update');
    expect(page).toContain('All done &lt;b&gt;early&lt;/b&gt;.');
    // a completed maintenance cannot be edited any more
    const late = await post(`/console/maintenance/${mId}`, {
      name: 'Again',
      scheduled_for: '2026-12-01T23:00',
      scheduled_until: '2026-12-02T02:00',
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('already completed, so it can no longer be changed');
    const again = await post(`/console/maintenance/${mId}/complete`, {});
    expect(again.statusCode).toBe(409);
    expect((await get(`/console/maintenance/nope`)).statusCode).toBe(404);
  });
});
