/**
 * The debrief screen (issue #14) in Debian's Chromium with JavaScript off: the three SVG charts
 * are there without any script, axe-core finds no serious or critical violation, and the
 * screenshot is saved to docs/screenshots/console-debrief.png.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { scriptDebriefIncident } from '../fixtures/debriefIncident.js';
import { makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('the debrief screen in Chromium', () => {
  const clock = new TestClock();
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let incident: string;
  let tokenId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite', { clock });
    await updatePage(app.ctx(), { name: 'Acme Cloud', url: 'https://status.acme.test' });
    incident = await scriptDebriefIncident(app, clock);
    tokenId = (await createToken(app.ctx(), { name: 'comms-lead', scope: 'admin' })).token.id;
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  it('draws the charts without script and passes axe', { timeout: 90_000 }, async () => {
    const { context, page } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    await page.goto(`${server.url}/console/incidents/${incident}/debrief`);
    await settle(page);
    await page.evaluate(AXE);
    const found = (await page.evaluate(
      `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ' (' + v.impact + ')'))`,
    )) as string[];
    expect(found.filter((v) => /serious|critical/.test(v))).toEqual([]);
    await screenshot(page, 'console-debrief.png', { fullPage: true });

    // the same session with JavaScript off: the charts are in the served HTML
    const noScript = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    await noScript.context.addCookies(await context.cookies());
    await noScript.page.goto(`${server.url}/console/incidents/${incident}/debrief`);
    expect(await noScript.page.locator('main svg[role="img"]').count()).toBe(3);
    expect(await noScript.page.locator('main svg rect').count()).toBeGreaterThan(4);
    await noScript.close();
  });
});
