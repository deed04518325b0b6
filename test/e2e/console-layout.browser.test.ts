/**
 * The console's frame at laptop widths, on the demo data, in Chromium: nothing scrolls sideways,
 * the Declare button stays fully on screen, and the Severities cards keep their text inside
 * them (SEV1's long "Calls in" line once ran under the side column). Saves screenshots of the
 * dashboard and Severities at 1024 px in docs/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

interface Measured {
  scrollWidth: number;
  innerWidth: number;
  /** the right edge of the screen's content (main, less its padding) */
  edge: number;
  declare: { left: number; right: number; top: number; bottom: number } | null;
  spills: string[];
}

/** What overflows: the page's scroll width, the Declare button's box, and any card's runaway child. */
const MEASURE = `(() => {
  const d = document.querySelector('.cbutton-declare')?.getBoundingClientRect();
  const main = document.querySelector('main');
  const edge = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
  const spills = [];
  for (const card of document.querySelectorAll('.card-pad')) {
    const box = card.getBoundingClientRect();
    for (const el of card.querySelectorAll('dd, dt, p, h2'))
      if (el.getBoundingClientRect().right > box.right + 0.5)
        spills.push(el.tagName + ': ' + (el.textContent || '').slice(0, 40));
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth,
    edge,
    declare: d ? { left: d.left, right: d.right, top: d.top, bottom: d.bottom } : null,
    spills,
  };
})()`;

const measure = (page: Page) => page.evaluate(MEASURE) as Promise<Measured>;

describe('console layout in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await loadDemo(ctx, { publicUrl: 'http://127.0.0.1' });
    tokenId = (await createToken(ctx, { name: 'comms-lead', scope: 'admin' })).token.id;
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  for (const width of [1024, 1280]) {
    it(`fits ${width} px: no sideways scroll, Declare on screen, cards hold their text`, async () => {
      const { page, errors, close } = await openPage(browser, {
        viewport: { width, height: 800 },
      });
      const { code } = await createSigninCode(app.ctx(), { tokenId });
      await page.goto(`${server.url}/console/signin?code=${code}`);
      await page.getByRole('button', { name: 'Continue to the console' }).click();
      await page.waitForURL((u) => u.pathname === '/console');
      for (const path of ['/console', '/console/severities', '/console/audiences']) {
        await page.goto(`${server.url}${path}`);
        await settle(page);
        const m = await measure(page);
        expect(m.scrollWidth, `${path} at ${width}`).toBeLessThanOrEqual(m.innerWidth);
        expect(m.declare, path).not.toBeNull();
        expect(m.declare!.left).toBeGreaterThanOrEqual(0);
        expect(m.declare!.right).toBeLessThanOrEqual(width);
        // and inside the content's edge, lined up with the screen below it
        expect(m.declare!.right).toBeLessThanOrEqual(m.edge + 0.5);
        expect(m.declare!.top).toBeGreaterThanOrEqual(0);
        expect(m.spills, `${path} at ${width}`).toEqual([]);
        if (width === 1024)
          await screenshot(page, `console-1024-${path.split('/')[2] ?? 'dashboard'}.png`, {
            fullPage: true,
          });
      }
      // the Declare button is one click away and leads to the declare screen
      await page.getByRole('link', { name: 'Declare incident' }).click();
      await page.waitForURL((u) => u.pathname === '/console/declare');
      expect(errors).toEqual([]);
      await close();
    });
  }
});
