/**
 * Loads a realistic demo page: grouped components, 90 days of history with resolved
 * incidents, one active incident and an upcoming maintenance. Uses the ordinary actions with
 * a clock set in the past, so the demo is built exactly as real data would be.
 */
import type { ComponentStatus } from '../domain/types.js';
import type { Ctx } from './context.js';
import { createAccount } from './createAccount.js';
import { createComponent } from './createComponent.js';
import { createContact } from './createContact.js';
import { createIncident } from './createIncident.js';
import { postUpdate } from './postUpdate.js';
import { scheduleMaintenance } from './scheduleMaintenance.js';
import { updateAccount } from './updateAccount.js';
import { updatePage } from './updatePage.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

interface PastIncident {
  daysAgo: number;
  name: string;
  hits: Record<string, ComponentStatus>;
  steps: [
    minutesAfterStart: number,
    status: 'identified' | 'monitoring' | 'resolved',
    body: string,
  ][];
  first: string;
}

const PAST: PastIncident[] = [
  {
    daysAgo: 71,
    name: 'Delayed email notifications',
    hits: { 'Email delivery': 'degraded_performance' },
    first: 'Some notification emails are arriving up to 20 minutes late. We are investigating.',
    steps: [
      [
        25,
        'identified',
        'A queue consumer stalled after a configuration change. We are rolling it back.',
      ],
      [
        50,
        'monitoring',
        'The backlog is draining and new emails arrive on time. We are monitoring.',
      ],
      [
        80,
        'resolved',
        'All delayed emails have been delivered. No emails were lost. We are sorry for the delay.',
      ],
    ],
  },
  {
    daysAgo: 44,
    name: 'Dashboard unavailable in Europe',
    hits: { Dashboard: 'major_outage' },
    first: 'The dashboard is failing to load for customers in Europe. The API is not affected.',
    steps: [
      [
        18,
        'identified',
        'A faulty load balancer rule in our EU region is rejecting requests. A fix is being deployed.',
      ],
      [41, 'monitoring', 'The dashboard is loading again in Europe. We are watching error rates.'],
      [
        70,
        'resolved',
        'The dashboard has been fully available since 10:41 UTC. No data was lost. We apologise for the disruption and thank you for your patience.',
      ],
    ],
  },
  {
    daysAgo: 19,
    name: 'Search results incomplete',
    hits: { Search: 'partial_outage' },
    first: 'Search is returning incomplete results for some workspaces.',
    steps: [
      [35, 'identified', 'One search node fell behind on indexing. We are rebuilding its index.'],
      [150, 'resolved', 'The index has been rebuilt and results are complete. Nothing was lost.'],
    ],
  },
  {
    daysAgo: 6,
    name: 'Slow API responses',
    hits: { API: 'degraded_performance', Database: 'degraded_performance' },
    first: 'API requests are slower than usual. We are investigating.',
    steps: [
      [
        22,
        'identified',
        'A slow database query introduced in today’s release is causing the slowdown. We are reverting it.',
      ],
      [40, 'monitoring', 'The release has been reverted and latency is back to normal.'],
      [
        75,
        'resolved',
        'API latency has been normal for 35 minutes. We apologise for the slowdown.',
      ],
    ],
  },
];

export async function loadDemo(
  ctx: Ctx,
  opts: { publicUrl?: string; onlyIfEmpty?: boolean } = {},
): Promise<boolean> {
  if (opts.onlyIfEmpty) {
    const any = await ctx.store.db
      .selectFrom('components')
      .select('id')
      .limit(1)
      .executeTakeFirst();
    if (any) return false;
  }
  const realNow = ctx.clock.now().getTime();
  let t = realNow - 95 * DAY;
  const at = (ms: number): Ctx => {
    t = ms;
    return { ...ctx, clock: { now: () => new Date(t) } };
  };

  await updatePage(at(t), {
    name: 'Acme Cloud',
    url: opts.publicUrl ?? 'http://localhost:8080',
    time_zone: 'Europe/London',
    description: 'Live status of Acme Cloud’s API, dashboard and delivery services.',
    support_url: 'https://support.example.com',
    support_email: 'support@example.com',
    brand_color: '#5b3df5',
  });

  const ids: Record<string, string> = {};
  const groups: [string, string, [string, string][]][] = [
    [
      'Core platform',
      'What you use every day',
      [
        ['API', 'REST and GraphQL API'],
        ['Dashboard', 'The web app at app.example.com'],
        ['Authentication', 'Sign-in, SSO and API keys'],
      ],
    ],
    [
      'Data',
      'Where your data lives',
      [
        ['Database', 'Primary data store'],
        ['Search', 'Full-text search'],
        ['File storage', 'Uploads and exports'],
      ],
    ],
    [
      'Delivery',
      'Messages we send for you',
      [
        ['Email delivery', 'Transactional email'],
        ['Webhooks', 'Outbound event webhooks'],
        ['SMS', 'Text messages'],
      ],
    ],
  ];
  for (const [gname, gdesc, children] of groups) {
    const g = await createComponent(at(t), { name: gname, description: gdesc, group: true });
    for (const [name, description] of children) {
      ids[name] = (await createComponent(at(t), { name, description, group_id: g.id })).id;
    }
  }
  ids.Billing = (
    await createComponent(at(t), { name: 'Billing', description: 'Invoices and payments' })
  ).id;

  for (const p of PAST) {
    const start = realNow - p.daysAgo * DAY + 9 * 60 * MIN;
    const components = Object.fromEntries(Object.entries(p.hits).map(([n, s]) => [ids[n], s]));
    const inc = await createIncident(at(start), {
      name: p.name,
      status: 'investigating',
      body: p.first,
      components,
      deliver_notifications: false,
    });
    for (const [m, status, body] of p.steps) {
      await postUpdate(at(start + m * MIN), 'incident', inc.id, {
        status,
        body,
        deliver_notifications: false,
        ...(status === 'resolved' ? {} : { next_update_in_minutes: 30 }),
      });
    }
  }

  const past = realNow - 3 * DAY;
  const done = await scheduleMaintenance(at(past - 7 * DAY), {
    name: 'Storage cluster upgrade',
    body: 'We will upgrade the file storage cluster. Uploads may be briefly slower.',
    scheduled_for: new Date(past).toISOString(),
    scheduled_until: new Date(past + 2 * 60 * MIN).toISOString(),
    components: [ids['File storage']],
    deliver_notifications: false,
  });
  await postUpdate(at(past), 'maintenance', done.id, {
    status: 'in_progress',
    body: 'The upgrade has started.',
    deliver_notifications: false,
  });
  await postUpdate(at(past + 95 * MIN), 'maintenance', done.id, {
    status: 'completed',
    body: 'The upgrade is complete.',
    deliver_notifications: false,
  });

  const start = realNow - 42 * MIN;
  const live = await createIncident(at(start), {
    name: 'Elevated API error rates',
    status: 'investigating',
    body: 'Some API requests are failing with 503 errors. Our engineers are investigating. Contact support@example.com if you are affected.',
    components: { [ids.API]: 'partial_outage', [ids.Webhooks]: 'degraded_performance' },
    next_update_in_minutes: 20,
    deliver_notifications: false,
  });
  // the promise falls due 22 minutes after loading, so a first look at the demo is not overdue
  await postUpdate(at(realNow - 8 * MIN), 'incident', live.id, {
    status: 'identified',
    body: 'We have identified a failing cache node in our US-East region and are moving traffic away from it. Webhook deliveries are delayed but none are lost. Next update within 30 minutes.',
    next_update_in_minutes: 30,
    deliver_notifications: false,
  });

  const tomorrow = new Date(realNow + DAY);
  tomorrow.setUTCHours(2, 0, 0, 0);
  await scheduleMaintenance(at(realNow - 2 * DAY), {
    name: 'Database maintenance',
    body: 'We will apply security patches to the primary database. The API and dashboard may be read-only for up to 10 minutes during the window.',
    scheduled_for: tomorrow.toISOString(),
    scheduled_until: new Date(tomorrow.getTime() + 2 * 60 * MIN).toISOString(),
    components: [ids.Database, ids.API],
    deliver_notifications: false,
  });
  await addDemoAccounts(at(realNow - 30 * DAY), ids);
  return true;
}

interface DemoAccount {
  external_id: string;
  name: string;
  tier: 'enterprise' | 'business' | 'free';
  criticality: 'critical' | 'high' | 'normal';
  region: string;
  time_zone: string;
  locale: string;
  tags: string[];
  mrr: number;
  footprint: string[];
  /** the email of the demo team member who manages it */
  manager: string;
  contacts: [name: string, email: string, role: string][];
}

/** The demo team (main/demoSubscribers.ts) by email: the account managers. */
const MANAGERS = {
  priya: 'priya.shah@acme.example',
  sam: 'sam.okafor@acme.example',
  lena: 'lena.novak@acme.example',
  jo: 'jo.martin@acme.example',
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    external_id: 'crm-0001',
    name: 'Northwind Bank',
    tier: 'enterprise',
    criticality: 'critical',
    region: 'eu',
    time_zone: 'Europe/London',
    locale: 'en',
    tags: ['fintech', 'regulated'],
    mrr: 48000,
    footprint: ['API', 'Authentication', 'Database', 'Webhooks'],
    manager: MANAGERS.priya,
    contacts: [
      ['Hannah Cole', 'hannah.cole@example.com', 'technical'],
      ['Marcus Webb', 'marcus.webb@example.com', 'executive'],
      ['Northwind billing', 'billing.northwind@example.com', 'billing'],
    ],
  },
  {
    external_id: 'crm-0002',
    name: 'Globex Retail',
    tier: 'enterprise',
    criticality: 'high',
    region: 'us',
    time_zone: 'America/New_York',
    locale: 'en',
    tags: ['retail', 'black-friday'],
    mrr: 36500,
    footprint: ['API', 'Dashboard', 'Search', 'Email delivery'],
    manager: MANAGERS.lena,
    contacts: [
      ['Tom Reyes', 'tom.reyes@example.com', 'technical'],
      ['Ava Lin', 'ava.lin@example.com', 'executive'],
    ],
  },
  {
    external_id: 'crm-0003',
    name: 'Initech Health',
    tier: 'enterprise',
    criticality: 'critical',
    region: 'us',
    time_zone: 'America/Chicago',
    locale: 'en',
    tags: ['healthcare', 'regulated'],
    mrr: 52000,
    footprint: ['Database', 'File storage', 'Authentication'],
    manager: MANAGERS.lena,
    contacts: [['Dr. Priscilla Moss', 'priscilla.moss@example.com', 'technical']],
  },
  {
    external_id: 'crm-0004',
    name: 'Soleil Voyages',
    tier: 'business',
    criticality: 'high',
    region: 'eu',
    time_zone: 'Europe/Paris',
    locale: 'fr',
    tags: ['travel'],
    mrr: 8200,
    footprint: ['API', 'SMS', 'Email delivery'],
    manager: MANAGERS.sam,
    contacts: [
      ['Camille Martin', 'camille.martin@example.com', 'technical'],
      ['Luc Bernard', 'luc.bernard@example.com', 'billing'],
    ],
  },
  {
    external_id: 'crm-0005',
    name: 'Brauhaus Logistik',
    tier: 'business',
    criticality: 'normal',
    region: 'eu',
    time_zone: 'Europe/Berlin',
    locale: 'de',
    tags: ['logistics'],
    mrr: 5400,
    footprint: ['Webhooks', 'API'],
    manager: MANAGERS.jo,
    contacts: [['Jonas Weber', 'jonas.weber@example.com', 'technical']],
  },
  {
    external_id: 'crm-0006',
    name: 'Kestrel Analytics',
    tier: 'business',
    criticality: 'normal',
    region: 'apac',
    time_zone: 'Australia/Sydney',
    locale: 'en',
    tags: ['data', 'pilot'],
    mrr: 3900,
    footprint: ['Search', 'Database', 'Dashboard'],
    manager: MANAGERS.sam,
    contacts: [
      ['Mia Nguyen', 'mia.nguyen@example.com', 'technical'],
      ['Oliver Grant', 'oliver.grant@example.com', 'admin'],
    ],
  },
  {
    external_id: 'crm-0007',
    name: 'Pebble Studio',
    tier: 'free',
    criticality: 'normal',
    region: 'eu',
    time_zone: 'Europe/Dublin',
    locale: 'en',
    tags: ['design'],
    mrr: 0,
    footprint: ['Dashboard', 'File storage'],
    manager: MANAGERS.jo,
    contacts: [['Niamh Byrne', 'niamh.byrne@example.com', 'admin']],
  },
  {
    external_id: 'crm-0008',
    name: 'Tinker Labs',
    tier: 'free',
    criticality: 'normal',
    region: 'us',
    time_zone: 'America/Los_Angeles',
    locale: 'en',
    tags: ['startup'],
    mrr: 0,
    footprint: ['API'],
    manager: MANAGERS.priya,
    contacts: [
      ['Sasha Ivanova', 'sasha@example.com', 'technical'],
      ['Ray Tinker', 'ray@example.com', 'executive'],
    ],
  },
];

/** Demo accounts with their footprints and contacts (confirmed, at example.com: the demo inbox). */
async function addDemoAccounts(ctx: Ctx, ids: Record<string, string>): Promise<void> {
  for (const a of DEMO_ACCOUNTS) {
    const { manager: _m, contacts, footprint, ...fields } = a;
    const account = await createAccount(ctx, {
      ...fields,
      components: footprint.map((n) => ids[n]),
    });
    for (const [name, email, role] of contacts)
      await createContact(ctx, account.id, { name, email, role });
  }
  await assignDemoManagers(ctx);
}

/**
 * Makes the demo team members the demo accounts' managers, once they exist (the demo server
 * adds the team after the demo data); accounts or people missing are skipped.
 */
export async function assignDemoManagers(ctx: Ctx): Promise<void> {
  const people = await ctx.store.db.selectFrom('people').select(['id', 'email']).execute();
  const byEmail = new Map(people.map((p) => [p.email, p.id]));
  const accounts = await ctx.store.db
    .selectFrom('accounts')
    .select(['id', 'external_id', 'account_manager_id'])
    .where(
      'external_id',
      'in',
      DEMO_ACCOUNTS.map((a) => a.external_id),
    )
    .execute();
  for (const row of accounts) {
    const manager = byEmail.get(
      DEMO_ACCOUNTS.find((a) => a.external_id === row.external_id)!.manager,
    );
    if (manager && row.account_manager_id !== manager)
      await updateAccount(ctx, row.id, { account_manager_id: manager });
  }
}
