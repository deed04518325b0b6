/**
 * Follow the sun in Debian's Chromium: the outgoing comms lead opens the handover screen from
 * the incident, sends an empty note (refused, naming the field), then a real one; the incident
 * screen lists the waiting handover with its Accept button. The signed links of the prompt and
 * of the handover notice open their pages at phone width. Checked with axe; screenshots in
 * docs/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { setRegion } from '../../src/actions/setRegion.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { handoverAckLink, handoverNoteLink } from '../../src/actions/shared/handovers.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  )) as { id: string; help: string; nodes: { target: string[] }[] }[];
  return found.map((v) => `${v.id}: ${v.help} at ${v.nodes[0]?.target.join(' ')}`);
}

describe('handovers in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;
  let incident: string;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    app = await makeTestApp('sqlite', { clock: new TestClock(Date.parse('2026-12-03T16:35:00Z')) });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    await setRegion(ctx, 'emea', {
      name: 'EMEA',
      time_zone: 'Europe/London',
      hours: '08:00-17:00 Mon-Fri',
    });
    await setRegion(ctx, 'amer', {
      name: 'AMER',
      time_zone: 'America/New_York',
      hours: '09:00-19:00 Mon-Fri',
    });
    id.emil = (
      await createPerson(ctx, { name: 'Emil Berg', email: 'emil@example.com', region: 'emea' })
    ).id;
    id.ana = (
      await createPerson(ctx, { name: 'Ana Silva', email: 'ana@example.com', region: 'amer' })
    ).id;
    id.lee = (await createPerson(ctx, { name: 'Lee Chen', email: 'lee@example.com' })).id;
    await setRotation(ctx, 'comms_lead', { person_ids: [id.emil, id.ana] });
    await setRotation(ctx, 'incident_lead', { person_ids: [id.lee] });
    incident = (
      await declareIncident(ctx, {
        severity: 'SEV1',
        template: 'investigating',
        vars: { issue: 'card payments failing', contact: 'help@acme.test' },
      })
    ).incident.id;
    tokenId = (await createToken(ctx, { name: 'emil', scope: 'write' })).token.id;
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

  it('writes the note in the console, then shows the waiting handover on the incident', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 1280, height: 900 },
    });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');
    await page.goto(`${server.url}/console/incidents/${incident}`);
    await page.getByRole('link', { name: 'Hand over a role' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/handover'));
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Hand over a role');
    expect(await page.locator('#f-note').inputValue()).toMatch(/^State: investigating \(SEV1\)/);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'console-handover.png', { fullPage: true });

    await page.locator('#f-note').fill('');
    await page.getByRole('button', { name: 'Hand over' }).click();
    await settle(page);
    expect(await page.locator('#note-error').textContent()).toMatch(
      /Handover note must not be empty/,
    );
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'console-handover-error.png', { fullPage: true });

    await page
      .locator('#f-note')
      .fill(
        'EU banks fixed at 16:20. US issuer still failing; Stripe ticket 4411.\nNext update due 17:05 — draft is in the room.',
      );
    await page.getByRole('button', { name: 'Hand over' }).click();
    await page.waitForURL((u) => u.search.includes('done=handover'));
    await settle(page);
    expect(await page.locator('#handovers').textContent()).toContain('Emil Berg → Ana Silva');
    expect(await violations(page)).toEqual([]);
    await page.locator('#handovers').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-incident-handover.png');
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await close();
  });

  it('opens the prompt and the acceptance from their signed links at phone width', async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 390, height: 844 },
    });
    await page.goto(handoverNoteLink(app.secretKey, server.url, incident, 'incident_lead', id.lee));
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Hand over Incident lead');
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'handover-note-link-390.png', { fullPage: true });

    const h = await app.store.db.selectFrom('handovers').select('id').executeTakeFirstOrThrow();
    await page.goto(handoverAckLink(app.secretKey, server.url, h.id, id.ana));
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Take over Comms lead?');
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'handover-accept-link-390.png', { fullPage: true });
    await page.getByRole('button', { name: 'Accept the handover' }).click();
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Handover accepted');
    const role = await app.store.db
      .selectFrom('incident_roles')
      .select('person_id')
      .where('incident_id', '=', incident)
      .where('role_key', '=', 'comms_lead')
      .executeTakeFirstOrThrow();
    expect(role.person_id).toBe(id.ana);
    expect(errors).toEqual([]);
    await close();
  });
});
