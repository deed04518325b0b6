/**
 * Client addresses and rate limits: X-Forwarded-For counts only from proxies FLARE_TRUST_PROXY
 * names, so a client cannot spoof its way past any rate limit (subscribe, the SMS code form,
 * console sign-in); and each target address has its own budget of confirmation messages,
 * whatever IP asks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { trustProxyOf } from '../../src/config.js';
import { sign } from '../../src/lib/signing.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { confirmationsQueued, postForm, randomIp } from '../helpers/security.js';

const ATTACKER = '192.0.2.66';

describe('FLARE_TRUST_PROXY', () => {
  it('is off by default and takes 1/true, a hop count or a list of addresses and ranges', () => {
    expect(trustProxyOf(undefined)).toBe(false);
    expect(trustProxyOf('')).toBe(false);
    expect(trustProxyOf('0')).toBe(false);
    expect(trustProxyOf('false')).toBe(false);
    expect(trustProxyOf('1')).toBe(1);
    expect(trustProxyOf('true')).toBe(1);
    expect(trustProxyOf('2')).toBe(2);
    expect(trustProxyOf('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8,127.0.0.1');
    expect(() => trustProxyOf('everyone')).toThrow(/FLARE_TRUST_PROXY/);
  });
});

describeEachEngine('rate limits with a spoofed X-Forwarded-For', (engine) => {
  let h: ApiHarness;
  afterEach(async () => h?.close());

  const open = async (config: Record<string, unknown> = {}) => {
    h = await makeApiHarness(engine, { config: { subscribeRateLimit: 3, ...config } });
    return h;
  };

  /** Sends `n` requests, each with a new X-Forwarded-For; returns the statuses. */
  async function flood(
    n: number,
    send: (xff: string, i: number) => Promise<{ statusCode: number }>,
  ) {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await send(randomIp(), i)).statusCode);
    return out;
  }

  it('subscribe (form and JSON share one budget) ignores X-Forwarded-For by default', async () => {
    const { server } = await open();
    const codes = await flood(5, (xff, i) =>
      i % 2
        ? postForm(
            server,
            '/subscribe',
            { channel: 'email', email: `f${i}@example.com` },
            {
              remoteAddress: ATTACKER,
              headers: { 'x-forwarded-for': xff },
            },
          )
        : server.inject({
            method: 'POST',
            url: '/api/subscribe',
            remoteAddress: ATTACKER,
            headers: { 'x-forwarded-for': xff },
            payload: { channel: 'email', email: `j${i}@example.com` },
          }),
    );
    expect(codes.slice(0, 3).every((c) => c < 300)).toBe(true);
    expect(codes.slice(3)).toEqual([429, 429]);
  });

  it('the SMS code form ignores X-Forwarded-For by default', async () => {
    const { server, app } = await open();
    const id = '0190a0a0-0000-7000-8000-000000000001';
    const sig = sign(app.secretKey, 'confirm', id);
    const codes = await flood(5, (xff) =>
      postForm(
        server,
        `/subscriptions/${id}/verify`,
        { sig, code: '123456' },
        {
          remoteAddress: ATTACKER,
          headers: { 'x-forwarded-for': xff },
        },
      ),
    );
    expect(codes.slice(0, 3)).toEqual([400, 400, 400]);
    expect(codes.slice(3)).toEqual([429, 429]);
  });

  it('console sign-in (GET and POST, 20 a minute each) ignores X-Forwarded-For by default', async () => {
    const { server } = await open();
    const posts = await flood(22, (xff) =>
      postForm(
        server,
        '/console/signin',
        { token: 'flare_wrong' },
        {
          remoteAddress: ATTACKER,
          headers: { 'x-forwarded-for': xff },
        },
      ),
    );
    expect(posts.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(posts.slice(20)).toEqual([429, 429]);
    const gets = await flood(22, (xff) =>
      server.inject({
        url: '/console/signin',
        remoteAddress: ATTACKER,
        headers: { 'x-forwarded-for': xff },
      }),
    );
    expect(gets.slice(0, 20).every((c) => c === 200)).toBe(true);
    expect(gets.slice(20)).toEqual([429, 429]);
  });

  it('a trusted proxy may name the client; a value spoofed in front of it is ignored', async () => {
    const { server } = await open({ trustProxy: '10.0.0.1' });
    const viaProxy = (xff: string, i: number) =>
      server.inject({
        method: 'POST',
        url: '/api/subscribe',
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': xff },
        payload: { channel: 'email', email: `p${i}@example.com` },
      });
    // distinct real clients behind the proxy each get their own budget
    for (let i = 0; i < 5; i++)
      expect((await viaProxy(`198.51.100.${i + 1}`, i)).statusCode).toBe(202);
    // one client prepending random addresses is still one client
    const codes = await flood(5, (xff, i) => viaProxy(`${xff}, 203.0.113.200`, 100 + i));
    expect(codes).toEqual([202, 202, 202, 429, 429]);
    // a client that is not the proxy cannot name anyone
    const direct = await flood(4, (xff, i) =>
      server.inject({
        method: 'POST',
        url: '/api/subscribe',
        remoteAddress: ATTACKER,
        headers: { 'x-forwarded-for': xff },
        payload: { channel: 'email', email: `d${i}@example.com` },
      }),
    );
    expect(direct).toEqual([202, 202, 202, 429]);
  });
});

describeEachEngine('per-address confirmation budget', (engine) => {
  let h: ApiHarness;
  afterEach(async () => h?.close());
  let n = 0;
  const fromNewIp = () => `10.9.${Math.floor(++n / 250)}.${n % 250}`;

  it('sends one email address or phone at most 3 confirmations an hour, from any number of IPs', async () => {
    const clock = new TestClock();
    h = await makeApiHarness(engine, { clock, config: { subscribeRateLimit: 1000 } });
    const sub = (payload: object) =>
      h.server.inject({
        method: 'POST',
        url: '/api/subscribe',
        remoteAddress: fromNewIp(),
        payload,
      });
    for (let i = 0; i < 10; i++) {
      const r = await sub({
        channel: 'email',
        email: i % 2 ? 'victim@example.com' : 'VICTIM@example.com',
      });
      expect(r.statusCode).toBe(202);
      expect(r.json()).toEqual({ status: 'pending', id: expect.any(String) });
    }
    expect(await confirmationsQueued(h.app.store.db)).toBe(3);
    for (let i = 0; i < 10; i++)
      expect((await sub({ channel: 'sms', phone: '+447700900777' })).statusCode).toBe(202);
    expect(await confirmationsQueued(h.app.store.db)).toBe(6);
    // the form answers the same page whether or not anything was sent
    const page = await postForm(
      h.server,
      '/subscribe',
      { channel: 'email', email: 'victim@example.com' },
      {
        remoteAddress: fromNewIp(),
      },
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Check your inbox');
    expect(await confirmationsQueued(h.app.store.db)).toBe(6);
    // an hour later the address may be sent one again
    clock.advanceMinutes(61);
    await sub({ channel: 'email', email: 'victim@example.com' });
    expect(await confirmationsQueued(h.app.store.db)).toBe(7);
  });
});
