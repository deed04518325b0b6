/**
 * The console's Enquiry sources screen over real HTTP (server.inject) on SQLite and PostgreSQL,
 * without JavaScript: an admin sees every source's card with the webhook URL to paste; a write
 * token is refused; a Zendesk secret saved through the form makes the API say it is configured
 * (from api) and a webhook signed per Zendesk's documentation is then taken in, while the secret
 * never appears in any page; a source set from the environment says so, and that a saved secret
 * would override it; disconnecting asks first, after which the webhook answers 404; a form
 * without its CSRF token is refused; a bad social URL is named next to its field, keeping what
 * was typed but not the token.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/actions/createToken.js';
import { receiveEnquiry } from '../../src/actions/receiveEnquiry.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ZENDESK_SECRET = 'zd-console-secret-0123456789abcdef';
const TWILIO_ENV = 'twilio-env-token-0123456789abcdef';
const MASTODON_TOKEN = 'mastodon-token-never-echoed-0123';

/** Zendesk's documented signature: base64(HMAC-SHA256(signing secret, timestamp + body)). */
const zendeskSignature = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('base64');

describeEachEngine('console enquiry sources', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let adminSecret: string;
  const clock = new TestClock(Date.parse('2026-12-01T10:00:00Z'));
  const admin = { cookie: '', csrf: '' };
  const writer = { cookie: '', csrf: '' };
  const bodies: string[] = [];

  async function signIn(secret: string, who: { cookie: string; csrf: string }) {
    Object.assign(who, await signInConsole(server, secret, '/console/enquiries'));
  }

  beforeAll(async () => {
    app = await makeTestApp(engine, {
      clock,
      config: { inboundSecrets: { twilio: TWILIO_ENV } },
    });
    await updatePage(app.ctx(), { name: 'Acme', url: 'https://status.acme.test' });
    const a = await createToken(app.ctx(), { name: 'ana', scope: 'admin' });
    adminSecret = a.secret;
    const w = await createToken(app.ctx(), { name: 'wes', scope: 'write' });
    server = await buildServer(app);
    await signIn(a.secret, admin);
    await signIn(w.secret, writer);
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = async (url: string, who = admin) => {
    const r = await server.inject({ url, headers: { cookie: who.cookie } });
    bodies.push(r.body);
    return r;
  };
  const post = async (
    url: string,
    fields: Record<string, string>,
    opts: { who?: typeof admin; csrf?: boolean } = {},
  ) => {
    const who = opts.who ?? admin;
    const r = await server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: who.cookie },
      payload: new URLSearchParams({
        ...(opts.csrf === false ? {} : { _csrf: who.csrf }),
        ...fields,
      }).toString(),
    });
    bodies.push(r.body);
    return r;
  };
  const api = (method: 'GET' | 'PUT' | 'DELETE', url: string) =>
    server.inject({ method, url, headers: { authorization: `Bearer ${adminSecret}` } });
  const zendeskSource = async () =>
    (await api('GET', '/api/v1/inbound'))
      .json()
      .sources.find((s: { name: string }) => s.name === 'zendesk');
  function zendeskWebhook(ticket: string) {
    const body = JSON.stringify({
      ticket_id: ticket,
      subject: 'Checkout down?',
      comment: '<p>Our checkout fails since 10:00.</p>',
      requester_email: 'pat@example.org',
      requester_name: 'Pat',
    });
    const ts = clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    return server.inject({
      method: 'POST',
      url: '/api/v1/inbound/zendesk',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': zendeskSignature(ZENDESK_SECRET, ts, body),
        'x-zendesk-webhook-signature-timestamp': ts,
      },
      payload: body,
    });
  }

  it('shows an admin every source, with the webhook URLs to paste, and the menu entry', async () => {
    const page = await get('/console/sources');
    expect(page.statusCode).toBe(200);
    for (const name of ['zendesk', 'freshdesk', 'intercom', 'twilio'])
      expect(page.body).toContain(`https://status.acme.test/api/v1/inbound/${name}</code>`);
    for (const title of [
      'Zendesk',
      'Freshdesk',
      'Intercom',
      'Twilio (SMS and voice)',
      'Mastodon',
      'Bluesky',
      'Email',
    ])
      expect(page.body).toContain(`-title">${title}</h3>`);
    expect(page.body).toContain('X-Zendesk-Webhook-Signature');
    expect(page.body).toContain('FLARE_INBOUND_SMTP_PORT');
    expect(page.body).toContain('href="/console/sources" aria-current="page">Enquiry sources</a>');
    // Twilio's token comes from its environment variable, which a saved secret would override
    expect(page.body).toContain('Connected via environment variable FLARE_SMS_AUTH_TOKEN');
    expect(page.body).toContain('A secret saved here would override');
    expect((page.body.match(/Not connected/g) ?? []).length).toBe(5);
  });

  it('refuses a write token, and hides the menu entry from it', async () => {
    const page = await get('/console/sources', writer);
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain('/api/v1/inbound/zendesk');
    const other = await get('/console/enquiries', writer);
    expect(other.body).not.toContain('href="/console/sources"');
    const set = await post(
      '/console/sources/inbound/zendesk',
      { secret: ZENDESK_SECRET },
      { who: writer },
    );
    expect(set.statusCode).toBe(403);
    expect((await zendeskSource()).configured).toBe(false);
  });

  it('refuses a form without its CSRF token', async () => {
    const r = await post(
      '/console/sources/inbound/zendesk',
      { secret: ZENDESK_SECRET },
      { csrf: false },
    );
    expect(r.statusCode).toBe(403);
    expect((await zendeskSource()).configured).toBe(false);
  });

  it('names a bad secret next to its field, and saves nothing', async () => {
    const r = await post('/console/sources/inbound/zendesk', { secret: 'short' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Signing secret must be at least 16 characters');
    expect(r.body).toContain('id="zendesk-secret-error"');
    expect(r.body).toContain('href="#f-zendesk-secret"');
    expect((await zendeskSource()).configured).toBe(false);
  });

  it('saves a Zendesk secret: the API says so, a signed webhook comes in, the secret is never shown', async () => {
    expect((await zendeskWebhook('101')).statusCode).toBe(404);
    const saved = await post('/console/sources/inbound/zendesk', { secret: ZENDESK_SECRET });
    expect(saved.statusCode).toBe(303);
    const after = await get(String(saved.headers.location));
    expect(after.body).toContain('Saved.');
    expect(after.body).toContain('Connected via console');
    const src = await zendeskSource();
    expect(src).toMatchObject({ configured: true, from: 'api' });
    const hook = await zendeskWebhook('102');
    expect(hook.statusCode).toBeGreaterThanOrEqual(200);
    expect(hook.statusCode).toBeLessThan(300);
    expect(hook.json().status).toBe('stored');
    const page = await get('/console/sources');
    expect(page.body).toMatch(/1 enquiry received · last one <time/);
    // a forged signature is still refused
    const forged = await server.inject({
      method: 'POST',
      url: '/api/v1/inbound/zendesk',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': zendeskSignature('wrong-secret-0123456789', 'x', '{}'),
        'x-zendesk-webhook-signature-timestamp': 'x',
      },
      payload: '{}',
    });
    expect(forged.statusCode).toBe(401);
  });

  it('counts enquiries per source', async () => {
    clock.advance(60_000);
    await receiveEnquiry(
      app.ctx(),
      { channel: 'social', from: '@kim@mastodon.example', text: 'Is the site down?' },
      { source: 'mastodon' },
    );
    const page = await get('/console/sources');
    const mastodon = page.body.slice(page.body.indexOf('id="mastodon"'));
    const tally = mastodon.slice(0, mastodon.indexOf('</section>'));
    expect(tally).toMatch(/1 enquiry received · last one <time datetime="2026-12-01T10:01/);
  });

  it('disconnects only after confirming, then the webhook answers 404', async () => {
    // a POST without the confirmation changes nothing: it leads to the question
    const blind = await post('/console/sources/inbound/zendesk/disconnect', {});
    expect(blind.statusCode).toBe(303);
    expect(blind.headers.location).toBe('/console/sources/inbound/zendesk/disconnect');
    expect((await zendeskSource()).configured).toBe(true);
    const ask = await get('/console/sources/inbound/zendesk/disconnect');
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Disconnect Zendesk?');
    expect(ask.body).toContain('name="confirm" value="yes"');
    const done = await post('/console/sources/inbound/zendesk/disconnect', { confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    expect((await get(String(done.headers.location))).body).toContain('Disconnected.');
    expect((await zendeskSource()).configured).toBe(false);
    expect((await zendeskWebhook('103')).statusCode).toBe(404);
    // the environment's source offers no Disconnect: only the server's environment can
    const page = await get('/console/sources');
    expect(page.body).not.toContain('/console/sources/inbound/twilio/disconnect');
  });

  it('names a bad social URL next to its field and keeps what was typed, never the token', async () => {
    const r = await post('/console/sources/social/mastodon', {
      url: 'not a url',
      handle: '@status@mastodon.example',
      access_token: MASTODON_TOKEN,
      enabled_shown: '1',
      enabled: '1',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('id="mastodon-url-error"');
    expect(r.body).toMatch(/Instance URL must be an https URL/);
    expect(r.body).toContain('value="not a url"');
    expect(r.body).toContain('value="@status@mastodon.example"');
    const bad = await post('/console/sources/social/bluesky', {
      handle: 'status.example.com',
      app_password: 'my-real-password',
      enabled_shown: '1',
      enabled: '1',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="bluesky-app_password-error"');
    expect(bad.body).toContain('App password must be a Bluesky app password');
    const ftp = await post('/console/sources/social/bluesky', {
      handle: 'status.example.com',
      url: 'ftp://nope',
      app_password: 'abcd-efgh-ijkl-mnop',
    });
    expect(ftp.statusCode).toBe(400);
    expect(ftp.body).toContain('Service URL must be an https URL such as https://bsky.social.');
    expect(ftp.body).toContain('value="status.example.com"');
    expect(ftp.body).not.toContain('abcd-efgh-ijkl-mnop');
  });

  it('saves a Mastodon account and disconnects it after confirming', async () => {
    const fields = {
      url: 'https://mastodon.example',
      handle: 'status@mastodon.example',
      access_token: MASTODON_TOKEN,
      enabled_shown: '1',
      enabled: '1',
      post_updates: '1',
      _once: 'once-mastodon-0001',
    };
    const saved = await post('/console/sources/social/mastodon', fields);
    expect(saved.statusCode).toBe(303);
    // the same form sent again (Back, reload) gets the first answer and writes nothing
    const again = await post('/console/sources/social/mastodon', fields);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(saved.headers.location);
    const writes = await app.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'social.account.%')
      .execute();
    expect(writes.map((w) => w.action)).toEqual(['social.account.create']);
    const page = await get('/console/sources');
    const card = page.body.slice(page.body.indexOf('id="mastodon"'));
    expect(card).toContain('@status@mastodon.example');
    expect(card).toContain('Last read <em>not yet</em>');
    const got = (await api('GET', '/api/v1/social/mastodon')).json();
    expect(got).toMatchObject({
      url: 'https://mastodon.example',
      has_credentials: true,
      post_updates: true,
    });
    expect(card).toMatch(/name="post_updates" value="1"\s+checked/);
    await app.store.db
      .updateTable('social_accounts')
      .set({
        last_error: '401: The access token is invalid',
        last_error_at: clock.now().toISOString(),
      })
      .where('kind', '=', 'mastodon')
      .execute();
    const failing = await get('/console/sources');
    expect(failing.body).toContain('The network refused the token');
    const blind = await post('/console/sources/social/mastodon/disconnect', {});
    expect(blind.headers.location).toBe('/console/sources/social/mastodon/disconnect');
    expect((await api('GET', '/api/v1/social/mastodon')).statusCode).toBe(200);
    const done = await post('/console/sources/social/mastodon/disconnect', { confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    expect((await api('GET', '/api/v1/social/mastodon')).statusCode).toBe(404);
  });

  it('never put a secret into any page', () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const b of bodies) {
      expect(b).not.toContain(ZENDESK_SECRET);
      expect(b).not.toContain(TWILIO_ENV);
      expect(b).not.toContain(MASTODON_TOKEN);
      expect(b).not.toContain('my-real-password');
    }
  });
});
