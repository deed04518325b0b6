/**
 * The declare → resolve flow in Chromium with another incident open: the declare form says at
 * the top which components it marks (and follows the selects), and the resolve form draws its
 * preview as it opens and as the comms lead types, like the declare and update forms. Saves
 * console-declare-affected.png and console-resolve-live.png in docs/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, SHOTS, screenshot, settle } from '../helpers/browser.js';

describe('declare and resolve in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme',
      url: 'https://status.acme.test',
      support_email: 'help@acme.test',
    });
    for (const name of ['API', 'Webhooks', 'Search'])
      ids[name] = (await createComponent(ctx, { name })).id;
    await declareIncident(ctx, {
      severity: 'SEV2',
      vars: { issue: 'API errors', contact: 'help@acme.test' },
      components: { [ids.API]: 'partial_outage', [ids.Webhooks]: 'degraded_performance' },
    });
    tokenId = (await createToken(ctx, { name: 'ana', scope: 'write' })).token.id;
    server = await startServer(app, {
      port: 0,
      host: '127.0.0.1',
      scheduler: false,
      worker: false,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  it('marks nothing another incident holds, follows the selects, and previews the resolution live', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    await page.goto(`${server.url}/console/declare`);
    await settle(page);
    const summary = page.locator('[data-affected-summary]');
    expect(await summary.textContent()).toBe('Affected: no component marked (change)');
    await page.locator('input[name="severity"][value="SEV3"]').check({ force: true });
    await page.locator('#f-issue').fill('search results slow');
    await page.locator(`#f-c_${ids.Search}`).selectOption('degraded_performance');
    expect(await summary.textContent()).toBe('Affected: Search (Degraded performance) (change)');
    await page.locator(`#f-c_${ids.API}`).selectOption('degraded_performance');
    expect(await summary.textContent()).toBe(
      'Affected: API (Degraded performance) and Search (Degraded performance) (change)',
    );
    await page.locator(`#f-c_${ids.API}`).selectOption('');
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'console-declare-affected.png');
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await page.waitForURL((u) => u.search.includes('done=declared'));

    // opened by its own toggle, the resolve form shows what goes out without pressing Preview
    const resolve = page.locator('#resolve');
    await resolve.locator('summary').click();
    const preview = page.locator('#resolve-preview');
    await expect
      .poll(() => preview.locator('.channel.ch-page').textContent(), { timeout: 5000 })
      .toContain('The problem behind search results slow is fixed, and Search is working');
    await resolve.getByLabel('Data loss statement (optional)').fill('No searches were lost.');
    await expect
      .poll(() => preview.locator('.channel.ch-page').textContent(), { timeout: 5000 })
      .toContain('No searches were lost.');
    await resolve.screenshot({ path: `${SHOTS}/console-resolve-live.png` });
    await resolve.getByRole('button', { name: 'Resolve incident' }).click();
    await page.waitForURL((u) => u.search.includes('done=resolved'));
    expect(errors).toEqual([]);
    await close();
  });
});
