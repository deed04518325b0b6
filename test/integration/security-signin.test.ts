/**
 * Console sign-in without a token in any URL: one-time sign-in codes (hashed, 10 minutes, used
 * once, even by racing requests), Origin / Sec-Fetch-Site checks on the sign-in form, and
 * sessions that end on the server at sign-out or when their token is revoked.
 */
import { afterEach, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createToken } from '../../src/actions/createToken.js';
import { revokeToken } from '../../src/actions/revokeToken.js';
import { hashToken } from '../../src/store/queries/tokens.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { postForm } from '../helpers/security.js';

describeEachEngine('console sign-in and sessions', (engine) => {
  let h: ApiHarness;
  let clock: TestClock;
  afterEach(async () => h?.close());
  const open = async () => {
    clock = new TestClock();
    h = await makeApiHarness(engine, { clock });
    return h;
  };
  const cookieOf = (r: { headers: Record<string, unknown> }) =>
    String(r.headers['set-cookie'] ?? '').split(';')[0];
  // a new workspace's /console leads to the plan builder; ?dashboard=1 is the dashboard itself
  const dashboard = (cookie: string) =>
    h.server.inject({ url: '/console?dashboard=1', headers: { cookie } });

  it('never signs in from a token in a GET URL', async () => {
    await open();
    const r = await h.server.inject({ url: `/console/signin?token=${h.secrets.admin}` });
    expect(r.statusCode).toBe(400);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.body).toContain('Tokens are not accepted in links');
  });

  it('signs in once with a code from a link: the GET only shows a button, the POST spends it', async () => {
    await open();
    const { code } = await createSigninCode(h.app.ctx());
    const stored = await h.app.store.db.selectFrom('signin_codes').selectAll().execute();
    expect(stored.map((c) => c.code_hash)).toEqual([hashToken(code)]);
    expect(JSON.stringify(stored)).not.toContain(code);
    const page = await h.server.inject({ url: `/console/signin?code=${code}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain(`name="code" value="${code}"`);
    // the GET did not spend it, and two racing POSTs get one session between them
    const both = await Promise.all(
      [1, 2].map(() => postForm(h.server, '/console/signin', { code })),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([303, 401]);
    const won = both.find((r) => r.statusCode === 303)!;
    expect((await dashboard(cookieOf(won))).statusCode).toBe(200);
    const again = await postForm(h.server, '/console/signin', { code });
    expect(again.statusCode).toBe(401);
    expect(again.body).toContain('sign-in code is not valid');
  });

  it('refuses a code after 10 minutes; a code can be pasted in the token field too', async () => {
    await open();
    const late = await createSigninCode(h.app.ctx());
    const pasted = await createSigninCode(h.app.ctx());
    expect((await postForm(h.server, '/console/signin', { token: pasted.code })).statusCode).toBe(
      303,
    );
    clock.advanceMinutes(10);
    expect((await postForm(h.server, '/console/signin', { code: late.code })).statusCode).toBe(401);
  });

  it('refuses sign-in posted from another site', async () => {
    await open();
    const token = h.secrets.write;
    const cross: Record<string, string>[] = [
      { origin: 'https://evil.test' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'null' },
    ];
    for (const headers of cross) {
      const r = await postForm(h.server, '/console/signin', { token }, { headers });
      expect(r.statusCode).toBe(403);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    const same = await postForm(
      h.server,
      '/console/signin',
      { token },
      {
        headers: {
          origin: 'http://status.acme.test:8080',
          host: 'status.acme.test:8080',
          'sec-fetch-site': 'same-origin',
        },
      },
    );
    expect(same.statusCode).toBe(303);
  });

  it('ends the session on the server at sign-out: the old cookie no longer works', async () => {
    await open();
    const r = await postForm(h.server, '/console/signin', { token: h.secrets.write });
    const cookie = cookieOf(r);
    const dash = await dashboard(cookie);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(dash.body)![1];
    const out = await postForm(
      h.server,
      '/console/signout',
      { _csrf: csrf },
      { headers: { cookie } },
    );
    expect(out.statusCode).toBe(303);
    const replayed = await dashboard(cookie);
    expect(replayed.statusCode).toBe(303);
    expect(replayed.headers.location).toMatch(/^\/console\/signin/);
  });

  it('ends sessions made from a token, or from a code, when that token is revoked', async () => {
    await open();
    const t = await createToken(h.app.ctx(), { name: 'temp', scope: 'write' });
    const byToken = cookieOf(await postForm(h.server, '/console/signin', { token: t.secret }));
    const c = await createSigninCode(h.app.ctx(), { tokenId: t.token.id });
    const byCode = cookieOf(await postForm(h.server, '/console/signin', { code: c.code }));
    for (const cookie of [byToken, byCode]) expect((await dashboard(cookie)).statusCode).toBe(200);
    await revokeToken(h.app.ctx(), t.token.id);
    for (const cookie of [byToken, byCode]) {
      const r = await dashboard(cookie);
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toMatch(/^\/console\/signin\?(next=[^&]+&)?why=revoked$/);
    }
  });
});
