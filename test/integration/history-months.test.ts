/**
 * Monthly history pages (issue #10): /history?month=YYYY-MM answers that month with links to
 * the months before and after, a malformed month answers 400, the past-incident list on `/` is
 * one line per incident, and a missing page is the site's own 404.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';

describeEachEngine('history by month', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = new TestClock(Date.parse('2026-09-10T09:00:00Z'));
  const get = (url: string) => server.inject({ method: 'GET', url });

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    server = await buildServer(app);
    const ctx = app.ctx();
    const sep = await createIncident(ctx, { name: 'September slowdown', body: 'Slow.' });
    clock.advanceMinutes(30);
    await postUpdate(ctx, 'incident', sep.id, { status: 'resolved', body: 'Fast again.' });
    clock.set('2026-11-19T10:00:00Z');
    await createIncident(ctx, {
      name: `Login fails ${'x'.repeat(120)} \u0627\u0644\u062f\u062e\u0648\u0644!`,
      body: 'Looking.',
    });
    clock.set('2026-11-20T12:00:00Z');
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  it('answers a month with its incidents and links to the months around it', async () => {
    const sep = await get('/history?month=2026-09');
    expect(sep.statusCode).toBe(200);
    expect(sep.body).toContain('<h1>September 2026</h1>');
    expect(sep.body).toContain('September slowdown');
    expect(sep.body).not.toContain('Login fails');
    // the first month with an incident has no earlier link; the next month exists (quiet)
    expect(sep.body).not.toContain('rel="prev"');
    expect(sep.body).toContain('rel="next" href="/history/2026-10"');

    const oct = await get('/history?month=2026-10');
    expect(oct.statusCode).toBe(200);
    expect(oct.body).toContain('No incidents reported in October 2026');
    expect(oct.body).toContain('rel="prev" href="/history/2026-09"');
    expect(oct.body).toContain('rel="next" href="/history/2026-11"');

    const nov = await get('/history?month=2026-11');
    expect(nov.body).toContain('Login fails');
    expect(nov.body).toMatch(/class="history-name title-text" dir="auto"/);
    expect(nov.body).not.toContain('rel="next"'); // nothing after the current month
    // the same bytes at the path the static export writes
    expect((await get('/history/2026-11')).body).toBe(nov.body);
    // a month before the first incident is still a month: empty, not an error
    const old = await get('/history?month=2019-03');
    expect(old.statusCode).toBe(200);
    expect(old.body).toContain('No incidents reported in March 2019');
  });

  it('answers 400 to a malformed month', async () => {
    for (const bad of ['2026-13', '2026-1', '26-11', 'november', '', '2026-11-01', '2026-00']) {
      const r = await get(`/history?month=${encodeURIComponent(bad)}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.body).toContain('That month is not valid');
    }
    const twice = await get('/history?month=2026-11&month=2026-10');
    expect(twice.statusCode).toBe(400);
  });

  it('lists past incidents on / one line each, linking to their pages', async () => {
    const page = (await get('/')).body;
    const past = page.slice(page.indexOf('id="past-title"'));
    const line =
      /<p class="past [^"]*"><a class="past-name title-text" dir="auto" href="\/incidents\/[^"]+">Login fails/;
    expect(past).toMatch(line);
    expect(past).not.toContain('past-latest');
  });

  it('answers a missing page with the site-styled 404', async () => {
    const r = await get('/no/such/page');
    expect(r.statusCode).toBe(404);
    expect(r.body).toContain('Page not found');
    expect(r.body).toContain('/assets/');
    const api = await get('/api/v2/nope.json');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
  });
});
