import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker, type WorkerOptions } from '../../src/dispatch/worker.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtp,
} from '../helpers/receivers.js';

const RETRY: WorkerOptions = {
  retry: { maxAttempts: 3, baseMs: 1000, capMs: 10_000 },
  random: () => 0.5,
};

describeEachEngine('delivery retries, dead letters, pacing and disabling', (engine) => {
  let app: TestApp;
  let clock: TestClock;
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  let channels: Channels;
  beforeAll(async () => {
    clock = new TestClock();
    app = await makeTestApp(engine, { clock });
    http = await startHttpReceiver();
    smtp = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    await updatePage(app.ctx(), { name: 'Acme', url: 'https://status.acme.test' });
  });
  afterAll(async () => {
    await closeChannels(channels);
    await http.close();
    await smtp.close();
    await app.cleanup();
  });

  /** A component with one subscriber of its own, and an incident on it. */
  async function scenario(channel: 'webhook' | 'slack', path: string, contact?: string) {
    const ctx = app.ctx();
    const c = await createComponent(ctx, { name: `C ${path}` });
    const { subscriber } = await createSubscriber(ctx, {
      channel,
      url: `${http.url}${path}`,
      components: [c.id],
      ...(contact ? { contact_email: contact } : {}),
    });
    const inc = await createIncident(ctx, {
      name: `Incident ${path}`,
      status: 'investigating',
      body: 'Looking.',
      components: { [c.id]: 'major_outage' },
    });
    return { subscriberId: subscriber.id, incidentId: inc.id };
  }

  const delivery = (subscriberId: string) =>
    app.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('subscriber_id', '=', subscriberId)
      .where('channel', '!=', 'email')
      .executeTakeFirstOrThrow();
  const hits = (path: string) => http.requests.filter((r) => r.url === path).length;

  it('retries with exponential backoff on the injected clock, then dead-letters after the last attempt', async () => {
    http.respond = (req, res) => {
      res.writeHead(req.url === '/retry' ? 500 : 200);
      res.end(req.url === '/retry' ? 'boom' : 'ok');
    };
    const worker = new Worker(app, channels, RETRY);
    const { subscriberId } = await scenario('webhook', '/retry');
    await worker.drain();
    expect(hits('/retry')).toBe(1);
    let d = await delivery(subscriberId);
    // attempt 1 failed: wait base/2 + base/2 × 0.5 = 750 ms
    expect(d).toMatchObject({ state: 'queued', attempts: 1 });
    expect(d.last_error).toMatch(/^HTTP 500: boom/);
    expect(Date.parse(d.next_attempt_at)).toBe(clock.t + 750);

    // not due yet: nothing is sent
    clock.advance(749);
    await worker.drain();
    expect(hits('/retry')).toBe(1);

    clock.advance(1);
    await worker.drain();
    expect(hits('/retry')).toBe(2);
    d = await delivery(subscriberId);
    // attempt 2 failed: the ceiling doubles to 2 s, so 1 s + 0.5 s
    expect(d).toMatchObject({ state: 'queued', attempts: 2 });
    expect(Date.parse(d.next_attempt_at)).toBe(clock.t + 1500);

    clock.advance(1500);
    await worker.drain();
    expect(hits('/retry')).toBe(3);
    d = await delivery(subscriberId);
    expect(d).toMatchObject({ state: 'dead', attempts: 3 });
    expect(d.last_error).toMatch(/^HTTP 500: boom/);
    expect(d.failed_at).toBe(clock.now().toISOString());

    // a dead letter is never sent again by itself
    clock.advance(3_600_000);
    await worker.drain();
    expect(hits('/retry')).toBe(3);
  });

  it('waits out a 429 Retry-After before the next attempt', async () => {
    http.respond = (req, res) => {
      if (req.url === '/limited') {
        res.writeHead(429, { 'retry-after': '120' });
        res.end('slow down');
        return;
      }
      res.writeHead(200);
      res.end('ok');
    };
    const worker = new Worker(app, channels, RETRY);
    const { subscriberId } = await scenario('webhook', '/limited');
    await worker.drain();
    expect(hits('/limited')).toBe(1);
    const d = await delivery(subscriberId);
    expect(d).toMatchObject({ state: 'queued', attempts: 1 });
    expect(Date.parse(d.next_attempt_at)).toBeGreaterThanOrEqual(clock.t + 120_000);
    clock.advance(60_000);
    await worker.drain();
    expect(hits('/limited')).toBe(1);
  });

  it('paces Slack messages to one webhook URL at about one a second', async () => {
    http.respond = (_req, res) => {
      res.writeHead(200);
      res.end('ok');
    };
    const { incidentId } = await scenario('slack', '/slack/T1/B1/x');
    const ctx = app.ctx();
    await postUpdate(ctx, 'incident', incidentId, { status: 'identified', body: 'Found it.' });
    await postUpdate(ctx, 'incident', incidentId, { status: 'monitoring', body: 'Fixed.' });
    await new Worker(app, channels, RETRY).drain();
    const at = http.requests.filter((r) => r.url === '/slack/T1/B1/x').map((r) => r.at);
    expect(at).toHaveLength(3);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(900);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(900);
  });

  it('disables a webhook after N failures in a row and tells its owner by email', async () => {
    http.respond = (req, res) => {
      res.writeHead(req.url === '/dying' ? 500 : 200);
      res.end(req.url === '/dying' ? 'down' : 'ok');
    };
    const worker = new Worker(app, channels, {
      retry: { maxAttempts: 10, baseMs: 1000, capMs: 10_000 },
      random: () => 0.5,
      disableAfter: 3,
    });
    const { subscriberId } = await scenario('webhook', '/dying', 'owner@example.com');
    const state = async () =>
      app.store.db
        .selectFrom('subscribers')
        .select(['state', 'consecutive_failures', 'disabled_reason'])
        .where('id', '=', subscriberId)
        .executeTakeFirstOrThrow();
    for (let i = 1; i <= 3; i++) {
      await worker.drain();
      expect(hits('/dying')).toBe(i);
      expect(Number((await state()).consecutive_failures)).toBe(i);
      if (i < 3) expect((await state()).state).toBe('active');
      clock.advance(10_000);
    }
    const s = await state();
    expect(s.state).toBe('disabled');
    expect(s.disabled_reason).toMatch(/3 deliveries in a row failed/);
    // the owner's notice goes out through the real SMTP server
    await worker.drain();
    const notice = smtp.messages.filter((m) => m.subject?.includes('was paused'));
    expect(notice).toHaveLength(1);
    expect(smtp.recipients.flat()).toEqual(['owner@example.com']);
    expect(notice[0].subject).toBe('[Acme] Your webhook subscription was paused');
    expect(notice[0].text).toContain(`${http.url}/dying`);
    // and the disabled endpoint is not called again
    clock.advance(60_000);
    await worker.drain();
    expect(hits('/dying')).toBe(3);
    expect((await delivery(subscriberId)).state).toBe('dead');
  });

  it('resets the failure count when a webhook that failed succeeds again', async () => {
    let up = false;
    http.respond = (req, res) => {
      const ok = req.url !== '/flaky' || up;
      res.writeHead(ok ? 200 : 500);
      res.end(ok ? 'ok' : 'down');
    };
    const worker = new Worker(app, channels, {
      retry: { maxAttempts: 10, baseMs: 1000, capMs: 10_000 },
      random: () => 0.5,
      disableAfter: 5,
    });
    const { subscriberId } = await scenario('webhook', '/flaky', 'owner@example.com');
    const failures = async () =>
      Number(
        (
          await app.store.db
            .selectFrom('subscribers')
            .select('consecutive_failures')
            .where('id', '=', subscriberId)
            .executeTakeFirstOrThrow()
        ).consecutive_failures,
      );
    await worker.drain();
    clock.advance(10_000);
    await worker.drain();
    expect(await failures()).toBe(2);
    up = true;
    clock.advance(10_000);
    await worker.drain();
    expect(hits('/flaky')).toBe(3);
    expect((await delivery(subscriberId)).state).toBe('sent');
    expect(await failures()).toBe(0);
  });
});
