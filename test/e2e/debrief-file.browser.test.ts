/**
 * The debrief (issue #14) in Debian's Chromium with JavaScript off, on screen and printed:
 *  - the console screen: the three SVG charts are served in the HTML, axe-core finds no
 *    serious or critical violation, and printing hides the console's header but keeps the
 *    charts on the page;
 *  - the standalone HTML file opened from disk: nothing but the file itself is requested, the
 *    charts and their open tables show, axe passes, the print layout keeps the charts, and it
 *    prints to a PDF. Its screenshot is docs/screenshots/debrief.png.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Cookie, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { scriptDebriefIncident } from '../fixtures/debriefIncident.js';
import { makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { launchChromium, openPage, screenshot } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical WCAG 2.1 A/AA violations at `url`, in a context of its own
 * with JavaScript on: axe waits on timers, which never fire with JavaScript off. (The file has no
 * script and the console's only enhances, so the page axe sees is the same.)
 */
async function axeSerious(
  browser: Browser,
  url: string,
  cookies: Cookie[] = [],
): Promise<string[]> {
  const { context, page, close } = await openPage(browser, {
    viewport: { width: 1280, height: 900 },
  });
  await context.addCookies(cookies);
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ' (' + v.impact + ')'))`,
  )) as string[];
  await close();
  return found.filter((v) => /serious|critical/.test(v));
}

/** The charts drawn on the page: each SVG's rendered width and height. */
const chartBoxes = (page: Page) =>
  page
    .locator('main svg[role="img"]')
    .evaluateAll((els) => els.map((e) => [e.clientWidth, e.getBoundingClientRect().height]));

describe('the debrief with JavaScript off, on screen and printed', () => {
  const clock = new TestClock();
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let incident: string;
  let tokenId: string;
  let readSecret: string;
  const dir = mkdtempSync(join(tmpdir(), 'flare-debrief-file-'));

  beforeAll(async () => {
    app = await makeTestApp('sqlite', { clock });
    await updatePage(app.ctx(), { name: 'Acme Cloud', url: 'https://status.acme.test' });
    incident = await scriptDebriefIncident(app, clock);
    tokenId = (await createToken(app.ctx(), { name: 'comms-lead', scope: 'write' })).token.id;
    readSecret = (await createToken(app.ctx(), { name: 'reader', scope: 'read' })).secret;
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the console screen: charts without script, axe, print', { timeout: 90_000 }, async () => {
    const signin = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await signin.page.goto(`${server.url}/console/signin?code=${code}`);
    await signin.page.getByRole('button', { name: 'Continue to the console' }).click();
    await signin.page.waitForURL((u) => u.pathname === '/console');
    const cookies = await signin.context.cookies();
    await signin.close();

    const { context, page, close } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    await context.addCookies(cookies);
    await page.goto(`${server.url}/console/incidents/${incident}/debrief`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('main svg[role="img"]').count()).toBe(3);
    for (const [w, h] of await chartBoxes(page)) {
      expect(w).toBeGreaterThan(300);
      expect(h).toBeGreaterThan(40);
    }
    await expect(page.getByRole('link', { name: 'Download HTML' }).count()).resolves.toBe(1);
    expect(
      await axeSerious(browser, `${server.url}/console/incidents/${incident}/debrief`, cookies),
    ).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.console-header').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Download HTML' }).isVisible()).toBe(false);
    const printed = await chartBoxes(page);
    expect(printed).toHaveLength(3);
    for (const [w, h] of printed) {
      expect(w).toBeGreaterThan(300);
      expect(h).toBeGreaterThan(40);
    }
    await close();
  });

  it('the standalone file from disk: nothing fetched, axe, print, PDF', {
    timeout: 90_000,
  }, async () => {
    const res = await fetch(`${server.url}/api/v1/incidents/${incident}/debrief.html`, {
      headers: { authorization: `Bearer ${readSecret}` },
    });
    expect(res.status).toBe(200);
    const file = join(dir, `debrief-${incident}.html`);
    writeFileSync(file, await res.text());
    const url = pathToFileURL(file).href;

    const { page, close } = await openPage(browser, {
      viewport: { width: 1100, height: 900 },
      javaScriptEnabled: false,
    });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    expect(requested).toEqual([url]);
    expect(await page.locator('main svg[role="img"]').count()).toBe(3);
    expect(await page.locator('details.reaction-table[open] table').count()).toBe(3);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Comms debrief: Payments failing',
    );
    expect(await axeSerious(browser, url)).toEqual([]);
    await screenshot(page, 'debrief.png', { fullPage: true });

    await page.emulateMedia({ media: 'print' });
    const printed = await chartBoxes(page);
    expect(printed).toHaveLength(3);
    for (const [w, h] of printed) {
      expect(w).toBeGreaterThan(300);
      expect(h).toBeGreaterThan(40);
    }
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(requested).toEqual([url]);
    await close();
  });
});
