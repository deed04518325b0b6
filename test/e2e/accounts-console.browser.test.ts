/**
 * Customers and audiences in the console, in a real browser, as a comms lead uses them: import
 * the customer list from a CSV file (with a row it rejects, and why), open an account, declare
 * a SEV1 for the key-accounts audience only with the reach preview, publish it (it reaches the
 * key account's contacts and stays off the public page), then record the account manager's
 * call on the outreach board. Debian's Chromium via playwright-core, a real listening server
 * with its in-process worker delivering to a real SMTP server. Saves the screenshots in
 * docs/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';
import { type SmtpReceiver, startSmtp, waitFor } from '../helpers/receivers.js';

const CSV = [
  'external_id,name,tier,criticality,region,tags,components,account_manager,contact_name,contact_role,contact_email,contact_phone',
  'CRM-1,Globex <Corp>,enterprise,critical,eu,healthcare;sso,API,ana@example.com,Sam Lee,technical,sam@globex.test,',
  'CRM-1,Globex <Corp>,enterprise,critical,eu,healthcare;sso,API,ana@example.com,Kim Park,executive,,+447700900123',
  'CRM-2,Initech,business,normal,us,retail,Dashboard,,Pat Doe,technical,pat@initech.test,',
  'CRM-3,Umbrella,platinum,normal,eu,,API,,Lee Roe,technical,lee@umbrella.test,',
].join('\n');

describe('accounts, audiences and outreach in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let smtp: SmtpReceiver;
  let tokenId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme Cloud',
      url: 'https://status.acme.test',
      support_email: 'help@acme.test',
    });
    for (const name of ['API', 'Dashboard', 'Billing']) await createComponent(ctx, { name });
    const ana = await createPerson(ctx, {
      name: 'Ana Silva',
      email: 'ana@example.com',
      phone: '+442079460011',
    });
    const ben = await createPerson(ctx, { name: 'Ben Okafor', email: 'ben@example.com' });
    await setPlanSetting(ctx, { key: 'allow_self_approval', value: true });
    await setRotation(ctx, 'incident_lead', { person_ids: [ana.id] });
    await setRotation(ctx, 'comms_lead', { person_ids: [ben.id] });
    tokenId = (await createToken(ctx, { name: 'comms-lead', scope: 'admin' })).token.id;
    server = await startServer(app, {
      port: 0,
      host: '127.0.0.1',
      scheduler: false,
      workerEnv: () => ({ ...process.env, FLARE_SMTP_URL: smtp.url }),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
    await smtp?.close();
  });

  it('imports accounts, previews an audience, publishes to it and completes the outreach call', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1360, height: 900 },
    });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');

    // import the customer list from a CSV file
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await settle(page);
    expect(await page.locator('.empty').first().textContent()).toContain('No accounts yet');
    await page.locator('#f-file').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await page.getByRole('button', { name: 'Import accounts' }).click();
    await settle(page);
    const result = page.locator('#import-result');
    expect(await result.textContent()).toContain('customers.csv');
    expect(await result.locator('.import-counts').textContent()).toMatch(
      /2\s*accounts created.*0\s*updated.*3\s*contacts added.*1\s*rows rejected/s,
    );
    const reject = result.locator('.rejects tbody tr');
    expect(await reject.count()).toBe(1);
    expect(await reject.textContent()).toContain('CRM-3');
    expect(await reject.textContent()).toMatch(/tier/);
    expect(await page.locator('.accounts-table tbody tr').count()).toBe(2);
    // the name is shown as text, never as markup
    expect(await page.locator('.accounts-table').textContent()).toContain('Globex <Corp>');
    await screenshot(page, 'console-accounts-import.png', { fullPage: true });

    // filter, then open the account
    await page.locator('#f-tier').selectOption('enterprise');
    await page.getByRole('button', { name: 'Show' }).click();
    await settle(page);
    expect(await page.locator('.accounts-table tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: 'Globex <Corp>' }).click();
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Globex <Corp>');
    expect(await page.locator('.account-head').textContent()).toContain('Key account');
    expect(await page.locator('.account-head').textContent()).toContain('Ana Silva');
    const contacts = await page.locator('#contacts-title').locator('xpath=../..').textContent();
    expect(contacts).toContain('sam@globex.test');
    expect(contacts).toContain('+447700900123');
    await screenshot(page, 'console-account.png', { fullPage: true });

    // declare a SEV1 for the key accounts only, with the reach preview
    await page.getByRole('link', { name: 'Declare incident' }).click();
    await settle(page);
    // the ticks follow the severity's own audiences until someone changes them
    const tick = (name: string) =>
      page.locator('.aud-choice', { hasText: name }).locator('input').isChecked();
    await page.locator('label.sev-choice', { hasText: 'SEV3' }).click();
    expect([await tick('Affected customers'), await tick('Key accounts')]).toEqual([true, false]);
    await page.locator('label.sev-choice', { hasText: 'SEV1' }).click();
    expect([await tick('Affected customers'), await tick('Key accounts')]).toEqual([true, true]);
    await page
      .getByLabel('What is wrong, in a few words')
      .fill('failed API calls for some customers');
    const api = page
      .locator('.comp-row', { has: page.locator('.comp-name', { hasText: /^API$/ }) })
      .locator('select');
    await api.selectOption('major_outage');
    await page.locator('label.sev-choice', { hasText: 'Only the audiences ticked' }).click();
    const boxes = page.locator('.aud-choices input[name="audiences"]');
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
    await page.locator('.aud-choice', { hasText: 'Key accounts' }).locator('input').check();
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const reach = page.locator('#preview .reach');
    await expect
      .poll(() => reach.locator('h3').textContent())
      .toMatch(/^Who it reaches: 2 account contacts$/);
    expect(await reach.textContent()).toContain('Audiences only');
    expect(await reach.locator('.reach-keys').textContent()).toContain('Globex <Corp>');
    expect(await reach.locator('.reach-keys').textContent()).not.toContain('Initech');
    await page.evaluate(
      'document.activeElement.blur(); window.scrollTo(0, document.body.scrollHeight)',
    );
    await settle(page);
    await screenshot(page, 'console-declare-audiences.png', { fullPage: true });

    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await settle(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/incidents\/[\w-]+$/);
    expect(await page.locator('.inc-head').textContent()).toContain('audiences only');
    const incidentUrl = page.url().split('?')[0];

    // the key account's contact hears of it; the other customer does not; the page stays quiet
    await waitFor(() => smtp.recipients.flat().includes('sam@globex.test'), 15_000);
    expect(smtp.recipients.flat()).not.toContain('pat@initech.test');
    const pub = await context.newPage();
    await pub.goto(`${server.url}/`);
    expect(await pub.locator('body').textContent()).not.toContain(
      'Failed API calls for some customers',
    );
    await pub.close();

    // the account manager's call, on the outreach board
    await page.goto(incidentUrl);
    await settle(page);
    const task = page.locator('#outreach .task', { hasText: 'Globex <Corp>' });
    expect(await task.count()).toBe(1);
    expect(await task.textContent()).toContain('Ana Silva');
    expect(await task.locator('a[href^="tel:"]').first().textContent()).toBe('+447700900123');
    await screenshot(page, 'console-incident-outreach.png', { fullPage: true });
    await task.locator('label.ccheck', { hasText: 'Left a message' }).click();
    await task
      .getByPlaceholder('What was said or agreed')
      .fill('Voicemail; will call back at 3pm.');
    await task.getByRole('button', { name: /Mark done/ }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Call recorded');
    const done = page.locator('#outreach .task', { hasText: 'Globex <Corp>' });
    expect(await done.textContent()).toContain('Left a message');
    expect(await done.textContent()).toContain('will call back at 3pm');
    expect(await page.locator('.room').textContent()).toContain('Outreach to Globex <Corp>');
    await screenshot(page, 'console-incident-outreach-done.png', { fullPage: true });

    // the account's history now has the incident; the audiences screen lists the plan's audiences
    await page.locator('#outreach').getByRole('link', { name: 'Globex <Corp>' }).click();
    await settle(page);
    expect(await page.locator('#hist-title').locator('xpath=../..').textContent()).toContain(
      'Failed API calls for some customers',
    );
    await page.getByRole('link', { name: 'Audiences', exact: true }).click();
    await settle(page);
    expect(await page.locator('.audience-card').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('main').textContent()).toContain('Key accounts');
    await screenshot(page, 'console-audiences.png', { fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
