/**
 * Every public page and every console screen through axe-core in Debian's Chromium, at 1280 px
 * and 390 px, in light and dark mode: no violation of WCAG 2.x A/AA rules (axe's wcag2a,
 * wcag2aa, wcag21a, wcag21aa tags). The demo's data fills the pages, so lists, tables, badges
 * and charts are checked with content in them, not empty.
 *
 * axe's script is evaluated in the page over the DevTools protocol, which the pages' strict
 * Content-Security-Policy does not govern, so the pages are checked with their real CSP on.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { receiveEnquiry } from '../../src/actions/receiveEnquiry.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, settle } from '../helpers/browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe's violations on the page as it is now, one line each, with the first few targets. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(TAGS)} } }).then((r) => r.violations)`,
  )) as Violation[];
  return found.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}

/** Ids of the demo's records, so the pages about one record are checked too. */
interface Ids {
  incident: string;
  maintenance: string;
  component: string;
  account: string;
  template: string;
  severity: string;
  /** the demo may have no team yet: then the person screen is skipped */
  person: string | undefined;
  enquiry: string;
}

/** The public pages; ids are filled in once the demo is loaded. */
const PUBLIC = (id: Ids) => {
  const month = new Date().toISOString().slice(0, 7);
  return [
    '/',
    '/history',
    `/history?month=${month}`,
    `/incidents/${id.incident}`,
    `/incidents/${id.maintenance}`,
    '/subscribe',
    '/no-such-page',
  ];
};

/** Every console screen a signed-in comms lead reaches from the menu and the dashboard. */
const CONSOLE = (id: Ids) => [
  '/console',
  '/console?dashboard=1',
  '/console/declare',
  `/console/incidents/${id.incident}`,
  `/console/incidents/${id.incident}/briefing`,
  `/console/incidents/${id.incident}/debrief`,
  '/console/components',
  `/console/components/${id.component}`,
  `/console/components/${id.component}/delete`,
  '/console/maintenance',
  `/console/maintenance/${id.maintenance}`,
  '/console/plan',
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `/console/plan/${n}`),
  '/console/team',
  ...(id.person ? [`/console/team/people/${id.person}`] : []),
  '/console/severities',
  `/console/severities/${id.severity}`,
  '/console/severities/new',
  '/console/audiences',
  '/console/templates',
  `/console/templates/${id.template}`,
  '/console/accounts',
  `/console/accounts/${id.account}`,
  '/console/subscribers',
  '/console/settings',
  '/console/tokens',
  '/console/monitors',
  '/console/incidents',
  '/console/debrief/trends',
  '/console/sources',
  '/console/sources/inbound/zendesk/disconnect',
  '/console/sla',
  '/console/enquiries',
  `/console/enquiries/${id.enquiry}`,
];

const VIEWS = [
  { width: 1280, height: 900, colorScheme: 'light' as const },
  { width: 1280, height: 900, colorScheme: 'dark' as const },
  { width: 390, height: 844, colorScheme: 'light' as const },
  { width: 390, height: 844, colorScheme: 'dark' as const },
];

describe('accessibility (axe-core in Chromium)', () => {
  let app: TestApp;
  let server: Running;
  let browser: Browser;
  let tokenId: string;
  let ids: Ids;

  beforeAll(async () => {
    app = await makeTestApp('sqlite');
    const ctx = app.ctx();
    await loadDemo(ctx, { publicUrl: 'http://127.0.0.1' });
    tokenId = (await createToken(ctx, { name: 'a11y', scope: 'admin' })).token.id;
    const db = app.store.db;
    const first = async (q: Promise<{ id: string } | undefined>, what: string) => {
      const row = await q;
      if (!row) throw new Error(`the demo has no ${what}`);
      return row.id;
    };
    ids = {
      incident: await first(
        db
          .selectFrom('incidents')
          .select('id')
          .where('resolved_at', 'is', null)
          .where('kind', '=', 'incident')
          .executeTakeFirst(),
        'open incident',
      ),
      maintenance: await first(
        db
          .selectFrom('incidents')
          .select('id')
          .where('kind', '=', 'maintenance')
          .executeTakeFirst(),
        'maintenance',
      ),
      component: await first(
        db.selectFrom('components').select('id').executeTakeFirst(),
        'component',
      ),
      account: await first(db.selectFrom('accounts').select('id').executeTakeFirst(), 'account'),
      template: await first(db.selectFrom('templates').select('id').executeTakeFirst(), 'template'),
      severity: await first(
        db.selectFrom('severities').select('key as id').executeTakeFirst(),
        'severity',
      ),
      person: (await db.selectFrom('people').select('id').executeTakeFirst())?.id,
      enquiry: '',
    };
    // an enquiry about the open incident: the inbox, the enquiry and the incident's reaction chart
    ids.enquiry = (
      await receiveEnquiry(ctx, {
        channel: 'email',
        from: 'Pat <pat@example.org>',
        subject: 'Is it down?',
        text: 'Our checkout is broken. This is unacceptable.',
        incident_id: ids.incident,
      })
    ).id;
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

  for (const view of VIEWS) {
    const label = `${view.width} px, ${view.colorScheme}`;

    it(`public pages have no violations at ${label}`, async () => {
      const { page, close } = await openPage(browser, {
        viewport: { width: view.width, height: view.height },
        colorScheme: view.colorScheme,
      });
      try {
        const found: string[] = [];
        for (const path of PUBLIC(ids)) {
          await page.goto(server.url + path);
          await settle(page);
          for (const v of await violations(page)) found.push(`${path}: ${v}`);
        }
        expect(found).toEqual([]);
      } finally {
        await close();
      }
    });

    it(`console screens have no violations at ${label}`, async () => {
      const { page, close } = await openPage(browser, {
        viewport: { width: view.width, height: view.height },
        colorScheme: view.colorScheme,
      });
      try {
        const { code } = await createSigninCode(app.ctx(), { tokenId });
        await page.goto(`${server.url}/console/signin?code=${code}`);
        // the sign-in screen itself, before it is used
        const found = (await violations(page)).map((v) => `/console/signin: ${v}`);
        await page.getByRole('button', { name: 'Continue to the console' }).click();
        await page.waitForURL((u) => u.pathname.startsWith('/console'));
        for (const path of CONSOLE(ids)) {
          const res = await page.goto(server.url + path);
          expect(res?.status(), path).toBe(200);
          await settle(page);
          for (const v of await violations(page)) found.push(`${path}: ${v}`);
        }
        expect(found).toEqual([]);
      } finally {
        await close();
      }
    }, 240_000); // some forty screens, each through axe: more than the default 30 s on 2 shared cores
  }
});
