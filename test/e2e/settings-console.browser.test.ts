/**
 * Settings and API tokens in the console, in a real browser: an admin renames the status page
 * and picks a brand colour (the header preview follows as they type) and sees the public page
 * change; then creates a token, copies its secret, uses it on the API, finds that Back and
 * resubmit makes no second token, and revokes it. Debian's Chromium via playwright-core
 * against a real listening server; screenshots in docs/screenshots/ at 1280 and 390 px.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { revokeToken } from '../../src/actions/revokeToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { listTokens } from '../../src/store/queries/tokens.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))',
  )) as string[];
}

/** A computed style of the first element matching `selector`. */
const css = (page: Page, selector: string, prop: string) =>
  page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${prop}`);

const overflow = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('settings and tokens in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme',
      url: 'https://status.acme.test',
      time_zone: 'Europe/London',
      support_email: 'help@acme.test',
    });
    tokenId = (await createToken(ctx, { name: 'comms-lead', scope: 'admin' })).token.id;
    // a few tokens, so the list looks like a real one
    const ci = await createToken(ctx, { name: 'CI deploys', scope: 'write' });
    await createToken(ctx, { name: 'Status widget', scope: 'read' });
    await revokeToken(
      ctx,
      (await createToken(ctx, { name: 'Old monitor', scope: 'write' })).token.id,
    );
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    await fetch(`${server.url}/api/v1/components`, {
      headers: { authorization: `Bearer ${ci.secret}` },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  async function signIn(page: Page) {
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/console'));
  }

  it('renames the page and changes its colour; the public page follows', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    page.setDefaultTimeout(10_000);
    await signIn(page);
    await page.click('a.cnav-link[href="/console/settings"]');
    expect(await page.locator('h1').textContent()).toBe('Settings');

    // a bad colour first: the field says what is wrong and keeps what was typed
    await page.fill('#f-brand_color', 'red;');
    await page.click('button:text("Save settings")');
    expect(await page.locator('#brand_color-error').textContent()).toBe(
      'Brand colour must be a colour like #1f6feb.',
    );
    expect(await page.inputValue('#f-brand_color')).toBe('red;');
    expect(await page.evaluate('document.activeElement.id')).toBe('form-errors');

    await page.fill('#f-name', 'Acme Cloud');
    await page.fill('#f-brand_color', '#7c3aed');
    // the picker and the header preview follow the hex text
    expect(await page.inputValue('input[name="brand_color_pick"]')).toBe('#7c3aed');
    expect(await css(page, '.bp-mark', 'backgroundColor')).toBe('rgb(124, 58, 237)');
    expect(await page.locator('[data-preview-name]').textContent()).toBe('Acme Cloud');
    expect(await page.locator('#brand-contrast').textContent()).toContain('reads well');
    await page.fill('#f-brand_color', '#fde047');
    expect(await page.locator('#brand-contrast').textContent()).toContain('hard to read');
    await page.fill('#f-brand_color', '#7c3aed');
    await page.selectOption('#f-time_zone', 'America/New_York');
    await page.click('button:text("Save settings")');
    await page.waitForURL(/done=saved/);
    expect(await page.locator('.flash').textContent()).toContain('Settings saved');
    await settle(page);
    await screenshot(page, 'console-settings.png', { fullPage: true });
    expect(await axeViolations(page), 'console-settings.png').toEqual([]);

    const pub = await context.newPage();
    await pub.goto(`${server.url}/`);
    expect(await pub.locator('.site-header .brand-name').textContent()).toBe('Acme Cloud');
    expect(await css(pub, '.site-header', 'borderTopColor')).toBe('rgb(124, 58, 237)');
    await pub.close();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/console/settings`);
    await settle(page);
    expect(await overflow(page)).toBe(0);
    await screenshot(page, 'console-settings-390.png', { fullPage: true });
    // the one 400 is the bad colour sent on purpose above
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);

  it('creates a token, copies its secret, uses it, and revokes it', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    page.setDefaultTimeout(10_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: server.url,
    });
    await signIn(page);
    await page.click('a.cnav-link[href="/console/tokens"]');
    expect(await page.locator('h1').textContent()).toBe('API tokens');
    await page.fill('#f-t-name', 'Grafana alerts');
    await page.selectOption('#f-t-scope', 'write');
    await page.click('button:text("Create token")');
    await page.waitForSelector('#new-secret');
    const secret = await page.inputValue('#new-secret');
    expect(secret).toMatch(/^flare_/);
    expect(page.url()).toBe(`${server.url}/console/tokens`);
    await page.click('button[data-copy]');
    await page.waitForSelector('button[data-copy]:text("Copied")');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await settle(page);
    await screenshot(page, 'console-token-created.png');
    expect(await axeViolations(page), 'console-token-created.png').toEqual([]);

    const api = (s: string) =>
      fetch(`${server.url}/api/v1/components`, { headers: { authorization: `Bearer ${s}` } });
    expect((await api(secret)).status).toBe(200);

    // Back to the form and send it again: the first answer, no second token
    await page.goBack();
    await page.waitForSelector('#f-t-name');
    await page.fill('#f-t-name', 'Grafana alerts');
    await page.click('button:text("Create token")');
    await page.waitForURL(/done=resent/);
    expect(await page.locator('.flash').textContent()).toContain('no second token was made');
    const named = (await listTokens(app.store.db)).filter((t) => t.name === 'Grafana alerts');
    expect(named).toHaveLength(1);

    await page.goto(`${server.url}/console/tokens`);
    const first = page.locator('.tok-item').first();
    expect(await first.locator('.tok-name').textContent()).toBe('Grafana alerts');
    expect(await first.locator('.tok-meta').textContent()).not.toContain('never');
    await settle(page);
    await screenshot(page, 'console-tokens.png', { fullPage: true });
    expect(await axeViolations(page), 'console-tokens.png').toEqual([]);

    await first.locator('a:text("Revoke…")').click();
    expect(await page.locator('h1').textContent()).toBe('Revoke “Grafana alerts”?');
    await settle(page);
    expect(await axeViolations(page), 'revoke confirm').toEqual([]);
    await page.click('button:text("Yes, revoke it")');
    await page.waitForURL(/done=revoked/);
    expect(await page.locator('.tok-item').first().textContent()).toContain('Revoked');
    expect((await api(secret)).status).toBe(401);

    // revoking the token this session runs on warns first
    await page.click(`a[href="/console/tokens/${tokenId}/revoke"]`);
    expect(await page.locator('.confirm-card').textContent()).toContain(
      'You are signed in with this token.',
    );
    await settle(page);
    await screenshot(page, 'console-token-revoke.png');
    expect(await axeViolations(page), 'console-token-revoke.png').toEqual([]);
    await page.click('a:text("Cancel, keep it")');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/console/tokens`);
    await settle(page);
    expect(await overflow(page)).toBe(0);
    await screenshot(page, 'console-tokens-390.png', { fullPage: true });
    expect(await axeViolations(page), 'console-tokens-390.png').toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
