/**
 * The Team and Severities screens in Chromium, as a comms lead uses them: add a person with
 * working hours (and see the error first), put them on call, edit a severity's channel matrix,
 * and meet the approval rule on the dashboard. Debian's Chromium via playwright-core against a
 * real listening server; saves 1280 px screenshots of each screen in docs/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { createRole } from '../../src/actions/createRole.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { listPeople } from '../../src/store/queries/team.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

describe('team and severities in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    const ana = await createPerson(ctx, {
      name: 'Ana Silva',
      email: 'ana@example.com',
      phone: '+442079460011',
      time_zone: 'Europe/London',
      working_hours: '09:00-17:30 Mon-Fri',
    });
    const kenji = await createPerson(ctx, {
      name: 'Kenji Sato',
      email: 'kenji@example.com',
      slack: '@kenji',
      time_zone: 'Asia/Tokyo',
      working_hours: '09:00-18:00 Mon-Fri',
    });
    const ben = await createPerson(ctx, { name: 'Ben Okafor', email: 'ben@example.com' });
    await setRotation(ctx, 'incident_lead', { person_ids: [ana.id, kenji.id] });
    await setRotation(ctx, 'comms_lead', { person_ids: [ben.id] });
    await createRole(ctx, {
      key: 'security_lead',
      name: 'Security lead',
      description: 'Owns breach notices and the regulator.',
    });
    const made = await createToken(ctx, { name: 'comms-lead', scope: 'admin' });
    tokenId = made.token.id;
    await declareIncident(app.ctx({ id: 'token:comms-lead', scope: 'admin' }), {
      severity: 'SEV1',
      name: 'Sign-in failures',
      body: 'Some customers cannot sign in. We are investigating.',
    });
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  it('edits the team and a severity, and shows the approval rule', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    await settle(page);
    expect(await page.locator('.approval').textContent()).toContain(
      'another person must approve it',
    );
    await screenshot(page, 'console-approval-rule.png', { fullPage: true });
    await page.locator('.approval button[value="approve"]').click();
    await settle(page);
    expect(await page.locator('h1').textContent()).toContain('You cannot approve your own message');
    await screenshot(page, 'console-approval-refused.png');

    // add a person: first with a bad phone, then right
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await settle(page);
    await page.locator('#f-p-name').fill('Priya <Ops> Nair');
    await page.locator('#f-p-email').fill('priya@example.com');
    await page.locator('#f-p-phone').fill('0770');
    await page.locator('#f-p-time_zone').selectOption('America/New_York');
    await page.getByLabel('Only these hours:').check();
    await page.getByRole('button', { name: 'Add person' }).click();
    await settle(page);
    expect(await page.locator('#add-person .form-alert').textContent()).toContain('Mobile phone');
    await page.locator('#add-person').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-team-error.png', { fullPage: true });
    await page.locator('#f-p-phone').fill('+1 212 555 0100');
    await page.getByRole('button', { name: 'Add person' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Person added');
    const priya = (await listPeople(app.store.db)).find((p) => p.email === 'priya@example.com');
    expect(priya?.working_hours).toBe('09:00-17:30 Mon-Fri');
    expect(await page.locator('main').textContent()).toContain('Priya <Ops> Nair');

    // put her on call second for the security lead
    const sec = page.locator('#role-security_lead');
    await sec.getByText('Change who is on call').click();
    await sec
      .locator('select[name="slot"]')
      .nth(0)
      .selectOption({ label: 'Kenji Sato · 09:00-18:00 Mon-Fri (Asia/Tokyo)' });
    await sec.locator('select[name="slot"]').nth(1).selectOption(priya!.id);
    await screenshot(page, 'console-team-rotation.png', { clip: (await sec.boundingBox())! });
    await sec.getByRole('button', { name: 'Save the rotation' }).click();
    await settle(page);
    expect(await page.locator('#role-security_lead .rota').textContent()).toMatch(
      /Kenji Sato[\s\S]*Priya/,
    );
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'console-team.png', { fullPage: true });

    // one person's page
    await page.getByRole('link', { name: 'Edit Ana Silva' }).click();
    await settle(page);
    await screenshot(page, 'console-team-person.png', { fullPage: true });

    await page.getByRole('link', { name: 'Remove from the team…' }).click();
    await settle(page);
    expect(await page.locator('h1').textContent()).toContain('Remove Ana Silva from the team?');
    await screenshot(page, 'console-team-remove.png');
    await page.getByRole('link', { name: 'Cancel, keep it' }).click();
    await settle(page);

    // severities: the list, a new one, then SEV2's channel matrix
    await page.locator('.cnav').getByRole('link', { name: 'Severities', exact: true }).click();
    await settle(page);
    await screenshot(page, 'console-severities.png', { fullPage: true });
    await page.getByRole('link', { name: 'Add a severity' }).click();
    await settle(page);
    await screenshot(page, 'console-severity-new.png', { fullPage: true });
    await page.locator('.cnav').getByRole('link', { name: 'Severities', exact: true }).click();
    await settle(page);
    await page.getByRole('link', { name: 'Edit SEV2' }).click();
    await settle(page);
    await page.getByLabel('Customers and the public: SMS').check();
    await page.locator('#f-first_minutes').fill('2');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await settle(page);
    expect(await page.locator('.form-alert').textContent()).toContain('at least 5 minutes');
    await screenshot(page, 'console-severity-edit.png', { fullPage: true });
    await page.locator('#f-first_minutes').fill('15');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Severity saved');
    expect(await page.locator('#sev-SEV2').textContent()).toContain('SMS');
    // the refused approval (403) and the two forms sent back with errors (400) are the only failures
    expect(errors.filter((e) => !/status of (400|403)/.test(e))).toEqual([]);
    await close();
  }, 90_000);
});
