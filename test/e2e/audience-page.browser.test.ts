/**
 * A private audience page in a real browser (Debian's Chromium via playwright-core) against a
 * real listening server with the demo data: the sign-in form, the emailed link's button, the
 * page itself, and signing out. Saves screenshots in docs/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { listComponents } from '../../src/store/queries/components.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot } from '../helpers/browser.js';

describe('private audience page in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await loadDemo(ctx, { publicUrl: 'http://127.0.0.1' });
    const db = app.store.db;
    const at = new Date().toISOString();
    const leaves = (await listComponents(db)).filter((c) => !c.group);
    await db
      .insertInto('accounts')
      .values({
        id: 'acc-globex',
        name: 'Globex',
        external_id: null,
        tier: 'enterprise',
        criticality: 'critical',
        region: null,
        time_zone: null,
        locale: null,
        account_manager_id: null,
        tags: '[]',
        mrr: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (const c of leaves.slice(0, 2))
      await db
        .insertInto('account_components')
        .values({ account_id: 'acc-globex', component_id: c.id })
        .execute();
    await db
      .insertInto('audiences')
      .values({
        key: 'enterprise',
        name: 'Enterprise customers',
        match: JSON.stringify({ tiers: ['enterprise'] }),
        channels: '["email"]',
        outreach: 0,
        private_page: 1,
        position: 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const s = await createSubscriber(ctx, {
      channel: 'email',
      email: 'ops@globex.test',
      confirmed: true,
    });
    await db
      .updateTable('subscribers')
      .set({ account_id: 'acc-globex' })
      .where('id', '=', s.subscriber.id)
      .execute();
    await createIncident(ctx, {
      name: 'Dedicated cluster failover',
      body: 'We are moving your **dedicated cluster** to the standby region. Expect 5 minutes of read-only mode.',
      components: { [leaves[0].id]: 'degraded_performance' },
      visibility: 'audiences',
      audiences: ['enterprise'],
    });
    app.site.invalidate();
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

  it('signs a contact in through the emailed link and shows the private page', async () => {
    const { page, errors, close } = await openPage(
      browser,
      { viewport: { width: 1280, height: 900 } },
      { failedRequests: true },
    );
    await page.goto(`${server.url}/a/enterprise`);
    await page.waitForURL(/\/a\/enterprise\/signin$/);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'audience-signin.png', { fullPage: true });
    await page.locator('#email').fill('ops@globex.test');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByText('If that address belongs to this page').waitFor();

    const n = await app.store.db
      .selectFrom('notifications')
      .select('payload')
      .where('kind', '=', 'audience.signin')
      .executeTakeFirstOrThrow();
    const url = new URL(JSON.parse(n.payload).data.action_url);
    await page.goto(`${server.url}${url.pathname}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/a\/enterprise$/);
    await page.waitForLoadState('networkidle');
    await expect(page.getByText('Dedicated cluster failover').first().isVisible()).resolves.toBe(
      true,
    );
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'audience-page.png', { fullPage: true });
    // the language switcher stays on the private page
    await expect(page.getByRole('link', { name: 'Français' }).getAttribute('href')).resolves.toBe(
      '/a/enterprise?locale=fr',
    );
    await page.getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(/\/a\/enterprise\?locale=fr$/);
    await expect(page.getByText('Dedicated cluster failover').first().isVisible()).resolves.toBe(
      true,
    );

    // the public page does not show it
    await page.goto(`${server.url}/`);
    await expect(page.getByText('Dedicated cluster failover').count()).resolves.toBe(0);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/a/enterprise`);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'audience-page-mobile.png');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/a\/enterprise\/signin\?why=signed_out$/);
    await expect(page.getByText('You are signed out.').isVisible()).resolves.toBe(true);
    await page.goto(`${server.url}/a/enterprise`);
    await page.waitForURL(/\/signin$/);
    expect(errors).toEqual([]);
    await close();
  });
});
