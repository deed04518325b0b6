/**
 * Components and maintenance in the console, in a real browser, as a comms lead sets them up
 * from an empty page: add a group and components by the form, reorder with the arrow buttons,
 * set a status, delete through the confirm page, then schedule a maintenance, post an update
 * and complete it. Debian's Chromium via playwright-core against a real listening server.
 * Saves the screenshots in docs/screenshots/ (1280 px wide).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { listComponents } from '../../src/store/queries/components.js';
import { listIncidents } from '../../src/store/queries/incidents.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as "rule: target" lines (none expected). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))',
  )) as string[];
  return found;
}

describe('components and maintenance in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme Cloud',
      url: 'https://status.acme.test',
      time_zone: 'Europe/London',
    });
    tokenId = (await createToken(ctx, { name: 'comms-lead', scope: 'admin' })).token.id;
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  async function add(page: Page, kind: 'component' | 'group', name: string, group = '') {
    await page.check(`input[name="kind"][value="${kind}"]`);
    await page.fill('#f-n-name', name);
    if (group) await page.selectOption('#f-n-group_id', { label: group });
    await page.click('#add button[type="submit"]');
    await page.waitForURL(/done=/);
  }

  it('sets up components and a maintenance window from the console', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    page.setDefaultTimeout(10_000);
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/console/plan'));
    await page.click('a.cnav-link[href="/console/components"]');
    expect(await page.locator('h1').textContent()).toBe('Components');

    // a bad input first: the field says what is wrong
    await page.click('#add button[type="submit"]');
    expect(await page.locator('#n-name-error').textContent()).toBe('Name must not be empty.');

    await add(page, 'group', 'Core platform');
    await add(page, 'component', 'API', 'Core platform');
    await add(page, 'component', 'Dashboard', 'Core platform');
    await add(page, 'component', 'Payments');
    await add(page, 'component', 'Email <notifications>');
    // Payments to the top, with the arrow button (a plain form, no script needed)
    await page.click('button[aria-label="Move Payments up"]');
    await page.waitForURL(/done=moved/);
    const top = (await listComponents(app.store.db)).filter((c) => !c.group_id);
    expect(top.sort((a, b) => a.position - b.position).map((c) => c.name)).toEqual([
      'Payments',
      'Core platform',
      'Email <notifications>',
    ]);
    await settle(page);
    await screenshot(page, 'console-components.png', { fullPage: true });
    expect(await axeViolations(page), 'console-components.png').toEqual([]);

    // one component: set a status quietly
    await page.click('a.row-link:text("API")');
    await page.check('input[name="status"][value="degraded_performance"]');
    await page.click('button:text("Set status")');
    await page.waitForURL(/done=status/);
    await settle(page);
    await screenshot(page, 'console-component.png', { fullPage: true });
    expect(await axeViolations(page), 'console-component.png').toEqual([]);

    // delete through the confirm page
    await page.goto(`${server.url}/console/components`);
    await page.click('a.row-link:text("Email <notifications>")');
    await page.click('a:text("Delete this component…")');
    await settle(page);
    await screenshot(page, 'console-component-delete.png');
    expect(await axeViolations(page), 'console-component-delete.png').toEqual([]);
    await page.click('button:text("Yes, delete it")');
    await page.waitForURL(/done=removed/);
    expect(await page.locator('.comp-order').first().textContent()).not.toContain('Email');

    // schedule a maintenance
    await page.click('a.cnav-link[href="/console/maintenance"]');
    await page.fill('#f-name', 'Database upgrade');
    await page.fill('#f-body', 'Payments may be slow for a few minutes while we upgrade.');
    await page.fill('#f-scheduled_for', '2030-01-10T22:00');
    await page.fill('#f-scheduled_until', '2030-01-11T00:30');
    await page.check('label.ccheck:has-text("Payments") input');
    await page.click('#schedule button[type="submit"]');
    await page.waitForURL(/done=scheduled/);
    await page.fill('#f-body', 'We are starting the upgrade now.');
    await page.click('#update button[type="submit"]');
    await page.waitForURL(/done=updated/);
    await settle(page);
    await screenshot(page, 'console-maintenance-one.png', { fullPage: true });
    expect(await axeViolations(page), 'console-maintenance-one.png').toEqual([]);

    // a second one, still upcoming, and the list
    await page.goto(`${server.url}/console/maintenance`);
    await page.fill('#f-name', 'Network switch replacement');
    await page.fill('#f-body', 'A short loss of connectivity is possible.');
    await page.fill('#f-scheduled_for', '2030-02-01T06:00');
    await page.fill('#f-scheduled_until', '2030-02-01T07:00');
    await page.click('#schedule button[type="submit"]');
    await page.waitForURL(/done=scheduled/);
    await page.goto(`${server.url}/console/maintenance`);
    await settle(page);
    await screenshot(page, 'console-maintenance.png', { fullPage: true });
    expect(await axeViolations(page), 'console-maintenance.png').toEqual([]);
    expect(await page.locator('#now-title').textContent()).toContain('1');
    expect(await page.locator('#next-title').textContent()).toContain('1');

    // complete the first
    await page.click('a.row-link:text("Database upgrade")');
    await page.click('button:text("Complete maintenance")');
    await page.waitForURL(/done=completed/);
    expect(await page.locator('.flash').textContent()).toContain('Maintenance completed');

    // a phone-sized view of the list stays within the screen
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/console/components`);
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await screenshot(page, 'console-components-mobile.png', { fullPage: true });
    // the one 400 is the empty form sent on purpose above
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);

  it('passes axe-core at 1280 px and 390 px, light and dark', async () => {
    const comps = await listComponents(app.store.db);
    const payments = comps.find((c) => c.name === 'Payments')!.id;
    const [m] = await listIncidents(app.store.db, { kind: 'maintenance' });
    const screens = [
      '/console/components',
      `/console/components/${payments}`,
      `/console/components/${payments}/delete`,
      '/console/maintenance',
      `/console/maintenance/${m.id}`,
    ];
    for (const width of [1280, 390])
      for (const colorScheme of ['light', 'dark'] as const) {
        const { context, page } = await openPage(browser, {
          viewport: { width, height: 900 },
          colorScheme,
        });
        const { code } = await createSigninCode(app.ctx(), { tokenId });
        await page.goto(`${server.url}/console/signin?code=${code}`);
        await page.getByRole('button', { name: 'Continue to the console' }).click();
        await page.waitForURL((u) => u.pathname === '/console');
        for (const url of screens) {
          await page.goto(`${server.url}${url}`);
          await settle(page);
          expect(await axeViolations(page), `${url} ${width} ${colorScheme}`).toEqual([]);
        }
        await context.close();
      }
  }, 120_000);
});
