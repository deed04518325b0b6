/** The public HTML pages, rendered through the real HTTP server from real data on each engine. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { patchIncident } from '../../src/actions/patchIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { scheduleMaintenance } from '../../src/actions/scheduleMaintenance.js';
import { updateComponent } from '../../src/actions/updateComponent.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';

/** The markup of one component row on the home page, found by its name. */
function componentBlock(page: string, name: string): string {
  const blocks = page.split('<div class="component">').slice(1);
  const hit = blocks.find((b) => b.includes(`<span class="component-name">${name}</span>`));
  if (!hit) throw new Error(`no component ${name}`);
  return hit.slice(0, hit.indexOf('</ol>'));
}

describeEachEngine('public pages', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = new TestClock(Date.parse('2026-08-01T09:00:00Z'));
  const ids: Record<string, string> = {};

  const get = async (url: string, headers: Record<string, string> = {}) =>
    server.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    server = await buildServer(app);
    const ctx = app.ctx();
    const core = await createComponent(ctx, { name: 'Core', group: true });
    ids.api = (await createComponent(ctx, { name: 'API', group_id: core.id })).id;
    ids.dash = (await createComponent(ctx, { name: 'Dashboard', group_id: core.id })).id;
    ids.billing = (await createComponent(ctx, { name: 'Billing', description: 'Invoices' })).id;
    ids.hidden = (
      await createComponent(ctx, { name: 'Legacy sync', only_show_if_degraded: true })
    ).id;

    clock.set('2026-10-15T10:00:00Z');
    const old = await createIncident(ctx, {
      name: 'Old outage',
      body: 'API is down.',
      components: { [ids.api]: 'major_outage' },
    });
    ids.old = old.id;
    clock.advanceMinutes(60);
    await postUpdate(ctx, 'incident', old.id, { status: 'resolved', body: 'Back up.' });
    await patchIncident(ctx, old.id, {
      postmortem_body: '# Root cause\n\nA **bad** deploy.',
      postmortem_published: true,
    });

    clock.set('2026-11-02T08:00:00Z');
    const blip = await createIncident(ctx, {
      name: 'November blip',
      body: 'Slow dashboard.',
      components: { [ids.dash]: 'degraded_performance' },
    });
    clock.advanceMinutes(15);
    await postUpdate(ctx, 'incident', blip.id, { status: 'resolved', body: 'Fast again.' });

    clock.set('2026-11-20T11:30:00Z');
    const live = await createIncident(ctx, {
      name: 'Elevated errors',
      body: 'We are **investigating** errors.',
      components: { [ids.api]: 'partial_outage' },
    });
    ids.live = live.id;
    clock.set('2026-11-20T12:00:00Z');
    await postUpdate(ctx, 'incident', live.id, {
      status: 'identified',
      body: 'A bad cache node. Moving traffic.',
      next_update_in_minutes: 30,
    });
    const m = await scheduleMaintenance(ctx, {
      name: 'Database upgrade',
      body: 'Patching.',
      scheduled_for: '2026-11-21T02:00:00Z',
      scheduled_until: '2026-11-21T04:00:00Z',
      components: [ids.billing],
    });
    ids.maint = m.id;
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  it('shows the banner, the active incident with its timeline newest first and its next update', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = res.body;
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toMatch(/<h1 id="banner-title"[^>]*>.*Partial System Outage<\/h1>/);
    expect(page).toContain('class="banner b-major"');
    const card = page.slice(
      page.indexOf('id="active-title"'),
      page.indexOf('id="maintenance-title"'),
    );
    expect(card).toContain(`<a href="/incidents/${ids.live}">Elevated errors</a>`);
    expect(card.indexOf('Identified')).toBeGreaterThan(0);
    expect(card.indexOf('Identified')).toBeLessThan(card.indexOf('Investigating'));
    expect(card).toContain('<strong>investigating</strong> errors.');
    expect(card).toMatch(
      /Next update by <time datetime="2026-11-20T12:30:00.000Z" data-local="time">12:30 UTC<\/time>/,
    );
    expect(page).toContain('<script src="/assets/flare.js?v=');
  });

  it('lists upcoming maintenance with its window', async () => {
    const page = (await get('/')).body;
    expect(page).toContain('Scheduled maintenance');
    expect(page).toContain(`<a href="/incidents/${ids.maint}">Database upgrade</a>`);
    expect(page).toContain('Sat 21 Nov, 02:00 – 04:00 UTC');
  });

  it('shows components in groups with the worst child status, and hides quiet components', async () => {
    const page = (await get('/')).body;
    const group = page.slice(
      page.indexOf('<details class="group" open>'),
      page.indexOf('</details>'),
    );
    expect(group).toContain('<span class="group-name">Core</span>');
    expect(group).toContain('<span class="status-label st-partial_outage">');
    expect(group).toContain('<span class="component-name">API</span>');
    expect(group).toContain('<span class="component-name">Dashboard</span>');
    expect(group).not.toContain('Billing');
    expect(page).toContain('<span class="component-name">Billing</span>');
    expect(page).not.toContain('Legacy sync');
    await updateComponent(app.ctx(), ids.hidden, { status: 'degraded_performance' });
    expect((await get('/')).body).toContain('<span class="component-name">Legacy sync</span>');
    await updateComponent(app.ctx(), ids.hidden, { status: 'operational' });
    expect((await get('/')).body).not.toContain('Legacy sync');
  });

  it('draws 90 days of uptime with the outage day marked and told', async () => {
    const api = componentBlock((await get('/')).body, 'API');
    const days = api.match(/<li class="d [^"]*"/g) ?? [];
    expect(days).toHaveLength(90);
    const outage = api.split('<li ').find((d) => d.includes('Thu 15 Oct 2026'));
    expect(outage).toMatch(/^class="d s-major"/);
    expect(outage).toContain('Major outage: 1 h');
    expect(outage).toContain(`<a href="/incidents/${ids.old}">Old outage</a>`);
    expect(outage).toMatch(/\d\d\.\d\d% uptime/);
    const quiet = api.split('<li ').find((d) => d.includes('Sat 31 Oct 2026'));
    expect(quiet).toContain('100% uptime');
    expect(quiet).toContain('No incidents');
    expect(api).toContain('aria-label="API: uptime by day, last 90 days"');
    // days before the component existed have no data
    const billing = componentBlock((await get('/')).body, 'Billing');
    expect(billing).toContain('class="d s-op"');
  });

  it('lists the last 7 days of incidents, with quiet days said so', async () => {
    const page = (await get('/')).body;
    const past = page.slice(page.indexOf('id="past-title"'));
    expect(past).toContain('Fri 20 Nov 2026');
    expect(past).toContain('Sat 14 Nov 2026');
    expect(past).not.toContain('Fri 13 Nov 2026');
    expect(past.match(/No incidents reported\./g)).toHaveLength(6);
    expect(past).toContain('href="/history"');
  });

  it('renders every incident at its permalink, with postmortem, and 404s an unknown id', async () => {
    const res = await get(`/incidents/${ids.old}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      '<h1 id="incident-title" class="title-text" dir="auto">Old outage</h1>',
    );
    expect(res.body).toContain('Critical impact');
    expect(res.body).toContain('<span class="affects-label">Affected:</span> <bdi>API</bdi>');
    expect(res.body).toMatch(/Resolved[\s\S]*Back up\.[\s\S]*Investigating[\s\S]*API is down\./);
    expect(res.body).toContain('<h2 id="postmortem-title">Postmortem</h2>');
    expect(res.body).toContain('<h3>Root cause</h3>');
    expect(res.body).toContain('<strong>bad</strong>');
    const live = await get(`/incidents/${ids.live}`);
    expect(live.body).toContain('Next update by');
    expect((await get(`/incidents/${ids.maint}`)).body).toContain('Database upgrade');
    expect((await get('/incidents/nope')).statusCode).toBe(404);
  });

  it('lists every incident by month, newest first, on /history', async () => {
    const res = await get('/history');
    expect(res.statusCode).toBe(200);
    const page = res.body;
    const nov = page.indexOf('November 2026');
    const oct = page.indexOf('October 2026');
    expect(nov).toBeGreaterThan(0);
    expect(oct).toBeGreaterThan(nov);
    expect(page.indexOf('Elevated errors')).toBeGreaterThan(nov);
    expect(page.indexOf('Elevated errors')).toBeLessThan(page.indexOf('November blip'));
    expect(page.indexOf('November blip')).toBeLessThan(oct);
    expect(page.indexOf('Old outage')).toBeGreaterThan(oct);
    expect(page).toContain('15 Oct 2026, 10:00 – 11:00 UTC');
    expect(page).not.toContain('Database upgrade'); // not happened yet
  });

  it('answers with ETag and Cache-Control, and 304 when nothing changed', async () => {
    const first = await get('/');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers['cache-control']).toMatch(/max-age=\d+.*stale-while-revalidate=\d+/);
    const again = await get('/', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await postUpdate(app.ctx(), 'incident', ids.live, { status: 'monitoring', body: 'Fixed.' });
    const changed = await get('/', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const css = await get('/assets/flare.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('prefers-reduced-motion');
    expect((await get('/assets/flare.js')).body).toContain('(your time)');
  });

  it('renders hostile names and bodies inert', async () => {
    const ctx = app.ctx();
    const evil = await createComponent(ctx, { name: '<b onmouseover=alert(1)>Evil</b>' });
    const inc = await createIncident(ctx, {
      name: '<script>alert(1)</script>',
      body: 'Look <img src=x onerror=alert(1)> and [x](javascript:alert(1)) <a href="javascript:alert(2)">y</a> <iframe src="https://evil.example"></iframe>',
      components: { [evil.id]: 'major_outage' },
    });
    for (const url of ['/', `/incidents/${inc.id}`, '/history']) {
      const page = (await get(url)).body;
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).not.toContain('<script>alert');
      expect(page.match(/<script/g)).toHaveLength(1); // only flare.js
      expect(page).not.toMatch(/<(img|iframe)\b/i);
      // no event handler attributes (quoted attribute values, which escape quotes, set aside)
      expect(page.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
      expect(page).not.toMatch(/<[^>]*\s(href|src)\s*=\s*["']?\s*javascript:/i);
      // the body's raw HTML shows as the text that was typed
      if (url !== '/history') expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      if (url !== '/history')
        expect(page).toContain('&lt;b onmouseover=alert(1)&gt;Evil&lt;/b&gt;');
    }
  });
});
