/**
 * The subscribe form and the manage page in a real browser (Debian's Chromium, driven by
 * playwright-core) against a real listening server with the demo data. Saves screenshots in
 * docs/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { subscriberLinks } from '../../src/lib/signing.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { listComponents } from '../../src/store/queries/components.js';
import { getSubscriber } from '../../src/store/queries/subscribers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot } from '../helpers/browser.js';

describe('subscribe pages in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    await loadDemo(app.ctx(), { publicUrl: 'http://127.0.0.1' });
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

  function open(width: number, height: number) {
    return openPage(browser, { viewport: { width, height } }, { failedRequests: true });
  }

  it('reaches the form from the header, shows the field for the chosen channel, and subscribes', async () => {
    const { page, errors, close } = await open(1280, 900);
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Subscribe to updates' }).click();
    await page.waitForURL(/\/subscribe$/);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('#email').isVisible()).resolves.toBe(true);
    await expect(page.locator('#phone').isVisible()).resolves.toBe(false);
    // the honeypot is in the form but out of sight
    const trap = await page.locator('#website').boundingBox();
    expect(trap!.x + trap!.width).toBeLessThan(0);
    await screenshot(page, 'subscribe.png', { fullPage: true });

    await page.locator('label[for="ch-sms"]').click();
    await expect(page.locator('#phone').isVisible()).resolves.toBe(true);
    await expect(page.locator('#email').isVisible()).resolves.toBe(false);
    await page.locator('label[for="ch-slack"]').click();
    await expect(page.locator('#url').isVisible()).resolves.toBe(true);
    await expect(page.locator('label[for="url"]').textContent()).resolves.toContain(
      'Slack incoming-webhook URL',
    );
    await expect(page.getByText('Slack incoming-webhook URL').isVisible()).resolves.toBe(true);

    await page.locator('label[for="ch-email"]').click();
    await page.fill('#email', 'grace@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('h1').textContent()).resolves.toBe('Check your inbox to confirm');
    await screenshot(page, 'subscribe-check-inbox.png');
    expect(errors).toEqual([]);
    await close();
  });

  it('shows each URL channel its own label and hint, from the channel list alone', async () => {
    const { page, errors, close } = await open(1280, 900);
    await page.goto(`${server.url}/subscribe`);
    const label = page.locator('label[for="url"]');
    for (const [id, text, hint] of [
      ['webhook', 'Webhook URL', /signed with Standard Webhooks/],
      ['slack', 'Slack incoming-webhook URL', /Apps → Incoming Webhooks/],
      ['discord', 'Discord webhook URL', /Server Settings → Integrations → Webhooks/],
      ['google_chat', 'Google Chat webhook URL', /Apps & integrations → Webhooks/],
      ['mattermost', 'Mattermost incoming-webhook URL', /Integrations → Incoming Webhooks/],
    ] as const) {
      await page.locator(`label[for="ch-${id}"]`).click();
      await expect(page.locator('#url').isVisible()).resolves.toBe(true);
      await expect(page.locator('#email').isVisible()).resolves.toBe(false);
      // only the checked channel's words are visible: innerText reads what is rendered
      // biome-ignore lint/performance/useDomNodeTextContent: the visible text is the point
      await expect(label.innerText()).resolves.toBe(text);
      // biome-ignore lint/performance/useDomNodeTextContent: the visible text is the point
      await expect(page.locator('.field-url .hint').innerText()).resolves.toMatch(hint);
    }
    await screenshot(page, 'subscribe-chat-url.png', { fullPage: true });
    await page.locator('label[for="ch-sms"]').click();
    await expect(page.locator('#url').isVisible()).resolves.toBe(false);
    await expect(page.locator('#phone').isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  it('fits every channel on a phone', async () => {
    const { page, close } = await open(390, 844);
    await page.goto(`${server.url}/subscribe`);
    await page.locator('label[for="ch-google_chat"]').click();
    // every channel's button lies inside the form: none spills past its edge
    const box = (await page.locator('.segmented').boundingBox())!;
    for (const b of await page.locator('.segmented label').all()) {
      const l = (await b.boundingBox())!;
      expect(l.x + l.width).toBeLessThanOrEqual(box.x + box.width);
      // its text fits: the label is not wider inside than it is drawn
      expect(await b.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    }
    await screenshot(page, 'subscribe-mobile-channels.png');
    await close();
  });

  it('shows a clear error for a bad address, on a phone too', async () => {
    const { page, errors, close } = await open(390, 844);
    await page.goto(`${server.url}/subscribe`);
    await page.fill('#email', 'not an email');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('#email-error').textContent()).resolves.toMatch(
      /Email address must be an email address/,
    );
    await screenshot(page, 'subscribe-mobile-error.png', { fullPage: true });
    // the browser logs the 400 status of the re-rendered form, which is the point here
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await close();
  });

  it('asks an SMS subscriber for the code, and a webhook subscriber to save the secret', async () => {
    const { page, errors, close } = await open(1280, 800);
    await page.goto(`${server.url}/subscribe`);
    await page.locator('label[for="ch-sms"]').click();
    await page.fill('#phone', '+14155550123');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('h1').textContent()).resolves.toBe('Enter your code');
    await page.fill('#code', '000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('#code-error').textContent()).resolves.toMatch(/is not right/);
    await screenshot(page, 'subscribe-sms-code.png');

    await page.goto(`${server.url}/subscribe`);
    await page.locator('label[for="ch-webhook"]').click();
    await page.fill('#url', 'https://hooks.example.com/flare');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('.secret').textContent()).resolves.toMatch(/^whsec_/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Confirm from your endpoint');
    await screenshot(page, 'subscribe-webhook-secret.png');
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await close();
  });

  it('lets a subscriber change components on the manage page', async () => {
    const ctx = app.ctx();
    const leaves = (await listComponents(app.store.db)).filter((c) => !c.group).map((c) => c.id);
    const { subscriber } = await createSubscriber(ctx, {
      channel: 'email',
      email: 'ops@example.com',
      confirmed: true,
      components: leaves.slice(0, 2),
    });
    const manage = subscriberLinks(app.secretKey, server.url, subscriber.id).manage;
    const { page, errors, close } = await open(1280, 900);
    await page.goto(manage);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'manage-subscription.png', { fullPage: true });
    await page.locator(`input[value="${leaves[2]}"]`).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForLoadState('networkidle');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Saved/);
    expect((await getSubscriber(app.store.db, subscriber.id))!.components).toHaveLength(3);

    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('h1').textContent()).resolves.toMatch(/unsubscribed/);
    expect((await getSubscriber(app.store.db, subscriber.id))!.state).toBe('unsubscribed');
    expect(errors).toEqual([]);
    await close();
  });
});
