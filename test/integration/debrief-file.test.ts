/**
 * The debrief as a standalone HTML file (issue #14) on real SQLite and PostgreSQL: served as a
 * download from the API (read scope) and from the console's Download HTML link; the three SVG
 * charts and the hand-computed numbers of test/fixtures/debriefIncident.ts inside; no script,
 * no form, nothing that loads from the network; the only URLs are links back to this Flare's
 * console (the page's public URL); a hostile incident name is escaped.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { scriptDebriefIncident, T } from '../fixtures/debriefIncident.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const BASE = 'https://status.acme.test';
const HOSTILE = '<img src=x onerror=alert(1)>';

/** Everything in the file that could make a browser fetch or run something. */
function assertSelfContained(body: string) {
  expect(body).not.toMatch(/<script/i);
  expect(body).not.toMatch(/\son\w+=/i); // no event handler attribute
  expect(body).not.toMatch(/<(link|img|iframe|object|embed|form)\b/i);
  expect(body).not.toMatch(/\ssrc=/i);
  expect(body).not.toMatch(/url\(/i);
  expect(body).not.toMatch(/@import/i);
  // every URL is a plain link back to this Flare's console
  const urls = body.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
  expect(urls.length).toBeGreaterThan(0);
  for (const u of urls) expect(u).toMatch(/^https:\/\/status\.acme\.test\/console\//);
  for (const href of body.match(/href="[^"]*"/g) ?? [])
    expect(href).toMatch(/^href="https:\/\/status\.acme\.test\/console\//);
}

describeEachEngine('debrief as a standalone HTML file', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:05:00Z'));
  let h: ApiHarness;
  let incident: string;
  let hostile: string;

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    await updatePage(h.app.ctx(), { name: 'Acme Cloud', url: BASE });
    incident = await scriptDebriefIncident(h.app, clock);
    clock.set(T('14:00:00'));
    hostile = (
      await createIncident(h.app.ctx(), {
        name: HOSTILE,
        body: 'Nothing else happened.',
        deliver_notifications: false,
      })
    ).id;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('serves the file as a download with the charts and the numbers, and nothing that loads', async () => {
    const res = await h.call('read', 'GET', `/api/v1/incidents/${incident}/debrief.html`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="debrief-${incident}.html"`,
    );
    const body = res.body;
    expect(body.startsWith('<!doctype html>')).toBe(true);
    expect(body.match(/<svg /g)?.length).toBe(3);
    expect(body.match(/<svg [^>]*role="img"/g)?.length).toBe(3);
    expect(body).toContain('<title>Comms debrief: Payments failing · Acme Cloud</title>');
    // the hand-computed figures of debrief.test.ts: 2 of 3 promises kept, email 14/11/2/1, p50 500 ms
    expect(body).toContain('2 of 3');
    expect(body).toContain('<td>email</td><td>14</td><td>11</td><td>2</td><td>1</td><td>500</td>');
    // the numbers' tables are open, for print; the console's forms and links are gone
    expect(body.match(/<details class="reaction-table" open>/g)?.length).toBe(3);
    expect(body).not.toContain('Apply to the plan');
    expect(body).not.toContain('Download HTML');
    expect(body).toContain(`href="${BASE}/console/incidents/${incident}"`);
    expect(body).toContain(`href="${BASE}/console/accounts/acc_acme"`);
    expect(body).toMatch(/<style>[^<]*@media print/);
    expect(body).toContain(
      'content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;',
    );
    assertSelfContained(body);
  });

  it('escapes a hostile incident name', async () => {
    const res = await h.call('read', 'GET', `/api/v1/incidents/${hostile}/debrief.html`);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain(HOSTILE);
    expect(res.body).toContain('Comms debrief: &lt;img src=x onerror=alert(1)&gt;');
    expect(res.body).toContain(
      '<title>Comms debrief: &lt;img src=x onerror=alert(1)&gt; · Acme Cloud',
    );
    expect(res.body).not.toMatch(/<img/i);
    expect(res.body).not.toMatch(/<script/i);
  });

  it('needs a token, and names an unknown incident', async () => {
    expect((await h.call(null, 'GET', `/api/v1/incidents/${incident}/debrief.html`)).status).toBe(
      401,
    );
    const missing = await h.call('read', 'GET', '/api/v1/incidents/inc_nope/debrief.html');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });

  it('offers the same file from the console debrief screen', async () => {
    const { cookie } = await signInConsole(h.server, h.secrets.write);
    const screen = await h.server.inject({
      url: `/console/incidents/${incident}/debrief`,
      headers: { cookie },
    });
    expect(screen.body).toContain(`href="/console/incidents/${incident}/debrief.html" download`);
    const res = await h.server.inject({
      url: `/console/incidents/${incident}/debrief.html`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="debrief-${incident}.html"`,
    );
    expect(res.body.match(/<svg /g)?.length).toBe(3);
    assertSelfContained(res.body);
    const anonymous = await h.server.inject({ url: `/console/incidents/${incident}/debrief.html` });
    expect(anonymous.statusCode).toBeGreaterThanOrEqual(300);
    expect(anonymous.body).not.toContain('<svg');
  });
});
