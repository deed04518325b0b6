/**
 * Delivery operations: /metrics, GET /api/v1/incidents/:id/deliveries and requeueing dead
 * letters over HTTP and with the CLI, after a real fan-out to real SMTP and HTTP receivers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { buildServer } from '../../src/http/server.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { flare } from '../helpers/cli.js';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtp,
} from '../helpers/receivers.js';
import { childDatabaseUrl } from '../helpers/workerProcess.js';

describeEachEngine('delivery operations', (engine) => {
  let h: ApiHarness;
  let smtp: SmtpReceiver;
  let http: HttpReceiver;
  let worker: Worker;
  let channels: Channels;
  let failing = true;
  let incidentId: string;
  beforeAll(async () => {
    h = await makeApiHarness(engine);
    smtp = await startSmtp();
    http = await startHttpReceiver();
    http.respond = (req, res) => {
      res.writeHead(failing && req.url.startsWith('/fail') ? 500 : 200).end('');
    };
    const { app } = h;
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    // one attempt, then a dead letter
    worker = new Worker(app, channels, {
      flushMs: 10,
      retry: { maxAttempts: 1, baseMs: 1000, capMs: 1000 },
    });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    await createSubscriber(ctx, { channel: 'email', email: 'ops@example.com', confirmed: true });
    await createSubscriber(ctx, { channel: 'webhook', url: `${http.url}/ok/1` });
    await createSubscriber(ctx, { channel: 'webhook', url: `${http.url}/ok/2` });
    await createSubscriber(ctx, { channel: 'webhook', url: `${http.url}/fail` });
    const res = await h.call('write', 'POST', '/api/v1/incidents', {
      name: 'Webhooks slow',
      body: 'Looking into it.',
    });
    expect(res.status).toBe(201);
    incidentId = res.json.id;
    await worker.drain();
  });
  afterAll(async () => {
    await worker.stop();
    await closeChannels(channels);
    await smtp.close();
    await http.close();
    await h.close();
  });

  const deliveries = (query = '') =>
    h.call('write', 'GET', `/api/v1/incidents/${incidentId}/deliveries${query}`);

  it('summarises an incident per channel and lists its deliveries', async () => {
    const res = await deliveries();
    expect(res.status).toBe(200);
    const { summary, deliveries: list, next_after } = res.json;
    expect(summary.map((s: any) => s.channel)).toEqual(['email', 'webhook']);
    const hook = summary[1];
    expect(hook).toMatchObject({ queued: 0, sending: 0, sent: 2, dead: 1, total: 3 });
    expect(hook.p50_ms).toEqual(expect.any(Number));
    expect(hook.p95_ms).toBeGreaterThanOrEqual(hook.p50_ms);
    expect(hook.first_sent_at <= hook.last_sent_at).toBe(true);
    expect(summary[0]).toMatchObject({ sent: 1, dead: 0, total: 1 });
    expect(list).toHaveLength(4);
    expect(next_after).toBeNull();
    const dead = list.find((d: any) => d.state === 'dead');
    expect(dead).toMatchObject({
      key: `dlv_${dead.id}`,
      channel: 'webhook',
      attempts: 1,
      provider: 'webhook',
      sent_at: null,
      failed_at: expect.any(String),
      last_error: expect.stringMatching(/^HTTP 500/),
      subscriber: { id: expect.any(String), channel: 'webhook', address: `${http.url}/fail` },
    });
    const mail = list.find((d: any) => d.channel === 'email');
    expect(mail).toMatchObject({ state: 'sent', last_error: null, latency_ms: expect.any(Number) });
    expect(mail.provider_message_id).toBeTruthy();
  });

  it('pages by id and filters by state and channel', async () => {
    const first = await deliveries('?limit=3');
    expect(first.json.deliveries).toHaveLength(3);
    expect(first.json.next_after).toBe(first.json.deliveries[2].id);
    const rest = await deliveries(`?limit=3&after=${first.json.next_after}`);
    expect(rest.json.deliveries).toHaveLength(1);
    expect(rest.json.next_after).toBeNull();
    const ids = [...first.json.deliveries, ...rest.json.deliveries].map((d: any) => d.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(4);
    expect((await deliveries('?state=dead')).json.deliveries).toHaveLength(1);
    expect((await deliveries('?channel=email')).json.deliveries).toHaveLength(1);
    expect((await deliveries('?channel=webhook&state=sent')).json.deliveries).toHaveLength(2);

    const bad = await deliveries('?limit=0&state=lost');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['limit', 'state']);
    expect((await h.call('read', 'GET', '/api/v1/incidents/nope/deliveries')).status).toBe(404);
    expect((await h.call(null, 'GET', `/api/v1/incidents/${incidentId}/deliveries`)).status).toBe(
      401,
    );
  });

  it('requeues dead letters over HTTP: only dead ones, with one audit entry', async () => {
    const url = '/api/v1/deliveries/requeue';
    expect((await h.call('read', 'POST', url, { incident_id: incidentId })).status).toBe(403);
    const none = await h.call('write', 'POST', url, {});
    expect(none.status).toBe(400);
    expect(none.json.error.fields).toEqual({
      incident_id: 'give one of incident_id, notification_id or ids',
    });
    const both = await h.call('write', 'POST', url, { incident_id: incidentId, ids: [1] });
    expect(both.json.error.fields).toEqual({ ids: 'cannot be combined with incident_id' });
    expect((await h.call('write', 'POST', url, { ids: ['dlv_x'] })).json.error.fields).toEqual({
      'ids.0': expect.stringMatching(/delivery id/),
    });
    expect((await h.call('write', 'POST', url, { incident_id: 'nope' })).status).toBe(404);

    failing = false;
    const res = await h.call('write', 'POST', url, { incident_id: incidentId });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ requeued: 1 });
    const row = (await deliveries('?state=queued')).json.deliveries[0];
    expect(row).toMatchObject({ attempts: 0, last_error: null, failed_at: null });
    expect((await h.call('write', 'POST', url, { incident_id: incidentId })).json).toEqual({
      requeued: 0,
    });
    const audit = await listAudit(h.app.store.db, { action: 'deliveries.requeue' });
    expect(audit.map((a) => a.after)).toEqual([{ requeued: 0 }, { requeued: 1 }]);
    expect(audit[1]).toMatchObject({ entity_type: 'incident', entity_id: incidentId });

    await worker.drain();
    const hook = (await deliveries()).json.summary[1];
    expect(hook).toMatchObject({ sent: 3, dead: 0, total: 3 });
    expect(http.requests.filter((r) => r.url === '/fail')).toHaveLength(2);
  });

  it('requeues by id over HTTP and by incident with the CLI, and lists with the CLI', async () => {
    failing = true;
    await postUpdate(h.app.ctx(), 'incident', incidentId, {
      status: 'identified',
      body: 'Found it.',
    });
    await worker.drain();
    const dead = (await deliveries('?state=dead')).json.deliveries;
    expect(dead).toHaveLength(1);
    const byId = await h.call('write', 'POST', '/api/v1/deliveries/requeue', {
      ids: [dead[0].key, 999_999_999],
    });
    expect(byId.json).toEqual({ requeued: 1 });
    await worker.drain();
    expect((await deliveries('?state=dead')).json.deliveries).toHaveLength(1);

    const db = childDatabaseUrl(h.app);
    const listed = await flare(db, 'deliveries', 'list', '--incident', incidentId, '--json');
    expect(listed.code).toBe(0);
    const out = JSON.parse(listed.stdout);
    expect(out.summary.find((s: any) => s.channel === 'webhook')).toMatchObject({
      sent: 5,
      dead: 1,
      total: 6,
    });
    expect(out.deliveries).toHaveLength(8);
    const text = await flare(db, 'deliveries', 'list', '--incident', incidentId, '--state', 'dead');
    expect(text.stdout).toMatch(/^CHANNEL\s+QUEUED\s+SENDING\s+SENT\s+DEAD/m);
    expect(text.stdout).toContain(`${http.url}/fail`);
    expect(text.stdout).toMatch(/HTTP 500/);

    const missing = await flare(db, 'deliveries', 'requeue');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--incident give one of/);
    const requeued = await flare(db, 'deliveries', 'requeue', '--incident', incidentId);
    expect(requeued.code).toBe(0);
    expect(requeued.stdout).toBe('Requeued 1 dead delivery.\n');
    failing = false;
    await worker.drain();
    expect((await deliveries()).json.summary[1]).toMatchObject({ sent: 6, dead: 0 });
  }, 60_000);

  it('serves Prometheus metrics: counters, latency histograms and database gauges per channel', async () => {
    const res = await h.call(null, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = res.body;
    expect(body).toMatch(
      /^flare_deliveries_sent_total\{channel="webhook",provider="webhook"\} \d+/m,
    );
    expect(body).toMatch(/^flare_deliveries_sent_total\{channel="email",provider="[^"]+"\} \d+/m);
    expect(body).toMatch(/^flare_deliveries_failed_total\{channel="webhook"\} [1-9]/m);
    expect(body).toMatch(/^flare_deliveries_dead_total\{channel="webhook"\} [1-9]/m);
    expect(body).toMatch(/^flare_deliveries_queued_total\{channel="webhook"\} [1-9]/m);
    expect(body).toMatch(/^flare_deliveries_queued_total\{channel="email"\} [1-9]/m);
    expect(body).toMatch(/^flare_delivery_send_seconds_bucket\{le="0\.1",channel="webhook"\} \d+/m);
    expect(body).toMatch(/^flare_delivery_send_seconds_count\{channel="email"\} [1-9]/m);
    expect(body).toMatch(/^flare_deliveries\{state="sent",channel="webhook"\} 6$/m);
    expect(body).toMatch(/^flare_deliveries\{state="sent",channel="email"\} 2$/m);
    expect(body).toMatch(/^# TYPE flare_deliveries gauge$/m);
  });

  it('asks for the metrics token when FLARE_METRICS_TOKEN is set', async () => {
    process.env.FLARE_METRICS_TOKEN = 'scrape-secret-1';
    const server = await buildServer(h.app);
    delete process.env.FLARE_METRICS_TOKEN;
    try {
      const get = (authorization?: string) =>
        server.inject({
          method: 'GET',
          url: '/metrics',
          headers: authorization ? { authorization } : {},
        });
      const anon = await get();
      expect(anon.statusCode).toBe(401);
      expect(anon.headers['www-authenticate']).toMatch(/^Bearer/);
      expect((await get('Bearer wrong')).statusCode).toBe(401);
      expect((await get(`Bearer ${h.secrets.admin}`)).statusCode).toBe(401);
      const ok = await get('Bearer scrape-secret-1');
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('flare_deliveries{');
    } finally {
      await server.close();
    }
  });
});
