/**
 * What a customer embeds (issue #13 part 4) on real SQLite and PostgreSQL, over server.inject:
 * the page and component badges follow the status with cache headers and an ETag; the frame
 * may be framed anywhere and escapes what it shows; the script is JavaScript under 5 KB
 * gzipped; /api/v2 answers any origin; nothing sets a cookie.
 */
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

describeEachEngine('embed and badges', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let api: string;
  let incident: string;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    server = await buildServer(app);
    api = (await createComponent(app.ctx(), { name: 'Payments <API>' })).id;
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  /** The site cache re-renders after a change: ask until the answer shows it. */
  const eventually = async (url: string, want: RegExp) => {
    for (let i = 0; i < 50; i++) {
      const r = await server.inject({ url });
      if (want.test(r.body)) return r;
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`${url} never matched ${want}`);
  };

  it('shows an operational badge, then the outage, with cache headers and an ETag', async () => {
    const ok = await eventually('/badge.svg', /status: operational/);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(ok.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(ok.headers['set-cookie']).toBeUndefined();
    const again = await server.inject({
      url: '/badge.svg',
      headers: { 'if-none-match': String(ok.headers.etag) },
    });
    expect(again.statusCode).toBe(304);

    incident = (
      await createIncident(app.ctx(), {
        name: 'Card payments <b>failing</b>',
        body: 'We are investigating & will update.',
        components: { [api]: 'major_outage' },
        deliver_notifications: false,
      })
    ).id;
    const down = await eventually('/badge.svg', /status: major outage/);
    expect(down.headers.etag).not.toBe(ok.headers.etag);
    const one = await eventually(`/components/${api}/badge.svg`, /major outage/);
    expect(one.body).toContain('aria-label="Payments &lt;API&gt;: major outage"');
    expect(one.body).not.toContain('<API>');
    expect((await server.inject({ url: '/components/nope/badge.svg' })).statusCode).toBe(404);
  });

  it('frames the banner anywhere, escaped, and shows all clear once resolved', async () => {
    const r = await eventually('/embed/frame', /Card payments/);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['x-frame-options']).toBeUndefined();
    expect(r.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(r.body).toContain('Card payments &lt;b&gt;failing&lt;/b&gt;');
    expect(r.body).toContain('We are investigating &amp; will update.');
    expect(r.body).toContain('class="bar critical"');
    expect(r.body).toContain(`/incidents/${incident}`);
    // the status page itself still refuses to be framed
    expect((await server.inject({ url: '/' })).headers['x-frame-options']).toBe('DENY');

    await postUpdate(app.ctx(), 'incident', incident, { status: 'resolved', body: 'Fixed.' });
    const clear = await eventually('/embed/frame', /All systems operational/);
    expect(clear.body).not.toContain('Card payments');
    await eventually('/badge.svg', /status: operational/);
  });

  it('serves the script as JavaScript under 5 KB gzipped, and /api/v2 to any origin', async () => {
    const js = await server.inject({ url: '/embed/status.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(gzipSync(js.rawPayload).length).toBeLessThanOrEqual(5 * 1024);
    expect(js.body).toContain("credentials: 'omit'");
    expect(js.body).not.toMatch(/innerHTML|document\.cookie|localStorage/);
    const summary = await server.inject({
      url: '/api/v2/summary.json',
      headers: { origin: 'https://customer.example' },
    });
    expect(summary.headers['access-control-allow-origin']).toBe('*');
    expect(summary.headers['set-cookie']).toBeUndefined();
  });
});
