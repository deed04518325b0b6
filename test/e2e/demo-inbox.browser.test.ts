/**
 * The demo inbox in Chromium: an incident published over the admin API appears without a
 * reload (the 3 s refresh), the email preview frame runs no scripts, and the page logs no
 * errors. Saves docs/screenshots/demo-inbox.png and demo-inbox-webhooks.png.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/actions/createToken.js';
import { DEMO_ACCOUNTS, loadDemo } from '../../src/actions/loadDemo.js';
import { DemoInbox } from '../../src/main/demoInbox.js';
import { addDemoSubscribers, DEMO_EMAILS } from '../../src/main/demoSubscribers.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { waitFor } from '../helpers/receivers.js';

describe('demo inbox in Chromium', () => {
  let app: TestApp;
  let inbox: DemoInbox;
  let server: Running;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite', { config: { allowPrivateNetwork: false } });
    inbox = await DemoInbox.start();
    server = await startServer(app, {
      port: 0,
      host: '127.0.0.1',
      scheduler: false,
      ...inbox.serverOptions(),
    });
    await loadDemo(app.ctx(), { publicUrl: server.url });
    await addDemoSubscribers(app, inbox, server.url);
    token = (await createToken(app.ctx(), { name: 'test', scope: 'admin' })).secret;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await inbox?.close();
    await app?.cleanup();
  });

  async function publish(name: string, body: string) {
    const comps = (await (await fetch(`${server.url}/api/v2/components.json`)).json()) as {
      components: { id: string; name: string }[];
    };
    const api = comps.components.find((c) => c.name === 'API')!;
    const res = await fetch(`${server.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, body, components: { [api.id]: 'partial_outage' } }),
    });
    expect(res.status).toBe(201);
  }

  it('shows arrivals without a reload, previews email safely, and logs no errors', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1280, height: 1000 },
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.url}/demo/inbox`);
    await expect(page.locator('.empty h2').textContent()).resolves.toBe('No emails yet');
    expect(await page.locator('#live').isVisible()).toBe(true);

    await publish(
      'Elevated API error rates',
      'Some API requests are failing with 503 errors. We are investigating and will update within 30 minutes.',
    );
    // the two demo readers, the contacts of the demo accounts on the API, and the managers of
    // the key accounts among them (an outreach notice)
    const onApi = DEMO_ACCOUNTS.filter((a) => a.footprint.includes('API'));
    const expected =
      2 +
      onApi.reduce((n, a) => n + a.contacts.length, 0) +
      new Set(
        onApi
          .filter((a) => a.tier === 'enterprise' || a.criticality === 'critical')
          .map((a) => a.manager),
      ).size;
    await waitFor(
      () => inbox.emails.length >= expected && inbox.webhooks.length >= 1,
      15_000,
      'arrivals',
    );
    // no reload: the refresh script swaps the list in within ~3 s
    await page
      .locator('article.msg')
      .nth(expected - 1)
      .waitFor({ timeout: 8_000 });
    expect(await page.locator('.tab[aria-current="page"] .count').textContent()).toBe(
      String(expected),
    );
    // a demo reader's email (the newest may be a manager's outreach notice)
    const msg = page.locator('article.msg', { hasText: DEMO_EMAILS.all }).first();
    // each email is a row to scan; only the newest is open, the others open on a click
    expect(await page.locator('details.msg-fold[open]').count()).toBe(1);
    if ((await msg.locator('details.msg-fold').getAttribute('open')) === null)
      await msg.locator('summary.msg-head').click();
    const frame = msg.locator('iframe.preview');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await frame.scrollIntoViewIfNeeded(); // it loads lazily
    // the sandboxed document is opaque to this page (no same-origin), yet it rendered
    const inner = msg.frameLocator('iframe.preview');
    await expect(inner.locator('body').textContent()).resolves.toContain('503 errors');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.evaluate('document.fonts.ready.then(() => true)');
    await screenshot(page, 'demo-inbox.png');

    await page.locator('.tab', { hasText: 'Webhooks' }).click();
    await page.locator('.sig-ok').first().waitFor();
    expect(await page.locator('.sig-ok').first().textContent()).toBe('signature valid ✓');
    await screenshot(page, 'demo-inbox-webhooks.png');
    expect(errors).toEqual([]);
    await context.close();
  });
});
