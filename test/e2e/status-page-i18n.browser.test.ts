/**
 * The status page in the reader's language in a real browser: Debian's Chromium with a French
 * or German locale (which sets Accept-Language and navigator.language) against a real server on
 * the demo data. Saves docs/screenshots/status-page-fr.png and status-page-de.png.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

describe('status page languages in Chromium', () => {
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

  const cases = [
    {
      locale: 'fr-FR',
      lang: 'fr',
      banner: /Panne partielle du système/,
      next: /^Prochaine mise à jour avant .+ \(votre heure\)$/,
      heading: 'État des systèmes',
    },
    {
      locale: 'de-DE',
      lang: 'de',
      banner: /Teilweiser Systemausfall/,
      next: /^Nächstes Update bis .+ \(Ihre Zeit\)$/,
      heading: 'Systemstatus',
    },
  ];

  for (const c of cases) {
    it(`speaks ${c.lang} to a ${c.locale} browser, local times included`, async () => {
      const { page, errors, close } = await openPage(
        browser,
        { viewport: { width: 1280, height: 900 }, locale: c.locale, timezoneId: 'Europe/Paris' },
        { failedRequests: true },
      );
      const res = await page.goto(`${server.url}/`);
      expect(res?.status()).toBe(200);
      expect(res?.headers().vary).toMatch(/Accept-Language/i);
      await settle(page);
      expect(await page.locator('html').getAttribute('lang')).toBe(c.lang);
      expect(await page.locator('.banner').textContent()).toMatch(c.banner);
      expect(await page.locator('.next-update').first().textContent()).toMatch(c.next);
      expect(await page.locator('#components-title').textContent()).toBe(c.heading);
      expect(await page.locator('nav.languages [aria-current="true"]').getAttribute('lang')).toBe(
        c.lang,
      );
      await screenshot(page, `status-page-${c.lang}.png`, { fullPage: true });
      expect(errors).toEqual([]);
      await close();
    });
  }

  it('switches language with the switcher, whatever the browser asks for', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
    });
    await page.goto(`${server.url}/`);
    await page.locator('nav.languages a[lang="de"]').click();
    await settle(page);
    expect(new URL(page.url()).search).toBe('?locale=de');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.locator('nav.languages a[lang="en"]').click();
    await settle(page);
    expect(await page.locator('.banner').textContent()).toMatch(/Partial System Outage/);
    expect(errors).toEqual([]);
    await close();
  });
});
