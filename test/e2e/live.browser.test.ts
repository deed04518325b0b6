/**
 * The live console and the public page polish in Chromium: a dashboard and an incident screen
 * left open pick up changes made elsewhere (the API, another process) within about 2 s without
 * a reload, and leave a form someone is typing in alone; the public page's long unbroken title
 * never widens a 390 px phone; month history and the 404 page. Saves screenshots at 1280 px
 * and 390 px in docs/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { patchIncident } from '../../src/actions/patchIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const LONG = `Checkout${'AndPayments'.repeat(14)}Unavailable`;
const WIDTHS = [
  { w: 1280, h: 900, tag: '' },
  { w: 390, h: 844, tag: '-390' },
];

// (an open event stream does not hold off Playwright's network idle: `settle` still works)
const ready = settle;

async function noSideScroll(page: Page) {
  const [scroll, client] = (await page.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as [number, number];
  expect(scroll, page.url()).toBeLessThanOrEqual(client);
}

describe('live console and public polish in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;
  let secret: string;
  let incidentId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    const api = await createComponent(ctx, { name: 'API' });
    await createComponent(ctx, { name: 'Dashboard' });
    const t = await createToken(ctx, { name: 'comms-lead', scope: 'admin' });
    tokenId = t.token.id;
    secret = t.secret;
    const old = await createIncident(ctx, {
      name: 'Slow logins for some users',
      body: 'Looking into it.',
      components: { [api.id]: 'degraded_performance' },
    });
    await postUpdate(ctx, 'incident', old.id, { status: 'resolved', body: 'Fixed.' });
    const open = await createIncident(ctx, {
      name: LONG,
      body: 'Payments fail at checkout. \u0627\u0644\u062f\u0641\u0639 \u0645\u062a\u0648\u0642\u0641!',
      components: { [api.id]: 'major_outage' },
    });
    incidentId = open.id;
    // a promise already broken: shown as overdue on the console and the public page
    await patchIncident(ctx, open.id, {
      next_update_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    });
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  async function signIn(page: Page) {
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    await ready(page);
  }

  it('updates an open dashboard and incident screen within 2 s of an API write', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    await signIn(page);
    expect(await page.locator('.due.is-overdue').count()).toBeGreaterThan(0);
    await page.waitForTimeout(800); // the stream is open and the feed has its starting point
    const t0 = Date.now();
    const r = await fetch(`${server.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Webhooks delayed', status: 'investigating', body: 'x' }),
    });
    expect(r.status).toBe(201);
    await page.locator('#live-open').getByText('Webhooks delayed').waitFor({ timeout: 2500 });
    expect(Date.now() - t0).toBeLessThan(2500);
    // told to screen readers, politely
    expect(await page.locator('body > p.sr-only[role="status"]').textContent()).toMatch(
      /^Updated at /,
    );
    for (const s of WIDTHS) {
      await page.setViewportSize({ width: s.w, height: s.h });
      await screenshot(page, `console-dashboard-live${s.tag}.png`, { fullPage: true });
      await noSideScroll(page);
    }

    // the incident screen: the timeline follows, a half-typed update is left alone
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/console/incidents/${incidentId}`);
    await ready(page);
    await page.waitForTimeout(800);
    const room = page.locator('#live-room textarea').first();
    const typing = (await room.count()) > 0;
    if (typing) await room.fill('half a thought');
    await postUpdate(app.ctx(), 'incident', incidentId, {
      status: 'identified',
      body: 'Found the faulty deploy.',
    });
    await page
      .locator('#live-timeline')
      .getByText('Found the faulty deploy.')
      .waitFor({ timeout: 2500 });
    if (typing) expect(await room.inputValue()).toBe('half a thought');
    for (const s of WIDTHS) {
      await page.setViewportSize({ width: s.w, height: s.h });
      await screenshot(page, `console-incident-live${s.tag}.png`, { fullPage: true });
      await noSideScroll(page);
    }
    expect(errors).toEqual([]);
    await close();
  });

  it('shows the public page, a month of history and the 404 without widening a phone', async () => {
    await patchIncident(app.ctx(), incidentId, {
      next_update_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    });
    for (const s of WIDTHS) {
      const { page, close } = await openPage(browser, { viewport: { width: s.w, height: s.h } });
      for (const [path, name] of [
        ['/', 'status-page-polish'],
        [`/incidents/${incidentId}`, 'incident-page-long-title'],
        [`/history?month=${new Date().toISOString().slice(0, 7)}`, 'history-month'],
        ['/no-such-page', 'not-found'],
      ]) {
        await page.goto(server.url + path);
        await ready(page);
        await noSideScroll(page);
        await screenshot(page, `${name}${s.tag}.png`, { fullPage: true });
      }
      await page.goto(server.url);
      expect(await page.locator('.next-update.is-overdue').count()).toBeGreaterThan(0);
      await close();
    }
  });
});
