/**
 * The public site's fast path (src/http/fastPath.ts): a cache hit is answered before Fastify,
 * with the very status, headers and body the public route sends, and everything else still
 * goes through Fastify. A root `onRequest` hook counts what reaches Fastify.
 */
import { describe, expect, it } from 'vitest';
import { useDemoServer } from '../helpers/demoServer.js';

describe('public fast path', () => {
  let routed = 0;
  const demo = useDemoServer([
    async (s) => {
      s.addHook('onRequest', async () => {
        routed++;
      });
    },
  ]);

  /** Status, headers but the date, and body of one request. */
  async function get(path: string, init: RequestInit = {}) {
    const r = await fetch(demo.server.url + path, init);
    const headers = Object.fromEntries([...r.headers].filter(([k]) => k !== 'date'));
    return { status: r.status, headers, body: await r.text() };
  }

  /** How many requests `fn` sent through Fastify. */
  async function throughFastify(fn: () => Promise<unknown>) {
    const before = routed;
    await fn();
    return routed - before;
  }

  it.each([
    ['/', {}],
    ['/api/v2/summary.json', {}],
    ['/history', {}],
    ['/history.rss', {}],
    ['/index.html', {}],
    ['/history/', {}],
    ['/feed.json', {}],
    ['/', { 'accept-language': 'fr-FR,fr;q=0.9' }],
    ['/', { 'accept-language': 'de' }],
  ])('answers %s %j without Fastify, with the same bytes as the route', async (path, headers) => {
    await get(path, { headers }); // the first request may render the file
    let fast: Awaited<ReturnType<typeof get>> | undefined;
    expect(await throughFastify(async () => (fast = await get(path, { headers })))).toBe(0);
    // a query string takes the request to the public route
    let routedCopy: Awaited<ReturnType<typeof get>> | undefined;
    expect(
      await throughFastify(async () => (routedCopy = await get(`${path}?via=route`, { headers }))),
    ).toBe(1);
    expect(fast!.status).toBe(200);
    expect(fast!.headers).toEqual(routedCopy!.headers);
    expect(fast!.body).toBe(routedCopy!.body);
    // fetch asks for gzip and decodes it: the length is that of the bytes sent
    expect(Number(fast!.headers['content-length'])).toBeGreaterThan(0);
  });

  it('answers HEAD and a matching If-None-Match as the route does', async () => {
    const full = await get('/api/v2/summary.json');
    const head = await get('/api/v2/summary.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(full.headers['content-length']);

    const etag = full.headers.etag;
    expect(etag).toMatch(/^"/);
    let fast: Awaited<ReturnType<typeof get>> | undefined;
    const n = await throughFastify(
      async () =>
        (fast = await get('/api/v2/summary.json', { headers: { 'if-none-match': etag } })),
    );
    expect(n).toBe(0);
    const routedCopy = await get('/api/v2/summary.json?via=route', {
      headers: { 'if-none-match': etag },
    });
    expect(fast!.status).toBe(304);
    expect(fast!.body).toBe('');
    expect(fast!.headers).toEqual(routedCopy.headers);
    expect(fast!.headers.etag).toBe(etag);
  });

  it.each([
    ['GET', '/api/v1/incidents', 401],
    ['GET', '/console', 303],
    ['GET', '/a/nobody', 404],
    ['GET', '/no-such-page', 404],
    ['GET', '/%68istory', 200],
    ['POST', '/', 404],
  ])('leaves %s %s to Fastify', async (method, path, status) => {
    let r: Response | undefined;
    const n = await throughFastify(async () => {
      r = await fetch(demo.server.url + path, { method, redirect: 'manual' });
      await r.arrayBuffer();
    });
    expect(n).toBe(1);
    expect(r!.status).toBe(status);
  });
});
