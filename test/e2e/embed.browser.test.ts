/**
 * The embed script on a customer's own site, in Debian's Chromium: a page served from another
 * origin (another port on 127.0.0.1) with a strict CSP of its own loads /embed/status.js. It
 * shows the banner while an incident is open, can be dismissed, and shows none once the
 * incident is resolved; the iframe version shows the same. No cookie is set on either origin.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot } from '../helpers/browser.js';

describe('embed script on another origin in Chromium', () => {
  let app: TestApp;
  let flare: Running;
  let host: Server;
  let hostUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    flare = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    await updatePage(app.ctx(), { name: 'Acme Cloud', url: flare.url });
    const origin = new URL(flare.url).origin;
    host = createServer((req, res) => {
      const frame = req.url?.startsWith('/frame');
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        // the customer's own strict policy: no inline style or script anywhere
        'content-security-policy': `default-src 'self'; script-src 'self' ${origin}; connect-src ${origin}; frame-src ${origin}; style-src 'self'`,
      });
      res.end(
        frame
          ? `<!doctype html><title>Shop</title><h1>Acme Shop</h1><iframe title="Service status" src="${origin}/embed/frame" width="600" height="60"></iframe>`
          : `<!doctype html><title>Shop</title><h1>Acme Shop</h1><p>Buy things.</p><script src="${origin}/embed/status.js"></script>`,
      );
    });
    await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => host?.close(done));
    await flare?.stop();
    await app?.cleanup();
  });

  const unresolved = async () => {
    const r = await fetch(`${flare.url}/api/v2/incidents/unresolved.json`);
    return ((await r.json()) as { incidents: unknown[] }).incidents.length;
  };

  it('shows the banner while an incident is open, and none once it is resolved', async () => {
    const api = (await createComponent(app.ctx(), { name: 'Checkout' })).id;
    const incident = (
      await createIncident(app.ctx(), {
        name: 'Checkout <b>errors</b>',
        body: 'Some payments fail. We are investigating.',
        components: { [api]: 'major_outage' },
        deliver_notifications: false,
      })
    ).id;
    await expect.poll(unresolved).toBe(1);

    const { page, errors, context, close } = await openPage(browser, {
      viewport: { width: 1024, height: 600 },
    });
    try {
      await page.goto(`${hostUrl}/`);
      const banner = page.locator('[data-flare-banner]');
      await expect.poll(() => banner.count()).toBe(1);
      const bar = banner.locator('[role="status"]');
      expect(await bar.textContent()).toContain('Checkout <b>errors</b>'); // shown as text
      expect(await bar.textContent()).toContain('Some payments fail.');
      expect(await banner.getAttribute('data-flare-banner')).toBe('critical');
      const link = bar.locator('a');
      expect(await link.getAttribute('href')).toBe(`${flare.url}/incidents/${incident}`);
      // a card in the bottom-left corner, clear of the shop's heading
      const box = await bar.boundingBox();
      expect(box?.x).toBe(16);
      expect(Math.round((box?.y ?? 0) + (box?.height ?? 0))).toBe(600 - 16);
      expect(box?.width).toBe(420);
      await screenshot(page, 'embed-banner.png');
      // dismissed, it stays away for this update
      await bar.getByRole('button', { name: 'Dismiss this status message' }).click();
      expect(await banner.count()).toBe(0);

      await postUpdate(app.ctx(), 'incident', incident, { status: 'resolved', body: 'Fixed.' });
      await expect.poll(unresolved).toBe(0);
      await page.reload();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('h1').textContent()).toBe('Acme Shop');
      expect(await banner.count()).toBe(0);
      expect(await context.cookies()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows the frame version inside a customer page', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 800, height: 200 },
    });
    try {
      await page.goto(`${hostUrl}/frame`);
      const frame = page.frameLocator('iframe');
      await expect
        .poll(() => frame.locator('[role="status"]').textContent())
        .toContain('All systems operational');
      await screenshot(page, 'embed-frame.png');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
