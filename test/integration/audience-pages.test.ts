/**
 * Private audience pages, end to end on real components (SQLite and PostgreSQL, real HTTP
 * through the app's server, a real SMTP server and Worker): anonymous readers are sent to
 * sign in, a magic link emailed only to a contact in the audience opens a session scoped to
 * that page, the page shows the audience's components and the updates meant for it, and
 * none of those audience-only updates reach a public surface.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { postIncidentUpdate } from '../../src/actions/postIncidentUpdate.js';
import { requestAudienceLink } from '../../src/actions/requestAudienceLink.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { buildServer } from '../../src/http/server.js';
import type { Component } from '../../src/store/queries/models.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

const PAGE_URL = 'https://status.acme.test';

describeEachEngine('private audience pages', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let smtp: SmtpReceiver;
  let worker: Worker;
  let channels: Channels;
  let clock: TestClock;
  let api: Component;
  let billing: Component;
  let publicApi = '';
  let publicBilling = '';
  let secret = '';
  let ip = 0;
  const ids: Record<string, string> = {};

  const nextIp = () => `10.9.${Math.floor(++ip / 250)}.${ip % 250}`;

  beforeAll(async () => {
    clock = new TestClock();
    app = await makeTestApp(engine, { clock, config: { subscribeRateLimit: 8 } });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: PAGE_URL });
    const platform = await createComponent(ctx, { name: 'Platform', group: true });
    api = await createComponent(ctx, { name: 'Core API', group_id: platform.id });
    await createComponent(ctx, { name: 'Dashboard', group_id: platform.id });
    billing = await createComponent(ctx, { name: 'Billing engine' });
    const db = app.store.db;
    const at = clock.now().toISOString();
    for (const [id, tier, comp] of [
      ['acc-big', 'enterprise', api.id],
      ['acc-small', 'free', billing.id],
    ] as const) {
      await db
        .insertInto('accounts')
        .values({
          id,
          name: id,
          external_id: null,
          tier,
          criticality: 'normal',
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
      await db
        .insertInto('account_components')
        .values({ account_id: id, component_id: comp })
        .execute();
    }
    for (const [key, name, tiers, privatePage] of [
      ['vip', 'VIP <customers>', ['enterprise'], 1],
      ['smallbiz', 'Small business', ['free'], 1],
      ['quiet', 'No page', ['enterprise'], 0],
    ] as const) {
      await db
        .insertInto('audiences')
        .values({
          key,
          name,
          match: JSON.stringify({ tiers, affected_only: true }),
          channels: '["email"]',
          outreach: 0,
          private_page: privatePage,
          position: 0,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    for (const [email, account, confirmed] of [
      ['ada@big.test', 'acc-big', true],
      ['cy@big.test', 'acc-big', true],
      ['pending@big.test', 'acc-big', false],
      ['bob@small.test', 'acc-small', true],
      ['eve@example.test', null, true],
    ] as const) {
      const s = await createSubscriber(ctx, { channel: 'email', email, confirmed });
      ids[email] = s.subscriber.id;
      if (account)
        await db
          .updateTable('subscribers')
          .set({ account_id: account, contact_role: 'technical' })
          .where('id', '=', s.subscriber.id)
          .execute();
    }

    publicApi = (
      await createIncident(ctx, {
        name: 'Core API slow',
        body: 'Requests are slow.',
        components: { [api.id]: 'degraded_performance' },
      })
    ).id;
    publicBilling = (
      await createIncident(ctx, {
        name: 'Billing delayed',
        body: 'Invoices are late.',
        components: { [billing.id]: 'degraded_performance' },
      })
    ).id;
    // an update told to the VIP audience only, on a public incident
    await postIncidentUpdate(ctx, publicApi, {
      status: 'investigating',
      body: 'VIP-only note: your dedicated cluster is first in line.',
      visibility: 'audiences',
      audiences: ['vip'],
    });
    // an incident declared for the VIP audience only
    secret = (
      await createIncident(ctx, {
        name: 'Hush-hush migration',
        body: 'Only VIPs hear about this.',
        visibility: 'audiences',
        audiences: ['vip'],
      })
    ).id;
    app.site.invalidate();

    server = await buildServer(app);
    smtp = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(app, channels, { flushMs: 10 });
    // the incidents' own notifications are not what these tests read
    await worker.drain();
    smtp.messages.length = 0;
    smtp.recipients.length = 0;
  });
  afterAll(async () => {
    await worker.stop();
    await closeChannels(channels);
    await smtp.close();
    await server.close();
    await app.cleanup();
  });

  const get = (url: string, cookie?: string) =>
    server.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const post = (
    url: string,
    fields: Record<string, string> = {},
    o: { cookie?: string; ip?: string } = {},
  ) =>
    server.inject({
      method: 'POST',
      url,
      remoteAddress: o.ip ?? nextIp(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(o.cookie ? { cookie: o.cookie } : {}),
      },
      payload: new URLSearchParams(fields).toString(),
    });

  async function delivered() {
    await worker.drain();
    const got = smtp.messages.map((m, i) => ({ mail: m, to: smtp.recipients[i] }));
    smtp.messages.length = 0;
    smtp.recipients.length = 0;
    return got;
  }

  function expectPrivate(res: LightMyRequestResponse) {
    expect(res.headers['x-robots-tag']).toBe('noindex');
    expect(res.headers['cache-control']).toBe('private, no-store');
  }

  /** Asks for a link for `email` and returns the path of the one emailed, if any. */
  async function linkFor(key: string, email: string): Promise<string | undefined> {
    const res = await post(`/a/${key}/signin`, { email });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('If that address belongs to this page, a link is on its way.');
    const got = await delivered();
    if (got.length === 0) return undefined;
    expect(got).toHaveLength(1);
    expect(got[0].to).toEqual([email]);
    const m = /https:\/\/status\.acme\.test(\/a\/[a-z]+\/signin\/fal_[\w-]+)/.exec(
      got[0].mail.text ?? '',
    );
    expect(m).not.toBeNull();
    expect(got[0].mail.html).toContain(`${PAGE_URL}${m![1]}`);
    if (key === 'vip') {
      // the audience's name is the plan's text: escaped in the HTML part
      expect(got[0].mail.subject).toBe('[Acme] Your sign-in link to VIP <customers>');
      expect(got[0].mail.html).toContain('VIP &lt;customers&gt;');
      expect(got[0].mail.html).not.toContain('VIP <customers>');
    }
    return m![1];
  }

  /** Spends a link and returns the session cookie it sets. */
  async function signIn(link: string): Promise<string> {
    const res = await post(link);
    expect(res.statusCode).toBe(303);
    const key = /^\/a\/([a-z]+)\//.exec(link)![1];
    expect(res.headers.location).toBe(`/a/${key}`);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(
      new RegExp(
        `^flare_audience=fal_[\\w-]+; Path=/a/${key}; HttpOnly; SameSite=Lax; Max-Age=43200$`,
      ),
    );
    return set.split(';')[0];
  }

  it('sends anonymous readers to sign in (302) and refuses the JSON (401), privately', async () => {
    const page = await get('/a/vip');
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/a/vip/signin');
    expectPrivate(page);
    const summary = await get('/a/vip/api/v2/summary.json');
    expect(summary.statusCode).toBe(401);
    expect(summary.json().error.code).toBe('unauthorized');
    expect(summary.body).not.toContain('Hush-hush');
    expectPrivate(summary);
    for (const p of ['/a/vip/history', `/a/vip/incidents/${secret}`])
      expect((await get(p)).statusCode).toBe(302);
    // a made-up cookie is no session
    expect(
      (await get('/a/vip', 'flare_audience=fal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode,
    ).toBe(302);
  });

  it('answers 404 for an unknown key and for an audience without a private page', async () => {
    for (const p of [
      '/a/nope',
      '/a/nope/signin',
      '/a/quiet',
      '/a/quiet/signin',
      '/a/quiet/api/v2/summary.json',
      '/a/BAD%20KEY',
    ]) {
      const res = await get(p);
      expect(res.statusCode, p).toBe(404);
      expectPrivate(res);
    }
    expect((await post('/a/quiet/signin', { email: 'ada@big.test' })).statusCode).toBe(404);
    expect(await delivered()).toEqual([]);
  });

  it('shows the sign-in form: noindex, escaped audience name, no public feeds', async () => {
    const res = await get('/a/vip/signin');
    expect(res.statusCode).toBe(200);
    expectPrivate(res);
    expect(res.body).toContain('<meta name="robots" content="noindex">');
    expect(res.body).toContain('Sign in to VIP &lt;customers&gt;');
    expect(res.body).not.toContain('VIP <customers>');
    expect(res.body).toContain('action="/a/vip/signin"');
    expect(res.body).not.toContain('/history.atom');
    expect(res.body).not.toContain('Sign out');
    // signed out, nothing on it leads to the pages behind the sign-in
    expect(res.body).not.toContain('href="/a/vip/history"');
    expect(res.body).not.toContain('/a/vip/api/v2/summary.json');
  });

  it('emails a link only to an active contact in the audience, and answers the same to everyone', async () => {
    const answers = new Set<string>();
    for (const email of [
      'nobody@else.test',
      'bob@small.test',
      'pending@big.test',
      'eve@example.test',
    ]) {
      expect(await linkFor('vip', email), email).toBeUndefined();
      const res = await post('/a/vip/signin', { email });
      answers.add(res.body);
      await delivered();
    }
    const link = await linkFor('vip', 'ADA@big.test'.toLowerCase());
    expect(link).toBeDefined();
    expect(answers.size).toBe(1);
    // a malformed address is a form error, whoever asks
    const bad = await post('/a/vip/signin', { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Email address must be an email address');
    expect(bad.body).toContain('value="not an address"');
    // the link is stored hashed: the token itself is nowhere in the table
    const token = link!.split('/').at(-1)!;
    const rows = await app.store.db.selectFrom('audience_sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('admits its own contact through the link, once; the page shows what is meant for the audience', async () => {
    const link = (await linkFor('vip', 'ada@big.test'))!;
    // a GET (a mail scanner) does not spend it
    const look = await get(link);
    expect(look.statusCode).toBe(200);
    expect(look.body).toContain(`<form method="post" action="${link}">`);
    expectPrivate(look);
    const cookie = await signIn(link);
    // single use
    const again = await post(link);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/a/vip/signin?why=link');
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await get('/a/vip/signin?why=link')).body).toContain('does not work any more');

    const page = await get('/a/vip', cookie);
    expect(page.statusCode).toBe(200);
    expectPrivate(page);
    const body = page.body;
    expect(body).toContain('<meta name="robots" content="noindex">');
    expect(body).not.toContain('rel="canonical"');
    expect(body).toContain('Core API slow');
    expect(body).toContain('VIP-only note');
    expect(body).toContain('Hush-hush migration');
    expect(body).not.toContain('Billing delayed');
    expect(body).toContain('Core API');
    expect(body).not.toContain('Billing engine');
    expect(body).toContain('action="/a/vip/signout"');
    expect(body).toContain(`href="/a/vip/incidents/${secret}"`);
    expect(body).toContain('Private page for VIP &lt;customers&gt;');
    expect(body).not.toContain('href="/history.atom"');

    const summary = await get('/a/vip/api/v2/summary.json', cookie);
    expect(summary.statusCode).toBe(200);
    expectPrivate(summary);
    const doc = summary.json();
    expect(doc.components.map((c: { name: string }) => c.name).sort()).toEqual([
      'Core API',
      'Platform',
    ]);
    const names = doc.incidents.map((i: { name: string }) => i.name).sort();
    expect(names).toEqual(['Core API slow', 'Hush-hush migration']);
    const apiInc = doc.incidents.find((i: { name: string }) => i.name === 'Core API slow');
    expect(apiInc.incident_updates.map((u: { body: string }) => u.body)).toContain(
      'VIP-only note: your dedicated cluster is first in line.',
    );
    const inc = await get(`/a/vip/incidents/${secret}`, cookie);
    expect(inc.statusCode).toBe(200);
    expect(inc.body).toContain('Only VIPs hear about this.');
    expect((await get('/a/vip/history', cookie)).body).toContain('Hush-hush migration');
    // anything else under the prefix is not served, even signed in
    expect((await get('/a/vip/history.atom', cookie)).statusCode).toBe(404);
  });

  it('keeps audience-only updates off every public surface', async () => {
    const checks: [string, number][] = [
      ['/', 200],
      ['/api/v2/summary.json', 200],
      ['/api/v2/incidents.json', 200],
      ['/history', 200],
      ['/history.atom', 200],
      ['/history.rss', 200],
      ['/feed.json', 200],
      [`/incidents/${publicApi}`, 200],
      [`/incidents/${secret}`, 404],
    ];
    for (const [p, status] of checks) {
      const res = await get(p);
      expect(res.statusCode, p).toBe(status);
      expect(res.body, p).not.toContain('Hush-hush');
      expect(res.body, p).not.toContain('VIP-only');
    }
    // the public page still shows the public incidents
    expect((await get('/')).body).toContain('Core API slow');
    expect((await get('/')).body).toContain('Billing delayed');
  });

  it('does not open one audience page with a session of another', async () => {
    const bobLink = (await linkFor('smallbiz', 'bob@small.test'))!;
    const bob = await signIn(bobLink);
    const own = await get('/a/smallbiz', bob);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Billing delayed');
    expect(own.body).not.toContain('Hush-hush');
    expect(own.body).not.toContain('VIP-only');
    expect(own.body).not.toContain('Core API slow');
    expect((await get(`/a/smallbiz/incidents/${publicBilling}`, bob)).statusCode).toBe(200);
    expect((await get(`/a/smallbiz/incidents/${secret}`, bob)).statusCode).toBe(404);
    // the browser scopes the cookie to /a/smallbiz; sent by hand to /a/vip it is still refused
    expect((await get('/a/vip', bob)).statusCode).toBe(302);
    expect((await get('/a/vip/api/v2/summary.json', bob)).statusCode).toBe(401);
    // a VIP link cannot be spent on another page either
    const adaLink = (await linkFor('vip', 'ada@big.test'))!;
    const cross = await post(adaLink.replace('/a/vip/', '/a/smallbiz/'));
    expect(cross.headers.location).toBe('/a/smallbiz/signin?why=link');
    expect(cross.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an expired link (15 minutes by the clock)', async () => {
    const link = (await linkFor('vip', 'cy@big.test'))!;
    clock.advanceMinutes(16);
    const res = await post(link);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/a/vip/signin?why=link');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('takes access away at the next request from a contact unsubscribed or moved out of the audience, and on sign-out', async () => {
    clock.advanceMinutes(61); // a fresh hour of each address's link budget
    const cy = await signIn((await linkFor('vip', 'cy@big.test'))!);
    expect((await get('/a/vip', cy)).statusCode).toBe(200);
    await app.store.db
      .updateTable('subscribers')
      .set({ state: 'unsubscribed' })
      .where('id', '=', ids['cy@big.test'])
      .execute();
    expect((await get('/a/vip', cy)).statusCode).toBe(302);
    expect((await get('/a/vip/api/v2/summary.json', cy)).statusCode).toBe(401);

    const ada = await signIn((await linkFor('vip', 'ada@big.test'))!);
    expect((await get('/a/vip', ada)).statusCode).toBe(200);
    await app.store.db
      .updateTable('accounts')
      .set({ tier: 'free' })
      .where('id', '=', 'acc-big')
      .execute();
    expect((await get('/a/vip', ada)).statusCode).toBe(302);
    await app.store.db
      .updateTable('accounts')
      .set({ tier: 'enterprise' })
      .where('id', '=', 'acc-big')
      .execute();
    expect((await get('/a/vip', ada)).statusCode).toBe(200);

    const out = await post('/a/vip/signout', {}, { cookie: ada });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/a/vip/signin?why=signed_out');
    expect(String(out.headers['set-cookie'])).toMatch(
      /^flare_audience=; Path=\/a\/vip; HttpOnly; SameSite=Lax; Max-Age=0$/,
    );
    // the old cookie, replayed, no longer works
    expect((await get('/a/vip', ada)).statusCode).toBe(302);
    const audit = await app.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'audience_%')
      .execute();
    const actions = new Set(audit.map((a) => a.action));
    for (const a of [
      'audience_link.create',
      'audience_link.use',
      'audience_session.start',
      'audience_session.end',
    ])
      expect(actions).toContain(a);
  });

  it('limits sign-in links per address and requests per client address', async () => {
    clock.advanceMinutes(61);
    let sent = 0;
    for (let i = 0; i < 5; i++) if (await linkFor('smallbiz', 'bob@small.test')) sent++;
    expect(sent).toBe(3);
    const from = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 10; i++)
      codes.push(
        (await post('/a/smallbiz/signin', { email: `x${i}@nowhere.test` }, { ip: from }))
          .statusCode,
      );
    expect(codes.slice(0, 8).every((c) => c === 200)).toBe(true);
    expect(codes.slice(8)).toEqual([429, 429]);
  });
});

describe('private audience page cookie behind an https proxy', () => {
  it('is Secure when the request came over https, and an audience without account filters shows every component', async () => {
    const app = await makeTestApp('sqlite', { config: { trustProxy: '127.0.0.1' } });
    const server = await buildServer(app);
    try {
      const ctx = app.ctx();
      await updatePage(ctx, { name: 'Acme', url: PAGE_URL });
      await createComponent(ctx, { name: 'Core API' });
      await createComponent(ctx, { name: 'Billing engine' });
      const at = new Date().toISOString();
      const db = app.store.db;
      await db
        .insertInto('audiences')
        .values({
          key: 'tech',
          name: 'Technical contacts',
          match: JSON.stringify({ roles: ['technical'] }),
          channels: '["email"]',
          outreach: 0,
          private_page: 1,
          position: 0,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await db
        .insertInto('accounts')
        .values({
          id: 'acc-1',
          name: 'One',
          external_id: null,
          tier: 'free',
          criticality: 'normal',
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
      const s = await createSubscriber(ctx, {
        channel: 'email',
        email: 't@one.test',
        confirmed: true,
      });
      await db
        .updateTable('subscribers')
        .set({ account_id: 'acc-1', contact_role: 'technical' })
        .where('id', '=', s.subscriber.id)
        .execute();
      await requestAudienceLink(app.ctx({ id: 'audience-reader', scope: 'read' }), 'tech', {
        email: 't@one.test',
      });
      const n = await db
        .selectFrom('notifications')
        .select('payload')
        .where('kind', '=', 'audience.signin')
        .executeTakeFirstOrThrow();
      const link = new URL(JSON.parse(n.payload).data.action_url).pathname;
      const res = await server.inject({
        method: 'POST',
        url: link,
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.statusCode).toBe(303);
      const set = String(res.headers['set-cookie']);
      expect(set).toMatch(/; Path=\/a\/tech; HttpOnly; SameSite=Lax; Max-Age=43200; Secure$/);
      const page = await server.inject({
        method: 'GET',
        url: '/a/tech',
        headers: { cookie: set.split(';')[0] },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Core API');
      expect(page.body).toContain('Billing engine');
    } finally {
      await server.close();
      await app.cleanup();
    }
  });
});
