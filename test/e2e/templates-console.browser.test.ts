/**
 * The template editor in a real browser, as a comms lead uses it: open Templates from the menu,
 * open the first-notice template, type a new SMS and watch the preview and the linter's
 * findings refresh without pressing anything, save it twice as new versions, and compare them.
 * Debian's Chromium via playwright-core against a real listening server. Saves the screenshots
 * in docs/screenshots/ (1280 px wide).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

describe('the template editor in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', support_email: 'help@acme.test' });
    tokenId = (await createToken(ctx, { name: 'comms-lead', scope: 'admin' })).token.id;
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

  it('edits a template with a live preview, saves versions and shows the changes', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/console/plan'));

    await page
      .getByRole('navigation', { name: 'Set up' })
      .getByRole('link', { name: 'Templates', exact: true })
      .click();
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Templates');
    await screenshot(page, 'console-templates.png', { fullPage: true });

    await page.locator('a.row-link').first().click();
    await settle(page);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.locator('#preview .preview-top').waitFor();
    // typing refreshes the preview by itself (debounced), with the linter's findings
    await page.locator('#f-sms').fill('Acme: {{ issue }} <b>now</b>.');
    await page.locator('#preview .sms-bubble', { hasText: '<b>now</b>' }).waitFor();
    await page.locator('#preview[aria-busy]').waitFor({ state: 'detached' });
    const lint = await page.locator('#preview .lint').textContent();
    expect(lint).toContain('sms');
    expect(lint).toMatch(/next update|worked on/);
    await screenshot(page, 'console-template-edit.png', { fullPage: true });

    await page
      .locator('#f-sms')
      .fill(
        'Acme: {{ issue }}. We are on it. Next update {{ next_update_at | local_time }}. {{ contact }}',
      );
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Saved as a new version');
    await page
      .locator('#f-sms')
      .fill(
        'Acme: {{ issue }}. We are working on it.\nNext update {{ next_update_at | local_time }}. {{ contact }}',
      );
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await settle(page);
    expect(await page.locator('.ver-list li').count()).toBe(3);

    await page.locator('#f-from').selectOption('1');
    await page.getByRole('button', { name: 'Show the changes' }).click();
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Changes from version 1 to 3');
    expect(await page.locator('.diff ins').first().textContent()).toContain('We are working on it');
    await screenshot(page, 'console-template-diff.png', { fullPage: true });
    // on a phone the editor is one column and nothing widens the page
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Back to the template' }).click();
    await settle(page);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'console-template-edit-mobile.png');
    expect(errors).toEqual([]);
    await context.close();
  });
});
