/**
 * The Subscribers screen in a real browser, as a comms lead uses it: add a subscriber by the
 * form, import a CSV file chosen in the file input (the progress bar shows the upload, then the
 * import, then the report without a page load), download the rows not imported, remove one
 * after the confirmation page; the same import without JavaScript posts the form and gets the
 * report page. axe-core checks the screen with a report on it. Debian's Chromium via
 * playwright-core against a real listening server. Saves the screenshots in docs/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { listSubscribers } from '../../src/store/queries/subscribers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** 2,000 good rows, a repeat, one already subscribed, and two bad rows (one with HTML). */
function bigCsv(): string {
  const rows = ['email,components,confirmed'];
  for (let i = 1; i <= 2000; i++) rows.push(`reader${i}@customer.test,API,yes`);
  rows.push('READER7@customer.test,,yes');
  rows.push('lee@customer.test,,');
  rows.push('"<img src=x onerror=alert(1)>",,');
  rows.push('sam@customer.test,Billing,');
  return rows.join('\n');
}

describe('subscribers in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    for (const name of ['API', 'Dashboard', 'Webhooks']) await createComponent(ctx, { name });
    await createSubscriber(ctx, { channel: 'email', email: 'lee@customer.test', confirmed: true });
    await createSubscriber(ctx, { channel: 'sms', phone: '+447700900123' });
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

  async function signIn(page: Page) {
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
  }

  it('imports without JavaScript, and fits a phone screen', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 390, height: 844 },
      javaScriptEnabled: false,
    });
    page.setDefaultTimeout(20_000);
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.goto(`${server.url}/console/subscribers`);
    await page.locator('#f-file').setInputFiles({
      name: 'few.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('phone\n+15550100100\n12345\n'),
    });
    await page.getByRole('button', { name: 'Import subscribers' }).click();
    await page.waitForURL((u) => u.pathname === '/console/subscribers/import');
    const report = page.locator('#import-report');
    expect((await report.locator('.import-counts').textContent())?.replace(/\s+/g, ' ')).toMatch(
      /1 added .* 1 rejected/,
    );
    expect(await report.locator('.rejects tbody tr').textContent()).toContain(
      'Phone must be a phone number in international form',
    );
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'console-subscribers-390.png', { fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
  it('adds one, imports a file with a progress bar, hands back the rejects, removes one', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page.setDefaultTimeout(20_000);
    await signIn(page);
    await page.click('a.cnav-link[href="/console/subscribers"]');
    expect(await page.locator('h1').textContent()).toBe('Subscribers');

    // add one by the form
    await page.selectOption('#f-s-channel', 'email');
    await page.fill('#f-s-address', 'kim@customer.test');
    await page.locator('#add label.ccheck', { hasText: 'API' }).click();
    await page.getByRole('button', { name: 'Add subscriber' }).click();
    await page.waitForURL(/done=added/);
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain(
      'Added kim@customer.test (Email).',
    );
    expect(await page.locator('.subs-table tbody tr').first().textContent()).toContain(
      'kim@customer.test',
    );
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'console-subscribers.png', { fullPage: true });

    // import a file: the bar shows the upload, then the import, then the report in place
    await page.evaluate(`(() => {
      window.__stayed = true;
      window.__seen = [];
      const box = document.getElementById('import-progress');
      new MutationObserver(() => {
        const bar = box.querySelector('progress');
        window.__seen.push((box.hidden ? 'hidden' : 'shown') + ' ' + (bar.hasAttribute('value') ? bar.value : 'busy') + ' ' + box.textContent.trim());
      }).observe(box, { attributes: true, childList: true, subtree: true, characterData: true });
    })()`);
    await page.locator('#f-file').setInputFiles({
      name: 'newsletter <list>.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bigCsv()),
    });
    await page.getByRole('button', { name: 'Import subscribers' }).click();
    const report = page.locator('#import-report');
    await report.waitFor();
    const seen = (await page.evaluate('window.__seen')) as string[];
    expect(seen.some((s) => s.startsWith('shown') && s.includes('Uploading'))).toBe(true);
    expect(seen.some((s) => s.includes('Importing the rows'))).toBe(true);
    expect(await page.evaluate('window.__stayed')).toBe(true);
    expect(await page.evaluate('document.activeElement.id')).toBe('import-report');
    expect(await report.locator('h2').textContent()).toBe(
      'Import finished for newsletter <list>.csv',
    );
    expect((await report.locator('.import-counts').textContent())?.replace(/\s+/g, ' ')).toMatch(
      /2,000 added 1 already subscribed 1 repeated in the file, skipped 2 rejected/,
    );
    const rows = report.locator('.rejects tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toMatch(
      /^2002READER7@customer\.test,,yesEmail repeats line 8\./,
    );
    expect(await rows.nth(1).textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await rows.nth(2).textContent()).toMatch(/2005.*Billing.*not a known component/);
    expect(await page.locator('.rejects img').count()).toBe(0);
    expect((await listSubscribers(app.store.db, { limit: 5000 })).length).toBe(2004);

    // the rows not imported come back as a file to fix
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      report.getByRole('link', { name: /Download these 3 rows as CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('rows-not-imported.csv');
    const back = readFileSync(await download.path(), 'utf8');
    expect(back).toContain('email,components,confirmed,problem');
    expect(back).toContain('\n<img src=x onerror=alert(1)>,,,Email must be an email address.\r\n');
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'console-subscribers-import-report.png');

    // remove one, after the confirmation page
    await page.fill('#f-q', 'lee@');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Remove… lee@customer.test' }).click();
    expect(await page.locator('h1').textContent()).toBe('Remove lee@customer.test?');
    await page.getByRole('button', { name: 'Yes, remove them' }).click();
    await page.waitForURL(/done=removed/);
    expect(await page.locator('.flash').textContent()).toBe(
      'Removed lee@customer.test (Email). They get no more updates.',
    );
    expect(await page.locator('.empty').textContent()).toBe('Nobody matches that address.');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))`,
  )) as string[];
}
