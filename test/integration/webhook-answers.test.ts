/**
 * What Flare makes of a webhook endpoint's answer (postJson with the webhook's settings): a 2xx
 * is delivered whatever its body does, which is not read; any other answer is read, at most
 * MAX_ANSWER_BYTES of it, for the error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES, postJson } from '../../src/channels/httpPost.js';
import { outboundAgent } from '../../src/channels/net.js';

describe("a webhook endpoint's answer", () => {
  let server: Server;
  let base = '';
  const agent = outboundAgent(true, 4);
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/big-ok') {
          // announced far past the cap, and sent slowly: Flare must not wait for it
          res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
          res.write('x'.repeat(1000));
        } else if (req.url === '/broken-ok') {
          res.writeHead(200, { 'content-length': '100' });
          res.write('0123456789');
          setTimeout(() => res.socket?.destroy(), 20);
        } else if (req.url === '/error') {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`no: ${'e'.repeat(3 * MAX_ANSWER_BYTES)}`);
        } else {
          res.writeHead(204);
          res.end();
        }
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await agent.close();
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  });

  const post = (path: string) =>
    postJson(agent, true, `${base}${path}`, Buffer.from('{"a":1}'), {}, 'webhook', false);

  it('is delivered on a 2xx, without reading it', async () => {
    expect(await post('/ok')).toEqual({ ok: true, provider: 'webhook', status: 204 });
  });

  it('is delivered on a 2xx that announces more than the cap, at once', async () => {
    const started = Date.now();
    expect(await post('/big-ok')).toMatchObject({ ok: true, status: 200 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('is delivered on a 2xx whose body breaks off: the receiver took the message', async () => {
    expect(await post('/broken-ok')).toMatchObject({ ok: true, status: 200 });
  });

  it('is an error with the first part of any other answer', async () => {
    const r = await post('/error');
    expect(r).toMatchObject({ ok: false, retryable: true, status: 500 });
    expect(r.ok === false && r.error).toMatch(/^HTTP 500: no: e+$/);
    expect(r.body?.length).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
  });
});
