/**
 * The briefing screen in Debian's Chromium, as a comms lead uses it: from the incident screen to
 * the briefing, an edit with a mistake (a question without an answer) shown plainly, then saved
 * as a new version; the printable page; and a support person's signed link, read and confirmed.
 * Checked with axe at 1280 px and 390 px; screenshots in docs/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { briefingLink } from '../../src/actions/shared/briefing.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  )) as { id: string; help: string; nodes: { target: string[] }[] }[];
  return found.map((v) => `${v.id}: ${v.help} at ${v.nodes[0]?.target.join(' ')}`);
}

describe('the briefing screen in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;
  let incident: string;
  let sam: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    const api = await createComponent(ctx, { name: 'API' });
    const ana = await createPerson(ctx, { name: 'Ana Silva', email: 'ana@example.com' });
    sam = (await createPerson(ctx, { name: 'Sam <Support>', email: 'sam@example.com' })).id;
    const kim = await createPerson(ctx, { name: 'Kim Park', email: 'kim@example.com' });
    await setRotation(ctx, 'comms_lead', { person_ids: [ana.id] });
    await setRotation(ctx, 'support_lead', { person_ids: [sam] });
    await setRotation(ctx, 'account_manager', { person_ids: [kim.id] });
    incident = (
      await createIncident(ctx, {
        name: 'API errors',
        body: 'Some API requests fail with errors. We are investigating.',
        components: { [api.id]: 'partial_outage' },
        next_update_in_minutes: 30,
      })
    ).id;
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

  it('shows the pack and who read it, edits it with plain errors, and prints it', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    await page.goto(`${server.url}/console/incidents/${incident}`);
    const link = page.getByRole('link', { name: /^Briefing/ });
    expect(await link.textContent()).toBe('Briefing v1, 0 of 2 read');
    await settle(page);
    await screenshot(page, 'console-incident-briefing-link.png');
    await link.click();
    await page.waitForURL((u) => u.pathname.endsWith('/briefing'));
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Briefing: API errors');
    expect(await page.locator('.briefing-statement').textContent()).toContain(
      'Some API requests fail with errors.',
    );
    expect(await page.locator('#readers-title').textContent()).toBe('Who has read version 1');
    expect(await page.locator('.brief-readers').textContent()).toContain('Sam <Support>');
    expect(await violations(page)).toEqual([]);

    // a question without an answer: nothing saved, the message names the field
    await page.locator('#f-faq-q-3').fill('Is my data safe?');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await settle(page);
    expect(await page.locator('.form-alert').textContent()).toContain('Approved answers');
    expect(await page.locator('#f-faq .field-error').textContent()).toMatch(/must be an answer/);
    expect(await page.locator('#f-faq-q-3').inputValue()).toBe('Is my data safe?');
    await page.locator('#f-faq-a-3').fill('Yes: no data was lost or exposed.');
    await page.locator('#f-say').fill('Only the API is affected.\nThe dashboard works.');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.waitForURL((u) => u.search.includes('done=briefing'));
    await settle(page);
    expect(await page.locator('.page-title .chint').textContent()).toContain('Version 2 of 2');
    expect((await page.locator('.diff ins').allTextContents()).join('\n')).toContain(
      'Added: - The dashboard works.',
    );
    await screenshot(page, 'console-briefing.png', { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await settle(page);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'console-briefing-390.png', { fullPage: true });

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Print' }).click();
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Briefing v2: API errors');
    expect(await page.locator('.briefing-faq').textContent()).toContain('Yes: no data was lost');
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]); // the form's 400
    await close();
  });

  it('lets a support person read the pack from the signed link and confirm it', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 390, height: 844 },
    });
    const link = briefingLink(app.secretKey, server.url, incident, 2, sam);
    await page.goto(link);
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Briefing v2: API errors');
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'briefing-link-390.png', { fullPage: true });
    await page.getByRole('button', { name: 'I have read version 2' }).click();
    await settle(page);
    expect(await page.locator('.notice-actions').textContent()).toContain('You confirmed reading');
    const acks = await app.store.db.selectFrom('briefing_acks').selectAll().execute();
    expect(acks.map((a) => [a.person_id, Number(a.version)])).toEqual([[sam, 2]]);
    await page.goto(link.replace(/sig=.*/, 'sig=forged'));
    expect(await page.locator('h1').textContent()).toBe('This link does not work');
    expect(errors.filter((e) => !/403/.test(e))).toEqual([]);
    await close();
  });
});
