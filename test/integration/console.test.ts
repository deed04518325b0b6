/**
 * The server-rendered console over real HTTP (server.inject) on SQLite and PostgreSQL:
 * sessions, CSRF, declaring through the form, previews, approvals, revocation, escaping, and
 * bad input that never becomes a 500.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { revokeToken } from '../../src/actions/revokeToken.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { getIncident } from '../../src/store/queries/incidents.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('console', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let secret: string;
  let apiId: string;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme',
      url: 'https://status.acme.test',
      support_email: 'help@acme.test',
    });
    apiId = (await createComponent(ctx, { name: 'API' })).id;
    await createComponent(ctx, { name: 'Billing' });
    await createSubscriber(ctx, { channel: 'email', email: 'kim@customer.test', confirmed: true });
    secret = (await createToken(ctx, { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  /** Signs in with a token; returns the cookie header and the CSRF field of the dashboard. */
  async function signIn(token = secret) {
    const r = await server.inject({
      method: 'POST',
      url: '/console/signin',
      headers: FORM,
      payload: new URLSearchParams({ token }).toString(),
    });
    expect(r.statusCode).toBe(303);
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    const dash = await server.inject({ url: '/console', headers: { cookie } });
    expect(dash.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(dash.body)![1];
    return { cookie, csrf };
  }

  function post(
    url: string,
    cookie: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ) {
    return server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie, ...headers },
      payload: new URLSearchParams(fields).toString(),
    });
  }

  const declareFields = (csrf: string, extra: Record<string, string> = {}) => ({
    _csrf: csrf,
    severity: 'SEV1',
    template: 'investigating',
    locale: 'en',
    issue: 'failed logins for some customers',
    contact: 'help@acme.test',
    next_update_in_minutes: '20',
    [`c_${apiId}`]: 'major_outage',
    intent: 'publish',
    ...extra,
  });

  describe('sessions', () => {
    it('signs in from the form with an HttpOnly, SameSite=Strict cookie that holds no token', async () => {
      const r = await server.inject({
        method: 'POST',
        url: '/console/signin',
        headers: FORM,
        payload: `token=${encodeURIComponent(secret)}`,
      });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe('/console');
      const set = String(r.headers['set-cookie']);
      expect(set).toMatch(
        /^flare_console=[^;]+; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=43200$/,
      );
      expect(set).not.toContain(secret);
      expect(set).not.toContain(secret.slice(6, 20));
    });

    it('signs in from a one-click sign-in code link, which holds no token', async () => {
      const { code } = await createSigninCode(app.ctx());
      const page = await server.inject({ url: `/console/signin?code=${code}` });
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      const r = await server.inject({
        method: 'POST',
        url: '/console/signin',
        headers: FORM,
        payload: `code=${code}`,
      });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe('/console');
      expect(String(r.headers['set-cookie'])).toMatch(/^flare_console=/);
    });

    it('refuses bad, read-only and revoked tokens with the reason next to the field', async () => {
      const bad = await server.inject({
        method: 'POST',
        url: '/console/signin',
        headers: FORM,
        payload: 'token=flare_nope',
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.body).toContain('class="field-error"');
      expect(bad.body).toContain('not valid');
      expect(bad.headers['set-cookie']).toBeUndefined();
      const reader = (await createToken(app.ctx(), { name: 'reader', scope: 'read' })).secret;
      const ro = await server.inject({
        method: 'POST',
        url: '/console/signin',
        headers: FORM,
        payload: `token=${reader}`,
      });
      expect(ro.statusCode).toBe(401);
      expect(ro.body).toContain('write or admin scope');
    });

    it('sends anyone without a session to sign-in, remembering where they were going', async () => {
      for (const url of ['/console', '/console/declare', '/console/team', '/console/subscribers']) {
        const r = await server.inject({ url });
        expect(r.statusCode).toBe(303);
        expect(r.headers.location).toMatch(/^\/console\/signin/);
      }
      expect((await server.inject({ url: '/console/team' })).headers.location).toBe(
        '/console/signin?next=%2Fconsole%2Fteam',
      );
      const forged = await server.inject({
        url: '/console',
        headers: { cookie: 'flare_console=01a0.9999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      });
      expect(forged.statusCode).toBe(303);
      const write = await post('/console/declare', '', declareFields('x'));
      expect(write.statusCode).toBe(303);
      expect(write.headers.location).toMatch(/^\/console\/signin/);
    });

    it('answers 403 to a POST without the CSRF field, with a wrong one, or from another origin', async () => {
      const { cookie, csrf } = await signIn();
      const { _csrf: _drop, ...noCsrf } = declareFields(csrf);
      expect((await post('/console/declare', cookie, noCsrf)).statusCode).toBe(403);
      expect(
        (await post('/console/declare', cookie, declareFields('A'.repeat(32)))).statusCode,
      ).toBe(403);
      const cross = await post('/console/declare', cookie, declareFields(csrf), {
        origin: 'https://evil.test',
      });
      expect(cross.statusCode).toBe(403);
      expect(cross.body).toContain('This form has expired');
    });

    it('signs out when the token is revoked, and on sign-out', async () => {
      const t = await createToken(app.ctx(), { name: 'temp', scope: 'write' });
      const { cookie, csrf } = await signIn(t.secret);
      await revokeToken(app.ctx(), t.token.id);
      const r = await server.inject({ url: '/console', headers: { cookie } });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe('/console/signin?why=revoked');
      expect(String(r.headers['set-cookie'])).toMatch(/^flare_console=; .*Max-Age=0/);
      const again = await signIn();
      const out = await post('/console/signout', again.cookie, { _csrf: again.csrf });
      expect(out.statusCode).toBe(303);
      expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
      expect(csrf).not.toBe(again.csrf);
    });
  });

  describe('declaring and updating', () => {
    it('previews every channel with the linter findings, in full and as a fragment', async () => {
      const { cookie, csrf } = await signIn();
      const fields = declareFields(csrf, { intent: 'preview', estimate: '15:30 UTC' });
      const r = await post('/console/declare', cookie, fields);
      expect(r.statusCode).toBe(200);
      for (const ch of ['Status page', 'Email', 'SMS', 'Slack', 'Microsoft Teams', 'Social post'])
        expect(r.body).toContain(`aria-label="${ch}"`);
      expect(r.body).toMatch(
        /class="lint-error"><strong>Must fix<\/strong> An estimated fix time is set but nobody confirmed it/,
      );
      expect(r.body).toMatch(/1 segment<\/span> · \d+ chars/);
      expect(r.body).toMatch(/\d+ \/ 280 characters/);
      const frag = await post('/console/declare', cookie, {
        ...fields,
        estimate_confirmed: 'true',
        fragment: '1',
      });
      expect(frag.statusCode).toBe(200);
      expect(frag.body.startsWith('<div class="preview-inner">')).toBe(true);
      expect(frag.body).toContain('class="lint-warning"');
      expect(frag.body).not.toContain('lint-error');
    });

    it('declares through the form: published, on the public page, audited as the token', async () => {
      const { cookie, csrf } = await signIn();
      const r = await post('/console/declare', cookie, declareFields(csrf));
      expect(r.statusCode).toBe(303);
      const m = /^\/console\/incidents\/([\w-]+)\?done=declared$/.exec(String(r.headers.location));
      expect(m).not.toBeNull();
      const id = m![1];
      const inc = (await getIncident(app.store.db, id))!;
      expect(inc).toMatchObject({
        name: 'Failed logins for some customers',
        severity: 'SEV1',
        draft: false,
      });
      const screen = await server.inject({ url: String(r.headers.location), headers: { cookie } });
      expect(screen.body).toContain('Incident declared and published');
      expect(screen.body).toMatch(/Next update due in 20 min/);
      const home = await server.inject({ url: '/' });
      expect(home.body).toContain('Failed logins for some customers');
      const audit = await listAudit(app.store.db, { entityId: id });
      expect(audit.find((a) => a.action === 'incident.declare')?.actor).toBe('token:ana');
    });

    it('saves a draft that stays off the public page until published', async () => {
      const { cookie, csrf } = await signIn();
      const r = await post(
        '/console/declare',
        cookie,
        declareFields(csrf, { issue: 'slow search', intent: 'draft' }),
      );
      expect(r.headers.location).toMatch(/done=drafted$/);
      expect((await server.inject({ url: '/' })).body).not.toContain('Slow search');
      const id = String(r.headers.location).split('/')[3].split('?')[0];
      const pub = await post(`/console/incidents/${id}/publish`, cookie, { _csrf: csrf });
      expect(pub.headers.location).toMatch(/done=published$/);
      expect((await server.inject({ url: '/' })).body).toContain('Slow search');
    });

    it('posts a template update, then free text that waits for approval and is approved from the dashboard', async () => {
      const { cookie, csrf } = await signIn();
      const d = await post(
        '/console/declare',
        cookie,
        declareFields(csrf, { issue: 'checkout errors' }),
      );
      const id = String(d.headers.location).split('/')[3].split('?')[0];
      const url = `/console/incidents/${id}/update`;
      const ok = await post(url, cookie, {
        _csrf: csrf,
        mode: 'template',
        template: 'identified',
        locale: 'en',
        issue: 'checkout errors',
        cause: 'a bad deploy',
        next_update_in_minutes: '30',
        intent: 'post',
      });
      expect(ok.headers.location).toMatch(/done=updated$/);
      expect((await getIncident(app.store.db, id))!.status).toBe('identified');

      const text = await post(url, cookie, {
        _csrf: csrf,
        mode: 'text',
        status: 'identified',
        body: 'Rolling back now.',
        intent: 'post',
      });
      expect(text.headers.location).toMatch(/done=awaiting$/);
      expect((await getIncident(app.store.db, id))!.updates).toHaveLength(2);
      const dash = await server.inject({ url: '/console', headers: { cookie } });
      const approval = /action="\/console\/approvals\/([\w-]+)"/.exec(dash.body);
      expect(approval).not.toBeNull();
      expect(dash.body).toContain('Rolling back now.');
      // one person signed in here wrote and approves it: the plan must allow that
      await setPlanSetting(app.ctx(), { key: 'allow_self_approval', value: true });
      const yes = await post(`/console/approvals/${approval![1]}`, cookie, {
        _csrf: csrf,
        decision: 'edit',
        body: 'Rolling back the deploy now.',
      });
      expect(yes.statusCode).toBe(303);
      expect(yes.headers.location).toBe(`/console/incidents/${id}?done=edited`);
      const after = (await getIncident(app.store.db, id))!;
      expect(after.updates[0].body).toBe('Rolling back the deploy now.');
      expect((await listAudit(app.store.db, { action: 'approval.edit' }))[0].actor).toBe(
        'token:ana',
      );

      const resolved = await post(`/console/incidents/${id}/resolve`, cookie, {
        _csrf: csrf,
        issue: 'checkout errors',
        data_loss: 'No orders were lost.',
        intent: 'resolve',
      });
      expect(resolved.headers.location).toMatch(/done=resolved$/);
      const done = (await getIncident(app.store.db, id))!;
      expect(done.status).toBe('resolved');
      expect(done.updates[0].body).toContain('No orders were lost.');
    });

    it('acknowledges a role and adds to the room', async () => {
      const { cookie, csrf } = await signIn();
      const d = await post('/console/declare', cookie, declareFields(csrf, { issue: 'room test' }));
      const id = String(d.headers.location).split('/')[3].split('?')[0];
      const note = await post(`/console/incidents/${id}/notes`, cookie, {
        _csrf: csrf,
        kind: 'decision',
        body: 'Roll back <now>',
      });
      expect(note.headers.location).toMatch(/done=noted$/);
      const page = await server.inject({ url: `/console/incidents/${id}`, headers: { cookie } });
      expect(page.body).toContain('Roll back &lt;now&gt;');
      const empty = await post(`/console/incidents/${id}/notes`, cookie, { _csrf: csrf, body: '' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Write something to add to the room.');
    });
  });

  describe('safety', () => {
    it('escapes a hostile incident name everywhere it is shown', async () => {
      const { cookie, csrf } = await signIn();
      const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      const r = await post(
        '/console/declare',
        cookie,
        declareFields(csrf, { name: evil, issue: `x ${evil}` }),
      );
      const loc = String(r.headers.location);
      for (const url of [loc, '/console']) {
        const page = await server.inject({ url, headers: { cookie } });
        expect(page.statusCode).toBe(200);
        expect(page.body).not.toContain('<script>alert(1)');
        expect(page.body).not.toContain('<img src=x');
        expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      }
      const preview = await post(
        '/console/declare',
        cookie,
        declareFields(csrf, { issue: evil, intent: 'preview' }),
      );
      expect(preview.body).not.toContain('<script>alert(1)');
      expect(preview.body).not.toMatch(/<img[^>]*onerror/);
    });

    it('shows bad input next to the fields and never answers 500', async () => {
      const { cookie, csrf } = await signIn();
      const r = await post(
        '/console/declare',
        cookie,
        declareFields(csrf, { severity: 'NOPE', issue: '', next_update_in_minutes: 'soon' }),
      );
      expect(r.statusCode).toBe(400);
      expect(r.body).toMatch(/id="issue-error">Describe the issue/);
      expect(r.body).toMatch(/id="next_update_in_minutes-error">Enter a whole number/);
      expect(r.body).toContain('Choose how bad it is.');
      const cases: [string, Record<string, string>][] = [
        ['/console/declare', { template: 'nope', intent: 'publish' }],
        ['/console/declare', { locale: 'xx-yy-zz', intent: 'publish' }],
        ['/console/declare', { [`c_${apiId}`]: 'on_fire', intent: 'publish' }],
        ['/console/incidents/nope/update', { intent: 'post' }],
        ['/console/incidents/nope/ack', { role: 'x' }],
        ['/console/approvals/nope', { decision: 'maybe' }],
        ['/console/subscribers/nope/delete', {}],
      ];
      for (const [url, extra] of cases) {
        const res = await post(url, cookie, { ...declareFields(csrf), ...extra });
        expect(res.statusCode, url).toBeGreaterThanOrEqual(300);
        expect(res.statusCode, url).toBeLessThan(500);
        expect(res.body).not.toMatch(/at \w+ \(|node_modules/);
      }
      const missing = await server.inject({ url: '/console/incidents/nope', headers: { cookie } });
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('Not found');
    });

    it('lists the team and the subscribers, finds one by address and deletes it', async () => {
      const { cookie, csrf } = await signIn();
      const dash = await server.inject({ url: '/console', headers: { cookie } });
      expect(dash.body).toMatch(/Plan readiness<\/h2><span class="score [\w-]+">\d+%/);
      const team = await server.inject({ url: '/console/team', headers: { cookie } });
      expect(team.statusCode).toBe(200);
      expect(team.body).toContain('Incident lead');
      const found = await server.inject({
        url: '/console/subscribers?q=KIM@',
        headers: { cookie },
      });
      expect(found.body).toContain('kim@customer.test');
      const id = /href="\/console\/subscribers\/([\w-]+)\/delete/.exec(found.body)![1];
      const del = await post(`/console/subscribers/${id}/delete`, cookie, {
        _csrf: csrf,
        confirm: 'yes',
        q: 'kim',
      });
      expect(del.headers.location).toBe(`/console/subscribers?done=removed&id=${id}&q=kim`);
      const gone = await server.inject({ url: '/console/subscribers?q=kim', headers: { cookie } });
      expect(gone.body).toContain('Nobody matches that address.');
      const pct = await server.inject({ url: '/console/subscribers?q=%25_', headers: { cookie } });
      expect(pct.statusCode).toBe(200);
    });
  });

  describe('one-time form tokens', () => {
    const onceIn = (body: string, action: string) =>
      new RegExp(`action="${action}"[^>]*>[\\s\\S]*?name="_once" value="([^"]+)"`).exec(body)![1];
    const count = async () =>
      Number(
        (
          await app.store.db
            .selectFrom('incidents')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('declares once: Back and resubmit, even edited, lead to the first result', async () => {
      const { cookie, csrf } = await signIn();
      const form = await server.inject({ url: '/console/declare', headers: { cookie } });
      const once = onceIn(form.body, '/console/declare');
      const before = await count();
      const fields = declareFields(csrf, { _once: once, issue: 'double submits' });
      const first = await post('/console/declare', cookie, fields);
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toMatch(/^\/console\/incidents\/[^?]+\?done=/);
      const again = await post('/console/declare', cookie, fields);
      const edited = await post('/console/declare', cookie, { ...fields, issue: 'edited' });
      for (const r of [again, edited]) {
        expect(r.statusCode).toBe(303);
        expect(r.headers.location).toBe(first.headers.location);
      }
      expect(await count()).toBe(before + 1);
      // a fresh form has a fresh token
      const next = await server.inject({ url: '/console/declare', headers: { cookie } });
      expect(onceIn(next.body, '/console/declare')).not.toBe(once);
    });

    it('resolves once: a resubmit of the resolve form redirects to the first result', async () => {
      const { cookie, csrf } = await signIn();
      const declared = await post('/console/declare', cookie, declareFields(csrf, { issue: 'x' }));
      const page = String(declared.headers.location).split('?')[0];
      const id = page.split('/').pop()!;
      const screen = await server.inject({ url: page, headers: { cookie } });
      const once = onceIn(screen.body, `/console/incidents/${id}/resolve`);
      const fields = { _csrf: csrf, _once: once, issue: 'x', intent: 'resolve' };
      const first = await post(`/console/incidents/${id}/resolve`, cookie, fields);
      const again = await post(`/console/incidents/${id}/resolve`, cookie, fields);
      expect(first.headers.location).toMatch(/done=resolved$/);
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe(first.headers.location);
      const done = (await getIncident(app.store.db, id))!;
      expect(done.updates.filter((u) => u.status === 'resolved')).toHaveLength(1);
    });
  });
});
