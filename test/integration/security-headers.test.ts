/**
 * Every page over real HTTP carries nosniff, a Referrer-Policy, X-Frame-Options DENY and a
 * Content-Security-Policy with no 'unsafe-inline': inline `<script>` and `<style>` blocks are
 * allowed only by their hash, and the page has no `style=` attributes or inline handlers.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSigninCode } from '../../src/actions/createSigninCode.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { securityHeaders } from '../../src/http/securityHeaders.js';
import { subscriberLinks } from '../../src/lib/signing.js';
import { DemoInbox } from '../../src/main/demoInbox.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { FORM } from '../helpers/security.js';

describeEachEngine('security headers on every page', (engine) => {
  let app: TestApp;
  let inbox: DemoInbox;
  let server: Running;
  let cookie: string;
  let incidentId: string;
  let manage: string;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    inbox = await DemoInbox.start({ port: 0 });
    server = await startServer(app, {
      port: 0,
      host: '127.0.0.1',
      scheduler: false,
      worker: false,
      ...inbox.serverOptions(),
    });
    await loadDemo(app.ctx(), { publicUrl: server.url, onlyIfEmpty: true });
    incidentId = (await app.store.db.selectFrom('incidents').select('id').executeTakeFirstOrThrow())
      .id;
    const sub = await createSubscriber(app.ctx(), {
      channel: 'email',
      email: 'hdr@example.com',
      confirmed: true,
    });
    manage = subscriberLinks(app.secretKey, '', sub.subscriber.id).manage;
    const { code } = await createSigninCode(app.ctx());
    const r = await fetch(`${server.url}/console/signin`, {
      method: 'POST',
      headers: FORM,
      body: `code=${code}`,
      redirect: 'manual',
    });
    cookie = String(r.headers.get('set-cookie')).split(';')[0];
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await inbox?.close();
    await app?.cleanup();
  });

  const pages = () => [
    '/',
    `/incidents/${incidentId}`,
    '/history',
    '/subscribe',
    manage,
    '/webhooks',
    '/demo/inbox',
    '/console/signin',
    '/console',
    '/console/declare',
    `/console/incidents/${incidentId}`,
    '/console/team',
    '/console/subscribers',
    '/no-such-page',
  ];

  it('sends nosniff, a Referrer-Policy, DENY framing and a strict, hash-only CSP', async () => {
    for (const path of pages()) {
      const signin = path === '/console/signin';
      const r = await fetch(`${server.url}${path}`, {
        headers: signin ? {} : { cookie },
        redirect: 'manual',
      });
      expect([200, 404], path).toContain(r.status);
      expect(r.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('referrer-policy'), path).toMatch(
        /^(no-referrer|same-origin|strict-origin-when-cross-origin)$/,
      );
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;/);
      expect(csp, path).not.toContain('unsafe');
      const body = await r.text();
      expect(body, path).not.toMatch(/\sstyle="|\son[a-z]+="/i);
      // every inline block is allowed by its hash
      for (const m of body.matchAll(/<(script|style)(\s[^>]*)?>([\s\S]*?)<\/\1>/g)) {
        if (m[1] === 'script' && /src=/.test(m[2] ?? '')) continue;
        const hash = createHash('sha256').update(m[3]).digest('base64');
        expect(csp, `${path} ${m[1]}`).toContain(`'sha256-${hash}'`);
      }
    }
  });

  it('also marks JSON, feeds and assets nosniff and unframeable', async () => {
    for (const path of ['/api/v2/summary.json', '/history.atom', '/assets/flare.css']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('lets /embed/ pages be framed', () => {
    const h = securityHeaders('/embed/status', 'text/html; charset=utf-8', '<p>ok</p>');
    expect(h['x-frame-options']).toBeUndefined();
    expect(h['content-security-policy']).toContain('frame-ancestors *');
  });
});
