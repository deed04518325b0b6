/**
 * The comms lead's review link for a draft an alert opened (issue #13 part 1), in Chromium: the
 * signed link shows the draft with no axe violation and no console error, and its Publish
 * button makes it public. Saves docs/screenshots/alert-review.png and alert-review-done.png.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIntegration } from '../../src/actions/createIntegration.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  )) as { id: string; help: string }[];
  return found.map((v) => `${v.id}: ${v.help}`);
}

describe('alert review link in Chromium', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let checkout: string;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: server.url });
    checkout = (await createComponent(ctx, { name: 'Checkout' })).id;
    const bob = await createPerson(ctx, { name: 'Bob', email: 'bob@acme.test', time_zone: 'UTC' });
    await setRotation(ctx, 'comms_lead', { person_ids: [bob.id] });
    await setPlanSetting(ctx, { key: 'alert_flap_minutes', value: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await app?.cleanup();
  });

  it('shows the draft and publishes it with one click', async () => {
    const i = await createIntegration(app.ctx(), {
      name: 'Prometheus',
      kind: 'generic',
      mapping: { severity: 'SEV2' },
    });
    const res = await fetch(`${server.url}/api/v1/alerts/${i.id}/${i.secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        group_key: 'checkout',
        status: 'firing',
        title: 'checkout errors above 5%',
        components: [checkout],
      }),
    });
    expect(res.status).toBe(200);
    const notice = (
      await app.store.db
        .selectFrom('notifications')
        .select('payload')
        .where('kind', '=', 'team.notice')
        .execute()
    )
      .map((n) => JSON.parse(n.payload))
      .find((p) => String(p.data.action_url).includes('/alerts/review/'));
    const link: string = notice.data.action_url;

    const { page, errors, close } = await openPage(browser, {
      viewport: { width: 1280, height: 800 },
    });
    await page.goto(link);
    await settle(page);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Draft: checkout errors above 5%',
    );
    expect(await page.textContent('main')).toContain('Components: Checkout.');
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'alert-review.png', { fullPage: true });
    await page.getByRole('button', { name: 'Publish' }).click();
    await settle(page);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Published');
    await screenshot(page, 'alert-review-done.png', { fullPage: true });
    expect(errors).toEqual([]);
    await close();
    const v2 = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: { name: string }[];
    };
    expect(v2.incidents.map((x) => x.name)).toContain('checkout errors above 5%');
  });
});
