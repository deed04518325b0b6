/**
 * The console's Incidents list over real HTTP (server.inject) on SQLite and PostgreSQL: every
 * incident newest first with its status, open and resolved, drafts marked, filtered by state,
 * fifty a page; a resolved one links to its debrief, whose Markdown the console serves with the
 * session (no API token), as a download. Names are escaped.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createToken } from '../../src/actions/createToken.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

describeEachEngine('console incidents list', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = new TestClock(Date.parse('2026-12-01T10:00:00Z'));
  const who = { cookie: '', csrf: '' };
  let resolved = '';
  let open = '';

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    const ctx = app.ctx();
    for (let i = 0; i < 52; i++) {
      clock.advance(60_000);
      const inc = await createIncident(ctx, {
        name: `Old incident ${i}`,
        body: 'Done.',
        deliver_notifications: false,
      });
      await postUpdate(ctx, 'incident', inc.id, { status: 'resolved', body: 'Fixed.' });
    }
    clock.advance(60_000);
    resolved = (await createIncident(ctx, { name: 'Search <b>slow</b>', body: 'Slow.' })).id;
    clock.advance(30 * 60_000);
    await postUpdate(ctx, 'incident', resolved, { status: 'resolved', body: 'Fast again.' });
    clock.advance(60_000);
    open = (await createIncident(ctx, { name: 'Logins failing', body: 'Failing.' })).id;
    const t = await createToken(ctx, { name: 'lead', scope: 'write' });
    server = await buildServer(app);
    Object.assign(who, await signInConsole(server, t.secret, '/console/incidents'));
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = (url: string) => server.inject({ url, headers: { cookie: who.cookie } });
  const names = (body: string) =>
    [
      ...body.matchAll(/<a href="\/console\/incidents\/[^"/]+"><bdi>([^<]*(?:&lt;[^<]*)*)<\/bdi>/g),
    ].map((m) => m[1]);

  it('lists every incident newest first, fifty a page, and links a resolved one to its debrief', async () => {
    const r = await get('/console/incidents');
    expect(r.statusCode).toBe(200);
    const first = names(r.body);
    expect(first).toHaveLength(50);
    expect(first.slice(0, 3)).toEqual([
      'Logins failing',
      'Search &lt;b&gt;slow&lt;/b&gt;',
      'Old incident 51',
    ]);
    expect(r.body).toContain(`href="/console/incidents/${resolved}/debrief"`);
    expect(r.body).not.toContain(`href="/console/incidents/${open}/debrief"`);
    expect(r.body).toContain('30 min');
    const next = await get('/console/incidents?page=2');
    expect(names(next.body)).toEqual([
      'Old incident 3',
      'Old incident 2',
      'Old incident 1',
      'Old incident 0',
    ]);
    expect(next.body).toContain('rel="prev"');
    expect(next.body).not.toContain('rel="next"');
  });

  it('filters open and resolved', async () => {
    expect(names((await get('/console/incidents?show=open')).body)).toEqual(['Logins failing']);
    const done = names((await get('/console/incidents?show=resolved')).body);
    expect(done[0]).toBe('Search &lt;b&gt;slow&lt;/b&gt;');
    expect(done).not.toContain('Logins failing');
  });

  it('serves the debrief Markdown with the console session, as a download', async () => {
    const md = await get(`/console/incidents/${resolved}/debrief.md`);
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.headers['content-disposition']).toBe(`attachment; filename="debrief-${resolved}.md"`);
    expect(md.body).toContain('Search <b>slow</b>');
    const anon = await server.inject({ url: `/console/incidents/${resolved}/debrief.md` });
    expect(anon.statusCode).not.toBe(200);
  });
});
