/**
 * The console's Settings and Tokens screens over real HTTP (server.inject) on SQLite and
 * PostgreSQL: saving settings changes the public page and is audited; bad input comes back
 * with the field named and every typed value kept; a new token's secret is shown once, works
 * on the admin API (and the list then shows its last use), stops working when revoked; the
 * create form's one-time token stops Back-and-resubmit from making a second token; a write
 * token neither sees nor uses these screens.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { getPage } from '../../src/store/queries/page.js';
import { listTokens } from '../../src/store/queries/tokens.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const EVIL = 'CI <script>alert(1)</script> & "bot"';

describeEachEngine('console settings and tokens', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let adminTokenId: string;
  const clock = new TestClock();
  const admin = { cookie: '', csrf: '' };
  const writer = { cookie: '', csrf: '' };

  async function signIn(secret: string, who: { cookie: string; csrf: string }) {
    const r = await server.inject({
      method: 'POST',
      url: '/console/signin',
      headers: FORM,
      payload: new URLSearchParams({ token: secret }).toString(),
    });
    who.cookie = String(r.headers['set-cookie']).split(';')[0];
    const page = await server.inject({ url: '/console/settings', headers: { cookie: who.cookie } });
    who.csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  }

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    await updatePage(app.ctx(), {
      name: 'Acme',
      url: 'https://status.acme.test',
      time_zone: 'Europe/Paris',
    });
    const a = await createToken(app.ctx(), { name: 'ana', scope: 'admin' });
    adminTokenId = a.token.id;
    const w = await createToken(app.ctx(), { name: 'wes', scope: 'write' });
    server = await buildServer(app);
    await signIn(a.secret, admin);
    await signIn(w.secret, writer);
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = (url: string, who = admin) => server.inject({ url, headers: { cookie: who.cookie } });
  const post = (url: string, fields: Record<string, string | string[]>, who = admin) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ _csrf: who.csrf, ...fields }))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: who.cookie },
      payload: body.toString(),
    });
  };
  const api = (secret: string) =>
    server.inject({ url: '/api/v1/components', headers: { authorization: `Bearer ${secret}` } });

  const SETTINGS = {
    name: 'Acme Cloud',
    description: 'Live status of Acme Cloud',
    url: 'https://status.acme.test',
    support_url: '',
    support_email: 'help@acme.test',
    logo_url: '',
    brand_color: '#0f766e',
    brand_color_pick: '#1f6feb',
    brand_color_was: '#1f6feb',
    time_zone: 'America/New_York',
    languages: ['en', 'de'],
    main_language: 'de',
  };

  it('shows both screens to an admin, in the set-up menu', async () => {
    for (const url of ['/console/settings', '/console/tokens']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.body).toMatch(new RegExp(`href="${url}" aria-current="page"`));
    }
    const s = (await get('/console/settings')).body;
    expect(s).toContain('value="Acme"');
    expect(s).toContain('maxlength="200"');
    expect(s).toMatch(/<option value="Europe\/Paris" selected>/);
    expect(s).toContain('type="color" name="brand_color_pick" value="#1f6feb"');
    expect(s).toContain('White text on this colour reads well');
    expect((await get('/console/settings', writer)).body).not.toContain('href="/console/tokens"');
  });

  it('saves the settings: the public page changes, and the audit log has it', async () => {
    const r = await post('/console/settings', SETTINGS);
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/console/settings?done=saved');
    const page = (await getPage(app.store.db))!;
    expect(page).toMatchObject({
      name: 'Acme Cloud',
      brand_color: '#0f766e',
      time_zone: 'America/New_York',
      support_email: 'help@acme.test',
      support_url: null,
      languages: 'de,en',
    });
    const pub = await server.inject({ url: '/', headers: { 'accept-language': 'de' } });
    expect(pub.body).toContain('Acme Cloud');
    expect(pub.body).toContain('--brand:#0f766e');
    const audit = await listAudit(app.store.db, { action: 'page.update' });
    expect(audit.some((a) => a.actor === 'token:ana')).toBe(true);
    expect((await get('/console/settings?done=saved')).body).toContain('Settings saved.');
    // the same form again: nothing to save, no audit row
    const again = await post('/console/settings', SETTINGS);
    expect(again.headers.location).toBe('/console/settings?done=same');
    expect((await listAudit(app.store.db, { action: 'page.update' })).length).toBe(audit.length);
  });

  it('takes a colour from the picker alone (no script) and warns when white text fails AA', async () => {
    const r = await post('/console/settings', {
      ...SETTINGS,
      brand_color: '#0f766e',
      brand_color_was: '#0f766e',
      brand_color_pick: '#facc15',
    });
    expect(r.statusCode).toBe(303);
    expect((await getPage(app.store.db))!.brand_color).toBe('#facc15');
    const s = (await get('/console/settings')).body;
    expect(s).toContain('White text on this colour is hard to read: contrast 1.5:1');
  });

  it('refuses bad input with the fields named and keeps everything typed', async () => {
    const before = await getPage(app.store.db);
    const r = await post('/console/settings', {
      ...SETTINGS,
      name: 'Typed <b>name</b>',
      brand_color: 'red;',
      time_zone: 'Mars/Base',
      url: 'javascript:alert(1)',
      description: 'kept description',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Nothing was saved. 3 fields need attention');
    expect(r.body).toContain('Brand colour must be a colour like #1f6feb.');
    expect(r.body).toContain('Time zone must be a time zone name such as Europe/London.');
    expect(r.body).toContain('Public URL must be an http(s) URL.');
    expect(r.body).toContain('href="#f-brand_color"');
    expect(r.body).toContain('value="Typed &lt;b&gt;name&lt;/b&gt;"');
    expect(r.body).toContain('value="red;"');
    expect(r.body).toContain('value="javascript:alert(1)"');
    expect(r.body).toMatch(/<option value="Mars\/Base" selected>/);
    expect(r.body).toContain('kept description');
    expect(r.body).toContain('value="help@acme.test"');
    expect(r.body).not.toContain('<b>name</b>');
    expect(await getPage(app.store.db)).toEqual(before);
  });

  it('does not let a write token change the settings', async () => {
    const s = await get('/console/settings', writer);
    expect(s.statusCode).toBe(200);
    expect(s.body).toContain('sign in with an admin token');
    expect(s.body).not.toContain('action="/console/settings"');
    const r = await post('/console/settings', { ...SETTINGS, name: 'Hijacked' }, writer);
    expect(r.statusCode).toBe(403);
    expect((await getPage(app.store.db))!.name).toBe('Acme Cloud');
    const t = await post('/console/tokens', { name: 'x', scope: 'admin' }, writer);
    expect(t.statusCode).toBe(403);
    expect((await get('/console/tokens', writer)).body).not.toContain('>ana<');
  });

  it('creates a token, shows its secret once, and the secret works on the admin API', async () => {
    const form = { _once: 'once-token-create-1', name: EVIL, scope: 'read' };
    const r = await post('/console/tokens', form);
    expect(r.statusCode).toBe(201);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers.location).toBeUndefined();
    expect(String(r.headers['set-cookie'] ?? '')).not.toContain('flare_');
    const secret = /id="new-secret" class="secret" type="text" value="(flare_[^"]+)"/.exec(
      r.body,
    )![1];
    expect(r.body).toContain('you will not see it again');
    expect(r.body).toContain('CI &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;bot&quot;');
    expect(r.body).not.toContain('<script>alert(1)</script>');

    // Back and resubmit: the same one-time token makes no second token, nor shows the secret
    const again = await post('/console/tokens', form);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/console/tokens?done=resent');
    expect(again.body).not.toContain(secret);
    expect((await listTokens(app.store.db)).filter((t) => t.name === EVIL)).toHaveLength(1);
    expect((await get('/console/tokens?done=resent')).body).toContain('no second token was made');

    let list = (await get('/console/tokens')).body;
    expect(list).not.toContain(secret);
    const item = (body: string) => body.split('<li class="tok-item')[1];
    // newest first, never used yet
    expect(item(list)).toContain('CI &lt;script&gt;');
    expect(item(list)).toContain('<em>never</em>');

    clock.advanceMinutes(5);
    expect((await api(secret)).statusCode).toBe(200);
    list = (await get('/console/tokens')).body;
    expect(item(list)).not.toContain('<em>never</em>');
    expect(item(list)).toMatch(/Last used <time datetime="2026-11-20T12:05:00.000Z">/);
    expect((await listAudit(app.store.db, { action: 'token.create' }))[0].actor).toBe('token:ana');
  });

  it('revokes a token after a confirmation; its secret then answers 401', async () => {
    const { token, secret } = await createToken(app.ctx(), { name: 'old-ci', scope: 'write' });
    expect((await api(secret)).statusCode).toBe(200);
    const confirm = await get(`/console/tokens/${token.id}/revoke`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Revoke “old-ci”?');
    expect(confirm.body).not.toContain('You are signed in with this token');
    const r = await post(`/console/tokens/${token.id}/revoke`, {});
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/console/tokens?done=revoked');
    expect((await api(secret)).statusCode).toBe(401);
    const list = (await get('/console/tokens?done=revoked')).body;
    expect(list).toContain('Token revoked.');
    expect(list).not.toContain(`href="/console/tokens/${token.id}/revoke"`);
    expect((await listAudit(app.store.db, { action: 'token.revoke' }))[0].actor).toBe('token:ana');
  });

  it('warns before revoking the token this session is signed in with, then signs out', async () => {
    const confirm = await get(`/console/tokens/${adminTokenId}/revoke`);
    expect(confirm.body).toContain('You are signed in with this token.');
    expect(confirm.body).toContain('It is the last active admin token.');
    const r = await post(`/console/tokens/${adminTokenId}/revoke`, {});
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/console/signin?why=revoked');
    expect((await get('/console/tokens')).statusCode).toBe(303);
  });
});
