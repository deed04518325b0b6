/**
 * The enquiries inbox in a real browser, as a comms lead uses it: enquiries arrive over the
 * API, the inbox lists them with sentiment and key-account flags, the lead filters, opens a key
 * account's email and replies with an approved answer; the reply reaches a real SMTP server
 * threaded to the customer's message, and the incident screen's chart shows the volume (SVG,
 * with its table). Debian's Chromium via playwright-core, with a real listening server and its
 * worker. Saves docs/screenshots/console-enquiries*.png.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/actions/createAccount.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createContact } from '../../src/actions/createContact.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';
import { type SmtpReceiver, startSmtp, waitFor } from '../helpers/receivers.js';

const SAYS = [
  [
    'email',
    'Checkout fails with the Payments API, our customers cannot pay. This is unacceptable.',
  ],
  ['sms', 'Payments down again?'],
  ['social', 'Payments API broken, any ETA?'],
  ['phone', 'Customer called: cards declined at checkout, wants to know when it will be fixed.'],
  ['helpdesk', 'Is the payments outage affecting refunds too?'],
  ['email', 'Thanks for the quick update, we appreciate it.'],
] as const;

describe('the enquiries inbox in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let smtp: SmtpReceiver;
  let tokenId: string;
  let secret: string;
  let incident: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    const api = (await createComponent(ctx, { name: 'Payments API' })).id;
    const ana = await createPerson(ctx, { name: 'Ana Silva', email: 'ana@example.com' });
    await setRotation(ctx, 'comms_lead', { person_ids: [ana.id] });
    const globex = await createAccount(ctx, {
      name: 'Globex',
      tier: 'enterprise',
      criticality: 'critical',
      account_manager_id: ana.id,
    });
    await createContact(ctx, globex.id, { email: 'hank@globex.test', name: 'Hank' });
    incident = (
      await createIncident(ctx, {
        name: 'Payments failing',
        body: 'Card payments are failing. We are investigating.',
        components: { [api]: 'major_outage' },
        deliver_notifications: false,
      })
    ).id;
    const token = await createToken(ctx, { name: 'comms-lead', scope: 'admin' });
    tokenId = token.token.id;
    secret = token.secret;
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

  async function arrive(body: Record<string, unknown>) {
    const res = await fetch(`${server.url}/api/v1/enquiries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string };
  }

  it('lists enquiries, replies with an approved answer by email, threaded, and charts the volume', async () => {
    const now = Date.now();
    for (let i = 0; i < 24; i++) {
      const [channel, text] = SAYS[i % SAYS.length];
      await arrive({
        channel,
        from:
          channel === 'email' ? `user${i}@example.org` : `+1555010${String(i).padStart(2, '0')}`,
        text,
        received_at: new Date(now - (40 - i * 1.5) * 60_000).toISOString(),
      });
    }
    const key = await arrive({
      channel: 'email',
      from: 'Hank <hank@globex.test>',
      subject: 'Payments API outage',
      text: 'Our checkout has been down for 20 minutes. We need an update now or we will look for alternatives.',
      message_id: '<hank-1@globex.test>',
    });

    const { page, errors } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    const { code } = await createSigninCode(app.ctx(), { tokenId });
    await page.goto(`${server.url}/console/signin?code=${code}`);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL((u) => u.pathname === '/console');

    await page.getByRole('link', { name: 'Enquiries', exact: true }).click();
    await settle(page);
    const rows = page.locator('.enquiries-table tbody tr');
    expect(await rows.count()).toBe(25);
    const first = rows.first();
    expect(await first.textContent()).toContain('Globex');
    expect(await first.textContent()).toContain('Key account');
    expect(await first.textContent()).toContain('Talks of leaving');
    expect(await first.textContent()).toContain('Escalated');
    await screenshot(page, 'console-enquiries.png', { fullPage: true });

    await page.locator('#f-channel').selectOption('sms');
    await page.getByRole('button', { name: 'Show' }).click();
    await settle(page);
    expect(await rows.count()).toBe(4);

    await page.goto(`${server.url}/console/enquiries/${key.id}`);
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Payments API outage');
    // nothing chosen and nothing written: a plain error that names the field
    await page.getByRole('button', { name: 'Send reply' }).click();
    await settle(page);
    expect(await page.locator('.form-alert').first().textContent()).toContain('Your answer');
    await page.locator('#f-r-faq').selectOption('aware');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Answer recorded');
    // the escalation notice to Ana goes out too: the reply is the one to Hank
    const toHank = () => smtp.recipients.findIndex((r) => r.includes('hank@globex.test'));
    await waitFor(() => toHank() >= 0, 15_000, 'the reply by email');
    const mail = smtp.messages[toHank()];
    expect(mail.inReplyTo).toBe('<hank-1@globex.test>');
    expect(mail.subject).toBe('Re: Payments API outage');
    expect(mail.text).toContain('we are aware of the problem');
    await page.reload();
    await settle(page);
    expect(await page.locator('.enquiry-replies').textContent()).toMatch(/Sent by email|Sending/);
    await screenshot(page, 'console-enquiry.png', { fullPage: true });

    await page.goto(`${server.url}/console/incidents/${incident}`);
    await settle(page);
    const chart = page.locator('#reaction svg.reaction-chart');
    expect(await chart.count()).toBe(1);
    expect(await page.locator('#reaction rect').count()).toBeGreaterThan(5);
    expect(await page.locator('#reaction').textContent()).toContain('25 enquiries');
    expect(await page.locator('#reaction .themes').textContent()).toContain('payments');
    await page
      .locator('#reaction')
      .screenshot({ path: 'docs/screenshots/console-enquiries-chart.png' });

    // a phone call logged by hand: a missing field is named, then it is matched like the rest
    await page.goto(`${server.url}/console/enquiries`);
    await settle(page);
    await page.locator('#f-g-text').fill('Called about failed card payments at checkout.');
    await page.getByRole('button', { name: 'Log it' }).click();
    await settle(page);
    expect(await page.locator('#log').textContent()).toContain('Who must not be empty');
    expect(await page.locator('#f-g-text').inputValue()).toContain('failed card payments');
    await page.locator('#f-g-from').fill('+1 555 0100 999');
    await page.locator('#f-g-from').fill('hank@globex.test');
    await page.getByRole('button', { name: 'Log it' }).click();
    await settle(page);
    expect(await page.locator('.flash').textContent()).toContain('Logged');
    expect(await page.locator('.facts').textContent()).toContain('Globex');
    expect(await page.locator('.facts').textContent()).toContain('Payments failing');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/console/enquiries`);
    await settle(page);
    await screenshot(page, 'console-enquiries-390.png', { fullPage: true });
    // the one 400 is the empty reply form, shown again with its error
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
  }, 120_000);
});
