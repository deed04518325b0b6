/**
 * In Chromium, the Content-Security-Policy blocks nothing Flare itself needs: no
 * `securitypolicyviolation` event and no console error on the status page, the demo inbox and
 * the console (including the live preview, which fetches and inserts HTML).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { DemoInbox } from '../../src/main/demoInbox.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage } from '../helpers/browser.js';

describe('content security policy in Chromium', () => {
  let app: TestApp;
  let inbox: DemoInbox;
  let server: Running;
  let browser: Browser;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    inbox = await DemoInbox.start({ port: 0 });
    server = await startServer(app, {
      port: 0,
      host: '127.0.0.1',
      scheduler: false,
      worker: false,
      ...inbox.serverOptions(),
    });
    await loadDemo(app.ctx(), { publicUrl: server.url, onlyIfEmpty: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await inbox?.close();
    await app?.cleanup();
  });

  /** A page that records CSP violations (from the first script on) and console errors. */
  async function watched() {
    const open = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    await open.page.addInitScript(
      `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) =>
        window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));`,
    );
    const violations = () => open.page.evaluate<string[]>('window.__csp');
    return { ...open, violations };
  }

  it('reports no violation on the status page, an incident and the demo inbox', async () => {
    const { page, errors, violations, close } = await watched();
    const id = (await app.store.db.selectFrom('incidents').select('id').executeTakeFirstOrThrow())
      .id;
    for (const path of ['/', `/incidents/${id}`, '/subscribe', '/demo/inbox']) {
      const r = await page.goto(`${server.url}${path}`);
      expect(r?.headers()['content-security-policy'], path).toBeTruthy();
      await page.waitForLoadState('networkidle');
      expect(await violations(), path).toEqual([]);
    }
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  it('reports no violation in the console, with the live preview running', async () => {
    const { page, errors, violations, close } = await watched();
    const { code } = await createSigninCode(app.ctx());
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    expect(await violations()).toEqual([]);
    await page.goto(`${server.url}/console/declare`);
    await page
      .getByRole('button', { name: /Preview/ })
      .first()
      .click();
    await page.waitForLoadState('networkidle');
    await page.waitForFunction('!document.querySelector(\'[aria-busy="true"]\')');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);
});
