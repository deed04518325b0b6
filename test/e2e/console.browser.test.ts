/**
 * The console in a real browser, as a comms lead uses it during an outage: sign in with the
 * one-click link, declare a SEV1 from the template with a preview, see it on the public page,
 * post an 'identified' update, approve a free-text update from the dashboard, resolve.
 * Debian's Chromium via playwright-core, a real listening server with its in-process worker
 * delivering to a real SMTP server and a real webhook receiver. Saves the screenshots in
 * docs/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updateComponent } from '../../src/actions/updateComponent.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, SHOTS, screenshot, settle } from '../helpers/browser.js';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtp,
  waitFor,
} from '../helpers/receivers.js';

describe('console in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let smtp: SmtpReceiver;
  let hook: HttpReceiver;
  let secret: string;
  let tokenId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hook = await startHttpReceiver();
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await loadDemo(ctx, { publicUrl: 'http://127.0.0.1' });
    const ids: string[] = [];
    for (const [name, email] of [
      ['Ana Silva', 'ana@example.com'],
      ['Ben Okafor', 'ben@example.com'],
      ['Chloé Martin', 'chloe@example.com'],
      ['Dev Patel', 'dev@example.com'],
    ])
      ids.push((await createPerson(ctx, { name, email })).id);
    // one person drives the whole flow here, approvals included (the plan allows it)
    await setPlanSetting(ctx, { key: 'allow_self_approval', value: true });
    await setRotation(ctx, 'incident_lead', { person_ids: [ids[0], ids[3]] });
    await setRotation(ctx, 'comms_lead', { person_ids: [ids[1]] });
    await setRotation(ctx, 'support_lead', { person_ids: [ids[2]] });
    for (const email of ['kim@customer.test', 'lee@customer.test', 'max@customer.test'])
      await createSubscriber(ctx, { channel: 'email', email, confirmed: true });
    await createSubscriber(ctx, { channel: 'webhook', url: `${hook.url}/flare` });
    const made = await createToken(ctx, { name: 'comms-lead', scope: 'admin' });
    secret = made.secret;
    tokenId = made.token.id;
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
    await hook?.close();
  });

  it('declares a SEV1 with a preview, publishes it, updates and resolves it', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1360, height: 900 },
    });
    page.on('dialog', (d) => d.accept());

    // sign-in link with a one-time code: one click on the button lands on the dashboard
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'flare_console');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(session?.value).not.toContain(secret);

    // declare a SEV1 from the built-in template
    await page.getByRole('link', { name: 'Declare incident' }).click();
    await settle(page);
    await page.locator('label.sev-choice', { hasText: 'SEV1' }).click();
    expect(await page.locator('#f-next_update_in_minutes').inputValue()).toBe('20');
    await page.getByLabel('What is wrong, in a few words').fill('failed logins for some customers');
    await page
      .getByLabel('Customer impact (optional)')
      .fill('Some customers cannot sign in to the dashboard.');
    await page
      .getByLabel('Workaround (optional)')
      .fill('Existing sessions keep working; stay signed in if you can.');
    await page.locator('select[name^="c_"]').first().selectOption('major_outage');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.locator('#preview');
    await expect.poll(() => preview.locator('.channel').count()).toBe(6);
    for (const title of ['Status page', 'Email', 'SMS', 'Slack', 'Microsoft Teams', 'Social post'])
      expect(await preview.locator(`.channel[aria-label="${title}"]`).count()).toBe(1);
    expect(await preview.locator('.ch-sms .channel-meta').textContent()).toMatch(/1 segment/);
    expect(await preview.locator('.ch-social .channel-meta').textContent()).toMatch(/\/ 280/);
    expect(await preview.textContent()).toContain('failed logins for some customers');

    // an unconfirmed estimate is an error the linter shows in red
    await page.getByLabel('Estimated fix time (optional)').fill('15:30 UTC');
    await expect.poll(() => preview.locator('.lint-error').count()).toBeGreaterThan(0);
    expect(await preview.locator('.lint-error').first().textContent()).toMatch(/confirmed/);
    await page.getByLabel('Estimated fix time (optional)').fill('');
    await expect.poll(() => preview.locator('.lint-error').count()).toBe(0);
    // at the end of the page the action bar sits below the preview, as in the picture
    await page.evaluate(
      'document.activeElement.blur(); window.scrollTo(0, document.body.scrollHeight)',
    );
    await settle(page);
    await screenshot(page, 'console-declare-preview.png', { fullPage: true });

    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await settle(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/incidents\/[\w-]+$/);
    expect(await page.locator('.flash').textContent()).toContain('declared and published');
    expect(await page.locator('h1').textContent()).toBe('Failed logins for some customers');
    const incidentUrl = page.url().split('?')[0];

    // it is on the public status page
    const pub = await context.newPage();
    await pub.goto(`${server.url}/`);
    expect(await pub.locator('.incident-card').first().textContent()).toContain(
      'Failed logins for some customers',
    );
    await pub.close();

    // post an 'identified' update from the template
    const update = page.locator('#post-update');
    await update.getByLabel('Stage').selectOption('identified');
    await update.getByLabel('Cause (optional)').fill('an expired certificate on the login service');
    await update.getByRole('button', { name: 'Post update' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Update posted');
    expect(await page.locator('.timeline .update').first().textContent()).toContain(
      'an expired certificate',
    );

    // free text under SEV1 waits for approval; approve it from the dashboard
    await page.locator('label[for="mode-text"]').click();
    await update
      .getByLabel('Your update')
      .fill('The new certificate is rolling out region by region.');
    await update.getByRole('button', { name: 'Post update' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Waiting for approval');
    await waitFor(() => smtp.messages.length >= 3, 10_000);
    await page.goto(`${server.url}/console`);
    await settle(page);
    expect(await page.locator('.approval').count()).toBe(1);
    expect(await page.locator('.inc-card').first().textContent()).toContain('Ana Silva');
    await screenshot(page, 'console-dashboard.png', { fullPage: true });
    await page.locator('.approval').getByRole('button', { name: 'Approve' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Approved');

    // deliveries show up per channel once the worker has sent them
    await waitFor(() => hook.requests.length >= 3, 10_000);
    await page.goto(incidentUrl);
    await settle(page);
    await expect.poll(async () => (await page.locator('.ctable tbody tr').count()) >= 2).toBe(true);
    await screenshot(page, 'console-incident.png', { fullPage: true });

    // resolve with the shortcut
    const resolve = page.locator('#resolve');
    await resolve.locator('summary').click();
    await resolve.getByLabel('Data loss statement (optional)').fill('No data was lost.');
    await resolve.getByRole('button', { name: 'Resolve incident' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('resolved');
    expect(await page.locator('.inc-head').textContent()).toContain('Resolved');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('works without JavaScript and fits a phone', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/signin');
    await page.getByLabel('API token').fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/console');
    await page.goto(`${server.url}/console/declare`);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByLabel('What is wrong, in a few words').fill('slow exports');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    expect(await page.locator('#preview .channel').count()).toBe(6);
    expect(await page.getByLabel('What is wrong, in a few words').inputValue()).toBe(
      'slow exports',
    );
    await context.close();
  });
});

/**
 * The fast path, as someone who has never used Flare: a fresh workspace with a plan (the
 * default severities and templates, a team) and no demo incidents. From the dashboard to a
 * published first notice takes at most 6 clicks, counted in the page itself (every trusted
 * click event); typing is not a click. Then an update, and Resolve opens its form in place.
 */
describe('first notice from a fresh workspace in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;
  let loginId: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', support_email: 'help@acme.test' });
    const ana = await createPerson(ctx, { name: 'Ana Silva', email: 'ana@acme.test' });
    const ben = await createPerson(ctx, { name: 'Ben Okafor', email: 'ben@acme.test' });
    await setRotation(ctx, 'incident_lead', { person_ids: [ana.id] });
    await setRotation(ctx, 'comms_lead', { person_ids: [ben.id] });
    await createComponent(ctx, { name: 'Dashboard' });
    loginId = (await createComponent(ctx, { name: 'Login' })).id;
    await createComponent(ctx, { name: 'API' });
    for (const email of ['kim@customer.test', 'lee@customer.test'])
      await createSubscriber(ctx, { channel: 'email', email, confirmed: true });
    await createSubscriber(ctx, { channel: 'webhook', url: 'http://127.0.0.1:9/flare' });
    // the last change (by hand, or from a monitor's alert) left Login down
    await updateComponent(ctx, loginId, { status: 'major_outage' });
    tokenId = (await createToken(ctx, { name: 'comms-lead', scope: 'admin' })).token.id;
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  it('publishes a first notice in at most 6 clicks, then updates and resolves', async () => {
    const { context, page, errors } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    await settle(page);
    expect(await page.locator('.inc-card').count()).toBe(0);

    // from here every click the page receives is counted
    const clicks: string[] = [];
    await page.exposeBinding('flareClick', (_s, what: string) => clicks.push(what));
    const counter = `document.addEventListener('click', function (e) {
      if (e.isTrusted) window.flareClick((e.target.closest('a,button,label,input,select,textarea') || e.target).outerHTML.slice(0, 80));
    }, true);`;
    await page.addInitScript(counter);
    await page.evaluate(counter);
    const started = Date.now();

    await page.getByRole('navigation').getByRole('link', { name: 'Declare incident' }).click(); // 1
    await settle(page);
    // nothing is chosen for them: the plan names no default severity
    expect(await page.locator('input[name="severity"]:checked').count()).toBe(0);
    // what the plan knows is filled in: the template, the contact, the component that is down
    expect(await page.locator('#f-template').inputValue()).toBe('investigating');
    expect(await page.locator('#f-contact').inputValue()).toBe('help@acme.test');
    expect(await page.locator(`#f-c_${loginId}`).inputValue()).toBe('major_outage');
    await page.locator('label.sev-choice', { hasText: 'SEV2' }).click(); // 2
    const preview = page.locator('#preview');
    // the preview comes without a click on Preview
    await expect.poll(() => preview.locator('.channel').count(), { timeout: 5000 }).toBe(6);
    await page.getByLabel('What is wrong, in a few words').click(); // 3
    await page.keyboard.type('failed logins for some customers');
    await expect
      .poll(() => preview.textContent(), { timeout: 5000 })
      .toContain('failed logins for some customers');
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await screenshot(page, 'console-declare-fast.png', { fullPage: true });
    await page.getByRole('button', { name: 'Declare and publish' }).click(); // 4
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('declared and published');
    expect(await page.locator('h1').textContent()).toBe('Failed logins for some customers');
    expect(clicks.length, clicks.join('\n')).toBeLessThanOrEqual(6);
    expect(Date.now() - started).toBeLessThan(60_000);
    const incidentUrl = page.url().split('?')[0];

    // Back and submit again: the one-time token leads to the same incident, not a second one
    await page.goBack();
    await settle(page);
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await settle(page);
    expect(page.url().split('?')[0]).toBe(incidentUrl);
    const open = await app.store.db
      .selectFrom('incidents')
      .select('id')
      .where('kind', '=', 'incident')
      .execute();
    expect(open).toHaveLength(1);

    // it is public, with Login down
    const pub = await context.newPage();
    await pub.goto(`${server.url}/`);
    expect(await pub.locator('.incident-card').first().textContent()).toContain(
      'Failed logins for some customers',
    );
    await pub.close();

    // the room names people, not tokens
    expect(await page.locator('.room-meta').first().textContent()).toContain(
      'Ben Okafor (comms lead)',
    );
    expect(await page.locator('.room').textContent()).not.toContain('token:');

    // the next update
    const update = page.locator('#post-update');
    await update.getByLabel('Stage').selectOption('identified');
    await update.getByLabel('Cause (optional)').fill('an expired certificate');
    await update.getByRole('button', { name: 'Post update' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Update posted');
    await screenshot(page, 'console-incident-fast.png', { fullPage: true });

    // Resolve opens its form in place, the cursor in the first field to fill in
    await page.locator('.inc-head').getByRole('link', { name: 'Resolve' }).click();
    const resolve = page.locator('#resolve');
    expect(await resolve.getAttribute('open')).not.toBeNull();
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.id'))
      .toBe('f-r-data_loss');
    await page.keyboard.type('No data was lost.');
    await screenshot(page, 'console-resolve-open.png');
    await resolve.getByRole('button', { name: 'Resolve incident' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('resolved');
    expect(await page.locator('.inc-head').textContent()).toContain('Resolved');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('opens Resolve without JavaScript, and the incident screen fits a phone', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.goto(`${server.url}/console/declare`);
    await page.getByLabel('What is wrong, in a few words').fill('slow exports');
    // forgetting the severity: the summary says so plainly and links to the choice
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    const summary = page.locator('#form-errors');
    expect(await summary.getByRole('link').first().textContent()).toBe('Choose how bad it is.');
    await screenshot(page, 'console-declare-error-phone.png');
    await summary.getByRole('link').first().click();
    expect(new URL(page.url()).hash).toBe('#f-severity');
    await page.locator('label.sev-choice', { hasText: 'SEV3' }).click();
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/incidents\//);
    const incident = page.url();
    // without JavaScript the severity's own cadence still sets the promise (SEV3: 30 min)
    expect(await page.locator('.inc-head .due').textContent()).toContain('30 min');
    await page.goto(`${server.url}/console`);
    await screenshot(page, 'console-dashboard-phone.png');
    await page.goto(incident);
    await page.locator('.inc-head').getByRole('link', { name: 'Resolve' }).click();
    expect(new URL(page.url()).searchParams.get('action')).toBe('resolve');
    expect(await page.locator('#resolve').getAttribute('open')).not.toBeNull();
    expect(await page.locator('#f-r-data_loss').getAttribute('autofocus')).not.toBeNull();
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // the delivery table fits the phone: no sideways scrolling inside it either
    const table = page.locator('.dlv-table');
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    const wider = await table.evaluate((t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0));
    expect(wider).toBeLessThanOrEqual(0);
    await page.locator('section[aria-labelledby="dlv-title"]').screenshot({
      path: `${SHOTS}/console-deliveries-phone.png`,
    });
    await page.locator('#resolve').screenshot({ path: `${SHOTS}/console-resolve-phone.png` });
    await context.close();
  });
});
