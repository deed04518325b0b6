/**
 * The live console (ADR 0014) over real HTTP on SQLite and PostgreSQL: GET /console/events
 * needs a session, and sends an event within 2 s of an incident written through the API and
 * of one written by a second app instance on the same database (as another process would).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createToken } from '../../src/actions/createToken.js';
import { type App, openApp } from '../../src/app.js';
import { buildServer } from '../../src/http/server.js';
import { ChangeFeed, type FeedEvent } from '../../src/store/queries/changeFeed.js';
import { describeEachEngine, makeTestApp, PG_URL, type TestApp } from '../helpers/app.js';
import { flareOk } from '../helpers/cli.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** An open event stream: the text so far, and a wait for the next `event: <kind>`. */
async function openStream(url: string, cookie: string) {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { cookie }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let seen = 0;
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    } catch {}
  })();
  return {
    get text() {
      return text;
    },
    /** resolves with the ms it took for one more `event: change` than before to arrive */
    async nextChange(withinMs: number): Promise<number> {
      const want = seen + 1;
      const t0 = Date.now();
      while (Date.now() - t0 < withinMs) {
        const n = text.split('event: change\n').length - 1;
        if (n >= want) {
          seen = n;
          return Date.now() - t0;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no change event within ${withinMs} ms; got ${JSON.stringify(text)}`);
    },
    async close() {
      ctrl.abort();
      await pump;
    },
  };
}

describeEachEngine('console live events', (engine) => {
  let app: TestApp;
  let other: App;
  let server: FastifyInstance;
  let base: string;
  let secret: string;
  let cookie: string;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    secret = (await createToken(app.ctx(), { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    const addr = server.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const r = await server.inject({
      method: 'POST',
      url: '/console/signin',
      headers: FORM,
      payload: new URLSearchParams({ token: secret }).toString(),
    });
    expect(r.statusCode).toBe(303);
    cookie = String(r.headers['set-cookie']).split(';')[0];
    // a second instance on the same database, as another process (CLI, web worker) would be
    other = await openApp({
      logger: app.logger,
      migrate: false,
      store: { schema: app.store.schema },
      config: { ...app.config },
    });
  });
  afterAll(async () => {
    await other?.close();
    await server?.close();
    await app?.cleanup();
  });

  it('needs a session', async () => {
    const r = await fetch(`${base}/console/events`, { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toMatch(/^\/console\/signin/);
  });

  it('sends an event within 2 s of an API write and of a write from another instance', async () => {
    const s = await openStream(`${base}/console/events`, cookie);
    try {
      await new Promise((r) => setTimeout(r, 700)); // let the feed read its starting point
      const api = await fetch(`${base}/api/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Login fails', status: 'investigating', body: 'Looking.' }),
      });
      expect(api.status).toBe(201);
      expect(await s.nextChange(2000)).toBeLessThan(2000);

      await new Promise((r) => setTimeout(r, 300));
      await createIncident(other.ctx(), {
        name: 'Elsewhere',
        status: 'investigating',
        body: 'Written by another instance.',
      });
      expect(await s.nextChange(2000)).toBeLessThan(2000);
      expect(s.text).toMatch(/^retry: \d+/);
    } finally {
      await s.close();
    }
  });

  it('sends an event within 2 s of a write by the flare CLI (a separate process)', async () => {
    let url = app.config.databaseUrl;
    if (engine === 'postgres') {
      const u = new URL(PG_URL as string);
      u.searchParams.set('options', `-c search_path=${app.store.schema}`);
      url = u.toString();
    }
    const s = await openStream(`${base}/console/events`, cookie);
    try {
      await new Promise((r) => setTimeout(r, 700));
      await flareOk(
        url,
        'incident',
        'open',
        '--name',
        'From the CLI',
        '--body',
        'Typed in a shell.',
      );
      expect(await s.nextChange(2000)).toBeLessThan(2000);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('stops the shared feed when the last client leaves', async () => {
    const { changeFeedOf } = await import('../../src/http/routes/console/events.js');
    const s = await openStream(`${base}/console/events`, cookie);
    await new Promise((r) => setTimeout(r, 100));
    expect(changeFeedOf(app).size).toBe(1);
    await s.close();
    const t0 = Date.now();
    while (changeFeedOf(app).size > 0 && Date.now() - t0 < 2000)
      await new Promise((r) => setTimeout(r, 20));
    expect(changeFeedOf(app).size).toBe(0);
  });

  if (engine === 'postgres')
    it('hears another instance through LISTEN/NOTIFY without polling', async () => {
      const feed = new ChangeFeed(app.store, undefined, { pollMs: 60_000 });
      const got: FeedEvent[] = [];
      const off = feed.subscribe((e) => got.push(e));
      try {
        await new Promise((r) => setTimeout(r, 500)); // connect and LISTEN
        const t0 = Date.now();
        await createIncident(other.ctx(), { name: 'Notified', status: 'investigating', body: 'x' });
        while (!got.length && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 20));
        expect(got).toEqual([{ kind: 'change' }]);
      } finally {
        off();
      }
    });
});
