/**
 * The debrief's action items and its quarter view (issue #14) in Debian's Chromium: an action
 * item added through the plain form and marked done on the debrief screen; the trends page with
 * its four SVG charts without script; axe-core finds no serious or critical violation on either.
 * Screenshots: docs/screenshots/console-debrief-actions.png, console-debrief-trends.png.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDebriefAction } from '../../src/actions/createDebriefAction.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { scriptDebriefIncident } from '../fixtures/debriefIncident.js';
import { makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { launchChromium, openPage, SHOTS, screenshot, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ' (' + v.impact + ')'))`,
  )) as string[];
  return found.filter((v) => /serious|critical/.test(v));
}

describe('debrief action items and trends in Chromium', () => {
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
    // one item already there, due before the clock moves on: it shows as overdue
    await createDebriefAction(app.ctx(), incident, {
      text: 'Check the SMS provider failover settings',
      owner_id: 'maya@flare.test',
      due_at: '2026-11-20T15:00:00Z',
    });
    clock.set('2026-11-21T09:00:00Z');
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  it('adds an action item, marks it done, and shows the quarter', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    await page.goto(`${server.url}/console/incidents/${incident}/debrief`);
    const section = page.locator('#action-items');
    expect(await section.locator('.tag-bad').count()).toBe(1);

    await section.getByLabel('What is to be done').fill('Pre-approve the investigating wording');
    await section.getByLabel('Owner').selectOption({ label: 'Maya' });
    await section.getByLabel('Due').fill('2026-11-27T17:00');
    await section
      .getByLabel('From a suggestion (optional)')
      .selectOption({ value: 'pre-approve-investigating-en' });
    await section.getByRole('button', { name: 'Add the action item' }).click();
    await page.waitForURL((u) => u.searchParams.get('done') === 'action-added');
    expect(await page.getByText('Action item added: its owner has been told.').count()).toBe(1);
    const items = page.locator('#action-items .action-item');
    expect(await items.count()).toBe(2);
    expect(await items.nth(1).textContent()).toContain('Pre-approve the investigating wording');
    expect(await items.nth(1).textContent()).toContain('due 27 Nov 2026, 17:00');
    await settle(page);
    expect(await axe(page)).toEqual([]);
    await page
      .locator('#action-items')
      .screenshot({ path: join(SHOTS, 'console-debrief-actions.png') });

    await items
      .nth(0)
      .getByRole('button', { name: /Mark done/ })
      .click();
    await page.waitForURL((u) => u.searchParams.get('done') === 'action-done');
    expect(await page.locator('#action-items .tag-ok').count()).toBe(1);
    expect(await page.locator('#action-items .tag-bad').count()).toBe(0);
    const row = await app.store.db
      .selectFrom('debrief_actions')
      .select(['text', 'status', 'done_at'])
      .where('status', '=', 'done')
      .execute();
    const fromSuggestion = await app.store.db
      .selectFrom('debrief_actions')
      .select('suggestion_id')
      .where('text', '=', 'Pre-approve the investigating wording')
      .executeTakeFirstOrThrow();
    expect(fromSuggestion.suggestion_id).toBe('pre-approve-investigating-en');
    expect(row).toEqual([
      {
        text: 'Check the SMS provider failover settings',
        status: 'done',
        done_at: '2026-11-21T09:00:00.000Z',
      },
    ]);

    // from the menu: Incidents, then the trends across them
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/console/incidents');
    await page.getByRole('link', { name: 'Trends across incidents' }).click();
    await page.waitForURL((u) => u.pathname === '/console/debrief/trends');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Debrief trends: Q4 2026',
    );
    await settle(page);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'console-debrief-trends.png', { fullPage: true });

    // JavaScript off: the four charts are in the served HTML
    const noScript = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    await noScript.context.addCookies(await context.cookies());
    await noScript.page.goto(`${server.url}/console/debrief/trends?quarter=2026-Q4`);
    expect(await noScript.page.locator('main svg[role="img"]').count()).toBe(4);
    await noScript.page.getByRole('link', { name: /Q3 2026/ }).click();
    expect(await noScript.page.getByText('No incident started this quarter.').count()).toBe(1);
    await noScript.close();
  });
});
