/**
 * Conformance of what deliveries expose to third-party tools, over real HTTP: `/metrics` after a
 * real fan-out passes `promtool check metrics`, and a webhook carries every field of
 * Statuspage's webhook incident object.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { buildServer } from '../../src/http/server.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtp,
} from '../helpers/receivers.js';

const PROMTOOL = '/usr/bin/promtool';

/** Fields of Statuspage's webhook `incident` object, with the type each must have. */
const STATUSPAGE_INCIDENT_FIELDS: Record<string, 'string' | 'boolean' | 'string|null'> = {
  backfilled: 'boolean',
  impact_override: 'string|null',
  scheduled_for: 'string|null',
  scheduled_until: 'string|null',
  scheduled_remind_prior: 'boolean',
  scheduled_reminded_at: 'string|null',
  scheduled_auto_in_progress: 'boolean',
  scheduled_auto_completed: 'boolean',
  postmortem_body: 'string|null',
  postmortem_body_last_updated_at: 'string|null',
  postmortem_ignored: 'boolean',
  postmortem_notified_subscribers: 'boolean',
  postmortem_notified_twitter: 'boolean',
  postmortem_published_at: 'string|null',
  id: 'string',
  name: 'string',
  status: 'string',
  impact: 'string',
  shortlink: 'string',
  created_at: 'string',
  updated_at: 'string',
  page_id: 'string',
};

function typeOf(v: unknown): string {
  return v === null ? 'null' : typeof v;
}

describeEachEngine('conformance of deliveries', (engine) => {
  let h: ApiHarness;
  let smtp: SmtpReceiver;
  let http: HttpReceiver;
  let worker: Worker;
  let channels: Channels;
  let server: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    h = await makeApiHarness(engine);
    smtp = await startSmtp();
    http = await startHttpReceiver();
    const { app } = h;
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(app, channels, { flushMs: 10 });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    await createSubscriber(ctx, { channel: 'email', email: 'ops@example.com', confirmed: true });
    await createSubscriber(ctx, { channel: 'webhook', url: `${http.url}/hook` });
    const res = await h.call('write', 'POST', '/api/v1/incidents', {
      name: 'Webhooks slow',
      body: 'Looking into it.',
      impact: 'major',
    });
    expect(res.status).toBe(201);
    await worker.drain();
    server = await buildServer(app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
    await closeChannels(channels);
    await smtp?.close();
    await http?.close();
    await h?.close();
  });

  it('serves /metrics that `promtool check metrics` passes without a finding', async () => {
    if (!existsSync(PROMTOOL))
      throw new Error(`${PROMTOOL} is missing: install it with \`apt-get install -y prometheus\``);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /^flare_deliveries_sent_total\{channel="webhook",provider="webhook"\} [1-9]\d*$/m,
    );
    const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
  });

  it("sends webhooks with every field of Statuspage's incident object, typed as documented", () => {
    expect(http.requests).toHaveLength(1);
    const body = JSON.parse(http.requests[0].body);
    const incident = body.incident as Record<string, unknown>;
    for (const [field, type] of Object.entries(STATUSPAGE_INCIDENT_FIELDS)) {
      expect(type.split('|'), `incident.${field}`).toContain(typeOf(incident[field]));
    }
    expect(incident).toMatchObject({
      backfilled: false,
      impact: 'major',
      impact_override: 'major',
      scheduled_for: null,
      scheduled_remind_prior: false,
      scheduled_auto_in_progress: false,
      postmortem_ignored: false,
      postmortem_notified_subscribers: false,
      postmortem_notified_twitter: false,
    });
  });
});
