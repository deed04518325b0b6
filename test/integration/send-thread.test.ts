/**
 * The send thread (src/channels/threaded.ts): deliveries sent from it are the same signed
 * webhooks and emails, each exactly once; a thread that dies fails only its sends in flight, as
 * retryable, and the next send starts a new thread.
 */
import type { Worker as NodeThread } from 'node:worker_threads';
import { pino } from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { LinkedRecipient } from '../../src/channels/recipient.js';
import { SendThread, threadedChannels, threadedFromEnv } from '../../src/channels/threaded.js';
import type { SendResult } from '../../src/channels/types.js';
import { Worker } from '../../src/dispatch/worker.js';
import type { DeliveryEvent } from '../../src/domain/deliveryEvent.js';
import { subscriberLinks } from '../../src/lib/signing.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { closeChannels } from '../helpers/channels.js';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtp,
  waitFor,
} from '../helpers/receivers.js';

describeEachEngine('deliveries sent from the send thread', (engine) => {
  let app: TestApp;
  let smtp: SmtpReceiver;
  let http: HttpReceiver;
  let worker: Worker;
  let channels: ReturnType<typeof threadedChannels>;
  beforeAll(async () => {
    app = await makeTestApp(engine);
    smtp = await startSmtp();
    http = await startHttpReceiver();
    const deps = {
      config: app.config,
      logger: app.logger,
      clock: app.clock,
      env: { FLARE_SMTP_URL: smtp.url },
    };
    channels = threadedChannels(deps, app.secretKey, new Set(['webhook', 'email'] as const));
    worker = new Worker(app, channels, { flushMs: 10 });
  });
  afterAll(async () => {
    await worker.stop();
    await closeChannels(channels);
    await smtp.close();
    await http.close();
    await app.cleanup();
  });

  it('are signed webhooks and emails with their links, one per subscriber', async () => {
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    const api = await createComponent(ctx, { name: 'API' });
    const hooks = [];
    for (let i = 0; i < 30; i++) {
      hooks.push(await createSubscriber(ctx, { channel: 'webhook', url: `${http.url}/hook/${i}` }));
      await createSubscriber(ctx, {
        channel: 'email',
        email: `u${i}@example.com`,
        confirmed: true,
      });
    }
    const inc = await createIncident(ctx, {
      name: 'API errors',
      status: 'investigating',
      body: 'We are **looking**.',
      components: { [api.id]: 'major_outage' },
    });
    await worker.drain();

    expect(http.requests.map((r) => r.url).sort()).toEqual(
      hooks.map((_, i) => `/hook/${i}`).sort(),
    );
    for (const hook of hooks) {
      const req = http.requests.find((r) => `${http.url}${r.url}` === hook.subscriber.address)!;
      const body = new Webhook(hook.secret!).verify(
        req.body,
        req.headers as Record<string, string>,
      ) as Record<string, any>;
      expect(body.incident.id).toBe(inc.id);
      expect(body.meta.unsubscribe).toBe(
        subscriberLinks(app.secretKey, 'https://status.acme.test', hook.subscriber.id).unsubscribe,
      );
    }
    expect(smtp.recipients.flat().sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `u${i}@example.com`).sort(),
    );
    expect(smtp.messages[0].subject).toBe('[Acme] API errors: Investigating');
    expect(smtp.messages[0].html).toMatch(/\/subscriptions\/[^"]+\/unsubscribe\?sig=/);
    const states = await app.store.db
      .selectFrom('deliveries')
      .select(({ fn }) => ['state', fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    expect(states.map((s) => [s.state, Number(s.n)])).toEqual([['sent', 60]]);
  });
});

/** A send thread of its own, as the worker would start it, quiet. */
function newThread(): SendThread {
  return new SendThread(
    {
      config: {
        databaseUrl: 'sqlite::memory:',
        port: 0,
        host: '127.0.0.1',
        publicUrl: undefined,
        logLevel: 'silent',
        allowPrivateNetwork: true,
        subscribeRateLimit: 10,
        subscribeAddressLimit: 3,
        trustProxy: false,
        allowOrigins: undefined,
        inboundSecrets: {},
        inboundRateLimit: 600,
        heapGrowingPercent: 50,
      },
      env: {},
      secretKey: new Uint8Array(32),
    },
    pino({ level: 'silent' }),
  );
}

const EVENT = {
  kind: 'incident.created',
  page: {
    id: 'p',
    url: 'https://status.acme.test',
    status_indicator: 'none',
    status_description: 'All good',
  },
  links: { page: 'https://status.acme.test' },
  generated_at: new Date().toISOString(),
} as unknown as DeliveryEvent;

/** Webhook delivery `id`, to `/hook/<id>` on the receiver. */
function recipient(http: HttpReceiver, id: number): LinkedRecipient {
  return new LinkedRecipient(
    {
      deliveryId: id,
      key: `dlv_${id}`,
      subscriberId: `sub_${id}`,
      channel: 'webhook',
      address: `${http.url}/hook/${id}`,
      secret: null,
      locale: 'en',
      timeZone: null,
      attempt: 1,
    },
    Buffer.alloc(32),
    'https://status.acme.test',
  );
}

describe('a send thread that dies', () => {
  let http: HttpReceiver;
  let thread: SendThread;
  beforeAll(async () => {
    http = await startHttpReceiver();
    thread = newThread();
  });
  afterAll(async () => {
    await thread.close();
    await http.close();
  });

  it('fails its sends in flight as retryable, and the next send starts a new thread', async () => {
    const held: Array<() => void> = [];
    http.respond = (_req, res) => held.push(() => res.end('ok'));
    const inFlight = thread.send(EVENT, 'webhook', recipient(http, 1));
    await waitFor(() => http.requests.length === 1, 10_000, 'the first request');
    await (thread as unknown as { thread: { terminate(): Promise<number> } }).thread.terminate();
    const lost = await inFlight;
    expect(lost).toMatchObject({ ok: false, retryable: true });
    expect(lost.ok === false && lost.error).toMatch(/send thread exited/);

    http.respond = (_req, res) => res.end('ok');
    for (const release of held) release();
    expect(await thread.send(EVENT, 'webhook', recipient(http, 2))).toEqual({
      ok: true,
      provider: 'webhook',
    });
    expect(http.requests.map((r) => r.url)).toEqual(['/hook/1', '/hook/2']);
  });
});

describe('a send thread that dies before it got the queued sends', () => {
  it('hands them to the next thread, once, instead of failing them', async () => {
    const http = await startHttpReceiver();
    const thread = newThread();
    try {
      thread.start();
      const first = await thread.send(EVENT, 'webhook', recipient(http, 0));
      expect(first.ok).toBe(true);
      const live = (thread as unknown as { thread: NodeThread }).thread;
      const exited = new Promise<number>((r) => live.once('exit', r));
      // The thread really ends while a send is queued here, not yet handed over: from a timer
      // callback, the thread is terminated and given time to stop before the send is queued;
      // the event loop then takes the thread's exit (poll phase) before the queued send is
      // flushed (check phase).
      const { queued, later } = await new Promise<{
        queued: Promise<SendResult>;
        later: Promise<SendResult>;
      }>((done) =>
        setTimeout(() => {
          void live.terminate();
          const until = Date.now() + 1_000;
          while (Date.now() < until) {
            // wait, blocking, for the thread to stop
          }
          const queued = thread.send(EVENT, 'webhook', recipient(http, 1));
          const later = thread.send(EVENT, 'webhook', recipient(http, 2));
          done({ queued, later });
        }, 0),
      );
      expect(await exited).toBe(1);
      expect(await queued).toEqual({ ok: true, provider: 'webhook' });
      expect(await later).toEqual({ ok: true, provider: 'webhook' });
      expect(http.requests.map((r) => r.url).sort()).toEqual(['/hook/0', '/hook/1', '/hook/2']);
    } finally {
      await thread.close();
      await http.close();
    }
  });
});

describe('an event a channel cannot prepare', () => {
  it("fails that event's sends alone: the thread, and a send already in flight, go on", async () => {
    const http = await startHttpReceiver();
    const thread = newThread();
    try {
      const held: Array<() => void> = [];
      http.respond = (_req, res) => held.push(() => res.end('ok'));
      const inFlight = thread.send(EVENT, 'webhook', recipient(http, 1));
      await waitFor(() => http.requests.length === 1, 10_000, 'the first request');
      const live = (thread as unknown as { thread: NodeThread }).thread;
      // no kind: building the webhook body throws at once, in the channel's prepare
      const broken = { ...EVENT, kind: undefined } as unknown as DeliveryEvent;
      const bad = await thread.send(broken, 'webhook', recipient(http, 2));
      expect(bad).toMatchObject({ ok: false, retryable: true });
      expect(bad.ok === false && bad.error).not.toMatch(/send thread/);
      for (const release of held) release();
      expect(await inFlight).toEqual({ ok: true, provider: 'webhook' });
      expect((thread as unknown as { thread: NodeThread }).thread).toBe(live);
      expect(http.requests.map((r) => r.url)).toEqual(['/hook/1']);
    } finally {
      await thread.close();
      await http.close();
    }
  });
});

describe('FLARE_SEND_THREAD', () => {
  it('names the channels on the thread, defaults to the HTTP ones, and refuses unknown names', () => {
    expect([...threadedFromEnv({})].sort()).toEqual([
      'discord',
      'google_chat',
      'mattermost',
      'slack',
      'sms',
      'teams',
      'webhook',
    ]);
    expect([...threadedFromEnv({ FLARE_SEND_THREAD: 'email, webhook' })]).toEqual([
      'email',
      'webhook',
    ]);
    expect(threadedFromEnv({ FLARE_SEND_THREAD: '0' }).size).toBe(0);
    expect(() => threadedFromEnv({ FLARE_SEND_THREAD: 'webhook,fax' })).toThrow(
      /FLARE_SEND_THREAD: "fax" is not a channel/,
    );
  });
});
