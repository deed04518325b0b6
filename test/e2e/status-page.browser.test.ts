/**
 * The public status page in a real browser: Debian's Chromium (driven by playwright-core)
 * against a real listening server on a SQLite app loaded with the demo data. Saves the
 * screenshots in docs/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

describe('status page in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    await loadDemo(app.ctx(), { publicUrl: 'http://127.0.0.1' });
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  /** Opens a page that records console errors and failed requests. */
  function open(width: number, height: number, timezoneId = 'America/New_York') {
    return openPage(browser, { viewport: { width, height }, timezoneId }, { failedRequests: true });
  }

  it('shows the banner, rewrites promised times to local time, and logs no errors', async () => {
    const { page, errors, close } = await open(1280, 900);
    const res = await page.goto(`${server.url}/`);
    expect(res?.status()).toBe(200);
    await settle(page);
    const banner = page.locator('.banner');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toMatch(/Partial System Outage/);
    const next = page.locator('.next-update').first();
    expect(await next.textContent()).toMatch(/^Next update by .+ \(your time\)$/);
    // in the page's own format, 24-hour with the zone's name, only in the reader's zone (New York)
    expect(await next.locator('time').textContent()).toMatch(
      /^(\w{3} \d{1,2} \w{3}, )?\d\d:\d\d EST \(your time\)$/,
    );
    // The page's own time stays available as the tooltip
    expect(await next.locator('time').getAttribute('title')).toMatch(/G?MT|BST|UTC/);
    expect(await page.locator('.window time').first().textContent()).toMatch(
      /\d\d:\d\d – .*\d\d:\d\d EST \(your time\)$/,
    );
    // Every component shows 90 days at this width
    const bars = page.locator('ol.bars').first().locator('li.d');
    expect(await bars.count()).toBe(90);
    expect(await bars.last().isVisible()).toBe(true);
    // A day's popover (date, uptime, incidents) appears when its incident link takes focus
    const day = page.locator('li.d.s-major').first();
    await day.locator('a').first().focus();
    const tip = await day.locator('.tip').boundingBox();
    expect(tip?.width).toBeGreaterThan(100);
    expect(await day.locator('.tip').textContent()).toMatch(
      /\d+(\.\d+)?% uptime\s+Major outage: .+\s+Dashboard unavailable in Europe/,
    );
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await screenshot(page, 'status-page.png', { fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });

  it('fits a 390px phone without horizontal scrolling', async () => {
    const { page, errors, close } = await open(390, 844);
    await page.goto(`${server.url}/`);
    await settle(page);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const visibleDays = await page.locator('ol.bars').first().locator('li.d:visible').count();
    expect(visibleDays).toBe(30);
    await screenshot(page, 'status-page-mobile.png', { fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });

  it('opens an incident from the home page at its permalink', async () => {
    const { page, errors, close } = await open(1280, 900);
    await page.goto(`${server.url}/`);
    await page.locator('.incident-card h3 a').first().click();
    await settle(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/incidents\/[\w-]+$/);
    expect(await page.locator('h1').textContent()).toBe('Elevated API error rates');
    expect(await page.locator('.next-update').textContent()).toContain('(your time)');
    expect(await page.locator('.timeline .update').count()).toBe(2);
    await screenshot(page, 'incident-page.png', { fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });

  it('works without JavaScript', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const next = await page.locator('.next-update').first().textContent();
    expect(next).toMatch(
      /^Next update by \d\d:\d\d (GMT|BST)$|^Next update by \w{3} \d+ \w{3}, \d\d:\d\d (GMT|BST)$/,
    );
    await page.locator('summary').first().click();
    expect(await page.locator('details.group').first().getAttribute('open')).toBeNull();
    await context.close();
  });
});
