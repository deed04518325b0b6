/**
 * The plan builder in a real browser, from an empty workspace with no demo data, as a comms
 * lead would use it: signing in lands on the plan; the team is added and put on rotations,
 * the backup copy and the owners are named through the builder's own forms, until the
 * readiness score is at least 90; then a drill. Debian's Chromium via playwright-core against
 * a listening server on 127.0.0.1. Saves a 1280 px screenshot of each screen in
 * docs/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const SLACK = 'http://127.0.0.1:9/hooks/team';

describe('the plan builder in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    await updatePage(app.ctx(), { name: 'Acme Cloud', url: 'https://status.acme.test' });
    tokenId = (await createToken(app.ctx(), { name: 'comms-lead', scope: 'admin' })).token.id;
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  const total = async (page: Page) => {
    await page.goto(`${server.url}/console/plan`);
    return Number((await page.locator('.plan-total .score').textContent())?.replace('%', ''));
  };

  it('builds a plan from nothing to a readiness of 90 or more, then runs a drill', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console/plan');
    await settle(page);
    const before = Number(
      (await page.locator('.plan-total .score').textContent())?.replace('%', ''),
    );
    expect(before).toBeLessThan(90);
    await screenshot(page, 'console-plan.png', { fullPage: true });

    // step 1: the team, each on a rotation
    await page.getByRole('link', { name: /Start with step 1/ }).click();
    const team: [string, string][] = [
      ['Ana Silva', 'incident_lead'],
      ['Ben Okafor', 'incident_lead'],
      ['Cleo Park', 'comms_lead'],
      ['Dan Ruiz', 'comms_lead'],
      ['Eve Chen', 'internal_liaison'],
    ];
    for (const [name, role] of team) {
      await page.fill('#f-p-name', name);
      await page.fill('#f-p-email', `${name.split(' ')[0].toLowerCase()}@example.com`);
      await page.fill('#f-p-slack', SLACK);
      await page.selectOption('#f-p-role', role);
      await page.getByRole('button', { name: 'Add person' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('.flash').textContent()).toContain('Person added');
    }
    for (const role of [
      'customer_liaison',
      'support_lead',
      'executive_sponsor',
      'account_manager',
    ]) {
      await page.selectOption('#f-rot-role', role);
      await page.selectOption('#f-rot-person', { label: 'Eve Chen' });
      await page.getByRole('button', { name: 'Add to the rotation' }).click();
      await page.waitForLoadState('load');
    }
    // a bad input is shown next to its field
    await page.fill('#f-p-name', 'Zed');
    await page.fill('#f-p-email', 'not-an-email');
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#p-email-error').textContent()).toContain('email address');
    await page.goto(`${server.url}/console/plan/1`);
    await settle(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'console-plan-1-team.png', { fullPage: true });

    for (const [n, name] of [
      [2, 'severities'],
      [3, 'channels'],
      [4, 'templates'],
      [5, 'approvals'],
    ] as const) {
      await page.goto(`${server.url}/console/plan/${n}`);
      await settle(page);
      await screenshot(page, `console-plan-${n}-${name}.png`, { fullPage: true });
    }

    // step 6: the backup copy of the status page
    await page.goto(`${server.url}/console/plan/6`);
    await page.fill('#f-backup-value', 'https://backup-status.acme.test');
    await page.locator('#backup').getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    await settle(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'console-plan-6-backup.png', { fullPage: true });

    // step 7 and 8: the owners
    await page.goto(`${server.url}/console/plan/7`);
    await page.selectOption('#f-briefing-value', { label: 'Cleo Park (cleo@example.com)' });
    await page.locator('#briefing').getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    await settle(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'console-plan-7-customer-prep.png', { fullPage: true });
    await page.goto(`${server.url}/console/plan/8`);
    await page.selectOption('#f-debrief-value', { label: 'Ana Silva (ana@example.com)' });
    await page.locator('#debrief').getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    await settle(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'console-plan-8-cadence.png', { fullPage: true });

    const after = await total(page);
    expect(after).toBeGreaterThanOrEqual(90);
    await settle(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'console-plan-ready.png', { fullPage: true });

    // on a phone the steps and forms stack
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/console/plan/1`);
    await settle(page);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'console-plan-1-team-mobile.png', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // the last step ends with a drill
    await page.goto(`${server.url}/console/plan/8#drill`);
    await page.locator('#drill').getByRole('button', { name: 'Run a drill' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/console/incidents/'));
    expect(await page.locator('h1').first().textContent()).toContain('Drill');
    // the one 400 is the bad email above, answered with the form again
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await close();
  }, 120_000);
});
