/**
 * Bounded reads: whatever a subscriber's webhook, a chat webhook or an SMS provider answers,
 * Flare reads at most a few KB of it. Here each answers an endless body (stopped at 200 MB),
 * and every delivery must still finish at once, with memory flat.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { MAX_ANSWER_BYTES } from '../../src/channels/httpPost.js';
import { Worker } from '../../src/dispatch/worker.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';

const LIMIT = 200 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Answers every request with `status` and a body that goes on until the client hangs up. */
async function endless(status: (path: string) => number) {
  const r = { url: '', written: 0, requests: 0, server: null as unknown as Server };
  r.server = createServer((req, res) => {
    r.requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(status(req.url ?? ''), { 'content-type': 'application/json' });
      res.write('{"sid":"SM1","message":"');
      const pump = () => {
        while (!res.destroyed && r.written < LIMIT) {
          r.written += CHUNK.length;
          if (!res.write(CHUNK)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
  });
  await new Promise<void>((ok) => r.server.listen(0, '127.0.0.1', () => ok()));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
  return r;
}

describeEachEngine('bounded reads of what endpoints answer', (engine) => {
  let app: TestApp;
  let rx: Awaited<ReturnType<typeof endless>>;
  let channels: Channels;
  beforeAll(async () => {
    app = await makeTestApp(engine);
    rx = await endless((path) =>
      path.includes('/Messages.json') ? 201 : path === '/limited' ? 429 : 200,
    );
    channels = testChannels(app, {
      FLARE_SMS_URL: rx.url,
      FLARE_SMS_ACCOUNT_SID: 'AC1',
      FLARE_SMS_AUTH_TOKEN: 'tok',
      FLARE_SMS_FROM: '+15005550006',
    });
  });
  afterAll(async () => {
    await closeChannels(channels);
    rx.server.closeAllConnections();
    await new Promise((ok) => rx.server.close(ok));
    await app.cleanup();
  });

  it('reads a few KB of an endless answer from a webhook, a chat webhook and an SMS provider, and moves on', async () => {
    const ctx = app.ctx();
    await createSubscriber(ctx, { channel: 'webhook', url: `${rx.url}/hook` });
    await createSubscriber(ctx, { channel: 'slack', url: `${rx.url}/services/T/B/x` });
    await createSubscriber(ctx, { channel: 'mattermost', url: `${rx.url}/limited` });
    await createSubscriber(ctx, { channel: 'sms', phone: '+447700900123', confirmed: true });
    await createIncident(ctx, { name: 'Big answers', status: 'investigating', body: 'Looking.' });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    await new Worker(app, channels, {
      retry: { maxAttempts: 3, baseMs: 60_000, capMs: 60_000 },
    }).drain();
    const took = Date.now() - started;
    expect(rx.requests).toBe(4);
    const rows = await app.store.db
      .selectFrom('deliveries')
      .select(['channel', 'state', 'last_error'])
      .orderBy('channel')
      .execute();
    expect(rows.map((r) => [r.channel, r.state])).toEqual([
      ['mattermost', 'queued'],
      ['slack', 'sent'],
      ['sms', 'sent'],
      ['webhook', 'sent'],
    ]);
    // the 429's error keeps a little of the answer, not 200 MB of it
    const limited = rows.find((r) => r.channel === 'mattermost')!;
    expect(limited.last_error).toMatch(/^HTTP 429: \{"sid"/);
    expect(limited.last_error!.length).toBeLessThan(MAX_ANSWER_BYTES);
    // every reader hung up long before the end: the server stopped far short of 200 MB each
    expect(rx.written).toBeLessThan(LIMIT);
    expect(took).toBeLessThan(5_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
