import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { createChannels } from '../../src/channels/catalog.js';
import { assertPublicUrl, isPrivateAddress } from '../../src/channels/net.js';
import { Worker } from '../../src/dispatch/worker.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type HttpReceiver, startHttpReceiver } from '../helpers/receivers.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254', // AWS metadata over IPv6
    '::ffff:127.0.0.1', // v4-mapped, dotted
    '::ffff:7f00:1', // v4-mapped, as the URL parser writes it
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('allows %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('assertPublicUrl refuses private literals and localhost, and only allows http(s)', () => {
    for (const u of [
      'http://127.0.0.1/x',
      'http://localhost:8080/x',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data/',
    ])
      expect(() => assertPublicUrl(u, false), u).toThrow(/refused to connect/);
    expect(() => assertPublicUrl('ftp://example.com/x', false)).toThrow(/http/);
    expect(assertPublicUrl('https://93.184.216.34/hook', false).hostname).toBe('93.184.216.34');
    expect(assertPublicUrl('http://127.0.0.1/x', true).hostname).toBe('127.0.0.1');
  });
});

const BLOCKED = [
  'http://127.0.0.1/hook',
  'http://localhost/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::1]/',
  'http://[::ffff:127.0.0.1]/hook',
  'http://10.0.0.5:8080/hook',
];

describeEachEngine('SSRF guard', (engine) => {
  let guarded: TestApp;
  let open: TestApp;
  let server: FastifyInstance;
  let token = '';
  let rx: HttpReceiver;
  beforeAll(async () => {
    guarded = await makeTestApp(engine, { config: { allowPrivateNetwork: false } });
    open = await makeTestApp(engine);
    server = await buildServer(guarded);
    token = (await createToken(guarded.ctx(), { name: 'bot', scope: 'write' })).secret;
    rx = await startHttpReceiver();
  });
  afterAll(async () => {
    await server.close();
    await rx.close();
    await guarded.cleanup();
    await open.cleanup();
  });

  const post = (payload: unknown) =>
    server.inject({
      method: 'POST',
      url: '/api/v1/subscribers',
      headers: { authorization: `Bearer ${token}` },
      payload: payload as Record<string, unknown>,
    });

  for (const channel of ['webhook', 'slack', 'teams'] as const) {
    it(`refuses a ${channel} subscriber whose URL is private, loopback or metadata, naming url`, async () => {
      for (const url of BLOCKED) {
        const res = await post({ channel, url });
        expect(res.statusCode, url).toBe(400);
        const body = res.json();
        expect(body.error.code, url).toBe('validation_failed');
        expect(Object.keys(body.error.fields), url).toEqual(['url']);
        expect(body.error.fields.url).toMatch(/private, loopback or metadata/);
      }
      // a public address is accepted (nothing is sent: no worker runs here)
      const ok = await post({ channel, url: `https://93.184.216.34/${channel}-hook` });
      expect(ok.statusCode).toBe(201);
    });
  }

  it('refuses at send time a URL stored earlier, and delivers it when private networks are allowed', async () => {
    const ctx = open.ctx();
    const c = await createComponent(ctx, { name: 'API' });
    const subs = await Promise.all(
      (['webhook', 'slack', 'teams'] as const).map((channel) =>
        createSubscriber(ctx, { channel, url: `${rx.url}/${channel}` }),
      ),
    );
    const deps = { logger: open.logger, clock: open.clock, env: {} };
    // FLARE_ALLOW_PRIVATE_NETWORK=1: delivered
    const allowed = createChannels({
      ...deps,
      config: { ...open.config, allowPrivateNetwork: true },
    });
    await createIncident(ctx, {
      name: 'First',
      status: 'investigating',
      body: 'One.',
      components: { [c.id]: 'major_outage' },
    });
    await new Worker(open, allowed).drain();
    expect(rx.requests.map((r) => r.url).sort()).toEqual(['/slack', '/teams', '/webhook']);

    // without it: refused before any connection, never reaching the receiver
    const blocked = createChannels({
      ...deps,
      config: { ...open.config, allowPrivateNetwork: false },
    });
    await createIncident(ctx, { name: 'Second', status: 'investigating', body: 'Two.' });
    await new Worker(open, blocked).drain();
    expect(rx.requests).toHaveLength(3);
    const rows = await open.store.db
      .selectFrom('deliveries')
      .select(['subscriber_id', 'state', 'attempts', 'last_error'])
      .where('state', '!=', 'sent')
      .execute();
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.state).toBe('dead');
      expect(r.attempts).toBe(1);
      expect(r.last_error).toMatch(/refused to connect to 127\.0\.0\.1/);
    }
    expect(new Set(rows.map((r) => r.subscriber_id))).toEqual(
      new Set(subs.map((s) => s.subscriber.id)),
    );
    for (const ch of [...allowed.values(), ...blocked.values()]) await ch.close?.();
  });

  it('refuses at connect time a host name that resolves to a private address', async () => {
    // this machine's own name resolves to loopback on most hosts; skip where it does not
    const name = hostname();
    const addrs = await lookup(name, { all: true }).catch(() => []);
    if (!addrs.length || !addrs.every((a) => isPrivateAddress(a.address))) return;
    const port = new URL(rx.url).port;
    const ctx = open.ctx();
    const c = await createComponent(ctx, { name: 'Named' });
    const { subscriber } = await createSubscriber(ctx, {
      channel: 'webhook',
      url: `http://${name}:${port}/by-name`,
      components: [c.id],
    });
    const blocked = createChannels({
      logger: open.logger,
      clock: open.clock,
      env: {},
      config: { ...open.config, allowPrivateNetwork: false },
    });
    await createIncident(ctx, {
      name: 'Third',
      status: 'investigating',
      body: 'Three.',
      components: { [c.id]: 'major_outage' },
    });
    await new Worker(open, blocked).drain();
    expect(rx.requests.some((r) => r.url === '/by-name')).toBe(false);
    const d = await open.store.db
      .selectFrom('deliveries')
      .select(['state', 'last_error'])
      .where('subscriber_id', '=', subscriber.id)
      .executeTakeFirstOrThrow();
    expect(d.state).toBe('dead');
    expect(d.last_error).toMatch(/refused to connect/);
    for (const ch of blocked.values()) await ch.close?.();
  });
});
