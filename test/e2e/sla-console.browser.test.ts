/**
 * The SLA credits screen in Chromium, as finance uses it: last month's accounts with their
 * uptime and credit, approve one credit, try to adjust another without an amount (the error
 * names the field), adjust it, then download the CSV and read its rows. A real listening
 * server on SQLite; Debian's Chromium via playwright-core. Saves docs/screenshots/console-sla.png.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/actions/createAccount.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { upsertSlaPolicy } from '../../src/actions/upsertSlaPolicy.js';
import { parseCsv } from '../../src/lib/csv.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, by rule id. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  )) as { id: string; nodes: { target: string[] }[] }[];
  return found.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('SLA credits in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite', { clock: new TestClock(Date.parse('2026-11-20T12:00:00Z')) });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    const api = await createComponent(ctx, { name: 'API' });
    const db = await createComponent(ctx, { name: 'Database' });
    await createAccount(ctx, {
      name: 'Globex',
      tier: 'enterprise',
      time_zone: 'Europe/London',
      mrr: 3000,
      components: [api.id, db.id],
    });
    await createAccount(ctx, {
      name: 'Initech',
      tier: 'business',
      time_zone: 'America/New_York',
      mrr: 800,
      components: [db.id],
    });
    await upsertSlaPolicy(ctx, 'standard', {
      name: 'Standard',
      tiers: ['enterprise', 'business'],
      target: 99.9,
      credits: [
        { below: 99.9, percent: 10 },
        { below: 99.0, percent: 25 },
      ],
    });
    // API down 3 h, the database 1 h within it, on 6 October
    for (const [c, from, to] of [
      [api.id, '2026-10-06T08:00:00Z', '2026-10-06T11:00:00Z'],
      [db.id, '2026-10-06T09:00:00Z', '2026-10-06T10:00:00Z'],
    ])
      await createIncident(ctx, {
        backfilled: true,
        name: 'Outage (imported)',
        body: 'Recorded late.',
        started_at: from,
        resolved_at: to,
        components: { [c]: 'major_outage' },
      });
    tokenId = (await createToken(ctx, { name: 'finance', scope: 'admin' })).token.id;
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

  it('approves one credit, adjusts another and downloads the CSV', async () => {
    const { page, errors } = await openPage(browser, {
      viewport: { width: 1360, height: 900 },
      acceptDownloads: true,
    });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');

    await page.getByRole('link', { name: 'SLA credits' }).click();
    await settle(page);
    // last month by default
    expect(await page.locator('#f-month').inputValue()).toBe('2026-10');
    const row = (name: string) => page.locator('.sla-table tbody tr', { hasText: name });
    expect(await page.locator('.sla-table tbody tr').count()).toBe(2);
    // Globex: 180 min of October in London (31 × 1440 + 60 = 44,700 min, BST ends 25 Oct)
    // → (44,700 − 180) / 44,700 = 99.5973 % → 10 % of 3,000 = 300
    expect(await row('Globex').textContent()).toMatch(/99\.5973 %.*180 min.*10 %/s);
    expect(await row('Globex').textContent()).toContain('300.00');
    expect(await row('Initech').textContent()).toContain('60 min');

    await row('Globex').getByRole('button', { name: 'Approve' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Credit approved');
    expect(await row('Globex').textContent()).toContain('Approved');

    // adjust without an amount: the error names the field, and nothing is decided
    await row('Initech').locator('summary').click();
    await row('Initech').getByRole('button', { name: 'Save adjustment' }).click();
    await settle(page);
    expect(await row('Initech').locator('.sla-error').textContent()).toMatch(/Amount to credit/);
    expect(await row('Initech').textContent()).toContain('Pending');
    expect(await violations(page)).toEqual([]);
    await row('Initech').getByLabel('Amount to credit').fill('50');
    await row('Initech').getByLabel('Note').fill('Agreed with the account manager');
    await row('Initech').getByRole('button', { name: 'Save adjustment' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Credit adjusted');
    expect(await row('Initech').textContent()).toContain('Adjusted to 50.00');
    await screenshot(page, 'console-sla.png', { fullPage: true });
    expect(await violations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('sla-credits-2026-10.csv');
    const [head, ...rows] = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const col = (n: string) => head.cells.indexOf(n);
    const byName = new Map(rows.map((r) => [r.cells[col('name')], r.cells]));
    expect([...byName.keys()].sort()).toEqual(['Globex', 'Initech']);
    expect(byName.get('Globex')?.[col('state')]).toBe('approved');
    expect(byName.get('Globex')?.[col('decided_amount')]).toBe('300');
    expect(byName.get('Initech')?.[col('state')]).toBe('adjusted');
    expect(byName.get('Initech')?.[col('decided_amount')]).toBe('50');
    expect(byName.get('Initech')?.[col('note')]).toBe('Agreed with the account manager');
    // the refused adjustment answered 400, as it should; nothing else went wrong
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
