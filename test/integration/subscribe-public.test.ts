/**
 * Public subscribe, end to end on real components: the form and the JSON endpoint, the
 * confirmation email through a real SMTP server and a Worker, the confirm link, the SMS code,
 * the manage page, unsubscribe (GET asks, POST and RFC 8058 one-click act), signatures,
 * the honeypot and the per-IP rate limit.
 */
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_CODE_ATTEMPTS } from '../../src/actions/confirmSubscriber.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { buildServer } from '../../src/http/server.js';
import { sign } from '../../src/lib/signing.js';
import type { Component } from '../../src/store/queries/models.js';
import { getSubscriber } from '../../src/store/queries/subscribers.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startHttpReceiver, startSmtp } from '../helpers/receivers.js';

const PAGE_URL = 'https://status.acme.test';

describeEachEngine('public subscribe', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let smtp: SmtpReceiver;
  let worker: Worker;
  let channels: Channels;
  let api: Component;
  let dash: Component;
  let billing: Component;
  let ip = 0;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme <Cloud>', url: PAGE_URL });
    const platform = await createComponent(ctx, { name: 'Platform', group: true });
    api = await createComponent(ctx, { name: 'API', group_id: platform.id });
    dash = await createComponent(ctx, { name: 'Dashboard & Console', group_id: platform.id });
    billing = await createComponent(ctx, { name: 'Billing' });
    server = await buildServer(app);
    smtp = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(app, channels, { flushMs: 10 });
  });
  afterAll(async () => {
    await worker.stop();
    await closeChannels(channels);
    await smtp.close();
    await server.close();
    await app.cleanup();
  });

  /** each call comes from its own address, so the rate limit stays out of the way */
  const nextIp = () => `10.1.${Math.floor(++ip / 250)}.${ip % 250}`;

  function post(url: string, fields: [string, string][], remoteAddress = nextIp()) {
    return server.inject({
      method: 'POST',
      url,
      remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
  }
  const get = (url: string) => server.inject({ method: 'GET', url });
  const json = (payload: unknown, remoteAddress = nextIp()) =>
    server.inject({
      method: 'POST',
      url: '/api/subscribe',
      payload: payload as object,
      remoteAddress,
    });

  async function idOf(channel: string, address: string): Promise<string> {
    const row = await app.store.db
      .selectFrom('subscribers')
      .select('id')
      .where('channel', '=', channel)
      .where('address', '=', address)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function smsCode(id: string): Promise<string> {
    const rows = await app.store.db
      .selectFrom('notifications')
      .select('payload')
      .where('kind', '=', 'subscriber.confirm')
      .execute();
    const mine = rows.map((r) => JSON.parse(r.payload)).filter((p) => p.subscriber_id === id);
    return /\b(\d{6})\b/.exec(mine.at(-1).data.text)![1];
  }

  /** Sends the queued messages and returns (and forgets) what arrived. */
  async function delivered() {
    await worker.drain();
    const got = smtp.messages.map((m, i) => ({ mail: m, to: smtp.recipients[i] }));
    smtp.messages.length = 0;
    smtp.recipients.length = 0;
    return got;
  }

  const local = (url: string) => url.replace(PAGE_URL, '');

  it('shows the form: channels, grouped components, a honeypot, all text escaped, in the page layout', async () => {
    const res = await get('/subscribe');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body;
    expect(body).toContain('Acme &lt;Cloud&gt;');
    expect(body).not.toContain('Acme <Cloud>');
    expect(body).toContain('/assets/flare.css');
    for (const c of ['email', 'sms', 'webhook', 'slack', 'teams'])
      expect(body).toContain(`name="channel" id="ch-${c}" value="${c}"`);
    expect(body).toContain('Dashboard &amp; Console');
    expect(body).toMatch(/class="picker-group-name">Platform</);
    expect(body).toContain(`value="${api.id}" checked`);
    expect(body).toMatch(/<input type="text" id="website" name="website"/);
    // the status page header links here
    const home = await get('/');
    expect(home.body).toMatch(/<a class="button" href="\/subscribe">Subscribe/);
  });

  it('subscribes by email through the form; the confirmation email arrives and its link activates the subscription', async () => {
    const res = await post('/subscribe', [
      ['channel', 'email'],
      ['email', 'ada@example.com'],
      ['phone', ''],
      ['components', api.id],
      ['website', ''],
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your inbox to confirm');
    expect(res.body).toContain('ada@example.com');
    const id = await idOf('email', 'ada@example.com');
    expect((await getSubscriber(app.store.db, id))!.state).toBe('pending');

    const [msg, ...rest] = await delivered();
    expect(rest).toEqual([]);
    expect(msg.to).toEqual(['ada@example.com']);
    expect(msg.mail.subject).toMatch(/Confirm your subscription/);
    const link = /(https:\/\/\S+\/confirm\?sig=[\w-]+)/.exec(msg.mail.text ?? '')![1];
    expect(msg.mail.html).toContain(link);

    const confirmed = await get(local(link));
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('re subscribed');
    expect(confirmed.body).toMatch(new RegExp(`href="/subscriptions/${id}\\?sig=[\\w-]+"`));
    const sub = (await getSubscriber(app.store.db, id))!;
    expect(sub).toMatchObject({ state: 'active', components: [api.id] });
    // following it again is harmless
    expect((await get(local(link))).statusCode).toBe(200);
  });

  it('re-renders the form with field errors and the values typed', async () => {
    const res = await post('/subscribe', [
      ['channel', 'sms'],
      ['phone', '0770 not a number'],
      ['components', api.id],
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Mobile number must be a phone number in international form');
    expect(res.body).toContain('value="0770 not a number"');
    expect(res.body).toContain('id="ch-sms" value="sms" checked');
    const none = await post('/subscribe', [
      ['channel', 'email'],
      ['email', 'x@example.com'],
    ]);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Components needs at least one ticked');
  });

  it('answers the JSON endpoint with 202 and never reveals whether the address existed', async () => {
    const first = await json({ channel: 'email', email: 'json@example.com' });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ status: 'pending', id: expect.any(String) });
    const again = await json({ channel: 'email', email: 'JSON@example.com' });
    expect(again.statusCode).toBe(202);
    expect(Object.keys(again.json())).toEqual(['status', 'id']);
    expect(again.json().status).toBe('pending');
    // an address that is already active: same answer, and its owner (not the caller) is told
    const active = await json({ channel: 'email', email: 'ada@example.com' });
    expect(active.statusCode).toBe(202);
    expect(active.json()).toEqual({ status: 'pending', id: expect.any(String) });
    expect(active.json().id).not.toBe(await idOf('email', 'ada@example.com'));
    const mails = await delivered();
    const toAda = mails.filter((m) => m.to.includes('ada@example.com'));
    expect(toAda.map((m) => m.mail.subject)).toEqual([expect.stringMatching(/already subscribed/)]);
    expect(toAda[0].mail.text).toMatch(
      /Manage your subscription: https:\/\/status\.acme\.test\/subscriptions\//,
    );
    // the pending address started over: one row, with a fresh confirmation (the first is void)
    const toJson = mails.filter((m) => m.to.some((t) => t.toLowerCase() === 'json@example.com'));
    expect(toJson.length).toBe(1);
    const rows = await app.store.db
      .selectFrom('subscribers')
      .select('id')
      .where('address_key', '=', 'json@example.com')
      .execute();
    expect(rows.map((r) => r.id)).toEqual([again.json().id]);

    const hook = await json({ channel: 'webhook', url: 'https://hooks.example.com/a' });
    expect(hook.statusCode).toBe(202);
    expect(hook.json()).toEqual({
      status: 'pending',
      id: expect.any(String),
      secret: expect.stringMatching(/^whsec_/),
    });
    const hook2 = await json({ channel: 'webhook', url: 'https://hooks.example.com/a' });
    expect(Object.keys(hook2.json()).sort()).toEqual(['id', 'secret', 'status']);
    expect(hook2.json().secret).not.toBe(hook.json().secret);

    const bad = await json({
      channel: 'email',
      email: 'x@example.com',
      confirmed: true,
      audience: 'internal',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({
      confirmed: 'is not a known field',
      audience: 'is not a known field',
    });
    const bad2 = await json({ channel: 'sms', phone: '12' });
    expect(bad2.statusCode).toBe(400);
    expect(Object.keys(bad2.json().error.fields)).toEqual(['phone']);
  });

  it('confirms SMS by code only: the link alone is not enough, wrong codes count, five void the code', async () => {
    const phone = '+447700900123';
    const res = await post('/subscribe', [
      ['channel', 'sms'],
      ['phone', phone],
      ['components', api.id],
      ['components', billing.id],
    ]);
    expect(res.statusCode).toBe(200);
    const id = await idOf('sms', phone);
    const action = `/subscriptions/${id}/verify`;
    expect(res.body).toContain(`action="${action}"`);
    const sig = /name="sig" value="([\w-]+)"/.exec(res.body)![1];
    const code = await smsCode(id);

    expect((await get(`/subscriptions/${id}/confirm?sig=${sig}`)).statusCode).toBe(400);
    const wrong = await post(action, [
      ['sig', sig],
      ['code', code === '000000' ? '000001' : '000000'],
    ]);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('is not right');
    expect((await getSubscriber(app.store.db, id))!.state).toBe('pending');
    const ok = await post(action, [
      ['sig', sig],
      ['code', code],
    ]);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('re subscribed');
    expect((await getSubscriber(app.store.db, id))!).toMatchObject({
      state: 'active',
      components: expect.arrayContaining([api.id, billing.id]),
    });

    // five wrong tries void the code; subscribing again sends a new one that works
    const other = '+447700900456';
    await post('/subscribe', [
      ['channel', 'sms'],
      ['phone', other],
      ['components', api.id],
    ]);
    const id2 = await idOf('sms', other);
    const sig2 = sign(app.secretKey, 'confirm', id2);
    const code2 = await smsCode(id2);
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
      const r = await post(`/subscriptions/${id2}/verify`, [
        ['sig', sig2],
        ['code', code2 === '111111' ? '222222' : '111111'],
      ]);
      expect(r.statusCode).toBe(400);
    }
    const late = await post(`/subscriptions/${id2}/verify`, [
      ['sig', sig2],
      ['code', code2],
    ]);
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('subscribe again');
    const again = await json({ channel: 'sms', phone: other });
    const id3 = again.json().id;
    const r = await post(`/subscriptions/${id3}/verify`, [
      ['sig', sign(app.secretKey, 'confirm', id3)],
      ['code', await smsCode(id3)],
    ]);
    expect(r.statusCode).toBe(200);
    expect((await getSubscriber(app.store.db, id3))!.state).toBe('active');
  });

  it('lets a subscriber change components on the manage page', async () => {
    const id = await idOf('email', 'ada@example.com');
    const url = `/subscriptions/${id}?sig=${sign(app.secretKey, 'manage', id)}`;
    const page = await get(url);
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('ada@example.com');
    expect(page.body).toContain(`value="${api.id}" checked`);
    expect(page.body).not.toContain(`value="${billing.id}" checked`);

    const save = await post(url, [['components', billing.id]]);
    expect(save.statusCode).toBe(303);
    expect(save.headers.location).toBe(`${url}&saved=1`);
    expect((await get(save.headers.location as string)).body).toContain('Saved.');
    expect((await getSubscriber(app.store.db, id))!.components).toEqual([billing.id]);

    const all = await post(url, [
      ['components', api.id],
      ['components', dash.id],
      ['components', billing.id],
    ]);
    expect(all.statusCode).toBe(303);
    expect((await getSubscriber(app.store.db, id))!.components).toBeNull();

    const none = await post(url, []);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('pick at least one component');
    expect((await getSubscriber(app.store.db, id))!.components).toBeNull();
  });

  it('unsubscribes on POST (and RFC 8058 one-click), never on GET', async () => {
    await json({ channel: 'email', email: 'leaver@example.com', components: [api.id] });
    const mails = await delivered();
    const mail = mails.find((m) => m.to.includes('leaver@example.com'))!.mail;
    const header = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const target = /<(https:[^>]+)>/.exec(header)![1];
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')!.line).toMatch(
      /List-Unsubscribe=One-Click/,
    );
    const id = await idOf('email', 'leaver@example.com');
    const link = /(https:\/\/\S+\/confirm\?sig=[\w-]+)/.exec(mail.text ?? '')![1];
    await get(local(link));
    expect((await getSubscriber(app.store.db, id))!.state).toBe('active');

    const ask = await get(local(target));
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Unsubscribe?');
    expect(ask.body).toContain(`action="${local(target)}"`);
    expect((await getSubscriber(app.store.db, id))!.state).toBe('active');

    const oneClick = await post(local(target), [['List-Unsubscribe', 'One-Click']]);
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('re unsubscribed');
    expect((await getSubscriber(app.store.db, id))!.state).toBe('unsubscribed');
    // twice is fine; a multipart one-click is fine too
    const twice = await server.inject({
      method: 'POST',
      url: local(target),
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload:
        '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    expect(twice.statusCode).toBe(200);
    const audit = await app.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', '=', 'subscriber.unsubscribe')
      .execute();
    expect(audit.length).toBe(1);
  });

  it('refuses a bad or missing signature with a 403 page and an unknown id with a 404 page', async () => {
    const id = await idOf('email', 'ada@example.com');
    const manageSig = sign(app.secretKey, 'manage', id);
    for (const url of [
      `/subscriptions/${id}`,
      `/subscriptions/${id}?sig=${'x'.repeat(32)}`,
      `/subscriptions/${id}?sig=${sign(app.secretKey, 'unsubscribe', id)}`,
      `/subscriptions/${id}/unsubscribe?sig=${manageSig}`,
      `/subscriptions/${id}/confirm?sig=nope`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.body).toContain('This link does not work');
    }
    const post403 = await post(`/subscriptions/${id}/unsubscribe?sig=${manageSig}`, []);
    expect(post403.statusCode).toBe(403);
    expect((await getSubscriber(app.store.db, id))!.state).toBe('active');
    const save403 = await post(`/subscriptions/${id}?sig=bad`, [['components', api.id]]);
    expect(save403.statusCode).toBe(403);

    const ghost = '01900000-0000-7000-8000-000000000000';
    const res = await get(`/subscriptions/${ghost}?sig=${sign(app.secretKey, 'manage', ghost)}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Subscription not found');
  });

  it('silently accepts, and ignores, a filled-in honeypot', async () => {
    const before = await app.store.db.selectFrom('subscribers').select('id').execute();
    const res = await post('/subscribe', [
      ['channel', 'email'],
      ['email', 'bot@spam.test'],
      ['components', api.id],
      ['website', 'http://spam.test'],
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your inbox');
    const viaJson = await json({ channel: 'email', email: 'bot2@spam.test', website: 'x' });
    expect(viaJson.statusCode).toBe(202);
    expect(viaJson.json().status).toBe('pending');
    const after = await app.store.db.selectFrom('subscribers').select('id').execute();
    expect(after.length).toBe(before.length);
    expect(await delivered()).toEqual([]);
    // an empty honeypot in JSON is fine
    expect(
      (await json({ channel: 'email', email: 'human@example.com', website: '' })).statusCode,
    ).toBe(202);
  });

  it('rate-limits subscribe POSTs per IP with 429 and Retry-After, as JSON or HTML', async () => {
    const limited = await buildServer({ ...app, config: { ...app.config, subscribeRateLimit: 3 } });
    try {
      const send = (remoteAddress: string, form: boolean) =>
        limited.inject({
          method: 'POST',
          url: form ? '/subscribe' : '/api/subscribe',
          remoteAddress,
          ...(form
            ? {
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                payload: `channel=email&email=rl${++ip}%40example.com&components=${api.id}`,
              }
            : { payload: { channel: 'email', email: `rl${++ip}@example.com` } }),
        });
      for (let i = 0; i < 3; i++)
        expect((await send('192.0.2.7', i % 2 === 0)).statusCode).toBeLessThan(300);
      const j = await send('192.0.2.7', false);
      expect(j.statusCode).toBe(429);
      expect(Number(j.headers['retry-after'])).toBeGreaterThan(0);
      expect(j.json().error.code).toBe('rate_limited');
      const h = await send('192.0.2.7', true);
      expect(h.statusCode).toBe(429);
      expect(h.headers['content-type']).toMatch(/text\/html/);
      expect(h.headers['retry-after']).toBeDefined();
      expect(h.body).toContain('Too many tries');
      expect((await send('192.0.2.8', false)).statusCode).toBe(202);
    } finally {
      await limited.close();
    }
  });

  it('starts a public webhook paused until its URL opens the confirm link it was sent', async () => {
    const http = await startHttpReceiver();
    try {
      const res = await json({ channel: 'webhook', url: `${http.url}/mine` });
      expect(res.statusCode).toBe(202);
      const { id, secret, status } = res.json();
      expect(status).toBe('pending');
      const subscriberId = await idOf('webhook', `${http.url}/mine`);
      await worker.drain();
      // one request: the confirmation, signed like every other
      expect(http.requests.map((r) => r.url)).toEqual(['/mine']);
      const body = new Webhook(secret).verify(
        http.requests[0].body,
        http.requests[0].headers as Record<string, string>,
      ) as Record<string, any>;
      expect(body.subscription_confirmation.confirm_url).toMatch(
        new RegExp(`^${PAGE_URL}/subscriptions/${subscriberId}/confirm\\?sig=`),
      );
      expect(body.incident).toBeUndefined();
      // nothing else reaches a pending URL
      const ctx = app.ctx();
      await createIncident(ctx, {
        name: 'Queue delays',
        status: 'investigating',
        body: 'Looking.',
        components: { [api.id]: 'degraded_performance' },
      });
      await worker.drain();
      expect(http.requests).toHaveLength(1);
      // whoever reads the URL's traffic confirms, with a plain GET
      const confirm = new URL(body.subscription_confirmation.confirm_url);
      const ok = await get(`${confirm.pathname}${confirm.search}`);
      expect(ok.statusCode).toBe(200);
      expect((await getSubscriber(app.store.db, subscriberId))?.state).toBe('active');
      expect(id).toBe(subscriberId);
      await createIncident(ctx, {
        name: 'Login errors',
        status: 'identified',
        body: 'Fixing.',
        components: { [api.id]: 'partial_outage' },
      });
      await worker.drain();
      expect(http.requests).toHaveLength(2);
      expect(JSON.parse(http.requests[1].body).incident.name).toBe('Login errors');
      // paused after failing many times, the URL comes back by subscribing it again: pending,
      // with a new confirmation (the old secret is void)
      await app.store.db
        .updateTable('subscribers')
        .set({ state: 'disabled' })
        .where('id', '=', subscriberId)
        .execute();
      const again = await json({ channel: 'webhook', url: `${http.url}/mine` });
      expect(again.json().status).toBe('pending');
      expect(again.json().secret).not.toBe(secret);
      await worker.drain();
      expect(http.requests).toHaveLength(3);
      expect(JSON.parse(http.requests[2].body).subscription_confirmation.confirm_url).toMatch(
        /\/confirm\?sig=/,
      );
      // a forged confirm link does nothing
      const forged = await get(`/subscriptions/${subscriberId}/confirm?sig=${'A'.repeat(32)}`);
      expect(forged.statusCode).toBeGreaterThanOrEqual(400);
    } finally {
      await http.close();
    }
  });
});
