/**
 * The demo inbox in Chromium: an incident published over the admin API appears without a
 * reload (the 3 s refresh), the email preview frame runs no scripts, and the page logs no
 * errors. Saves docs/screenshots/demo-inbox.png and demo-inbox-webhooks.png.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/actions/createToken.js';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { DemoInbox } from '../../src/main/demoInbox.js';
import { addDemoSubscribers } from '../../src/main/demoSubscribers.js';
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
    await waitFor(() => inbox.emails.length >= 2 && inbox.webhooks.length >= 1, 15_000, 'arrivals');
    // no reload: the refresh script swaps the list in within ~3 s
    await page.locator('article.msg').nth(1).waitFor({ timeout: 8_000 });
    expect(await page.locator('.tab[aria-current="page"] .count').textContent()).toBe('2');
    const frame = page.locator('iframe.preview').first();
    expect(await frame.getAttribute('sandbox')).toBe('');
    // the sandboxed document is opaque to this page (no same-origin), yet it rendered
    const inner = page.frameLocator('iframe.preview').first();
    await expect(inner.locator('body').textContent()).resolves.toContain('503 errors');
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
