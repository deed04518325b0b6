/**
 * Public subscribe cannot be used against someone: an active subscriber is told of a repeat at
 * most once a day; a stand-in for a phone number that is already subscribed behaves exactly
 * like a real pending one; confirmation links expire; FLARE_ALLOW_ORIGINS is honoured; and
 * 100 parallel wrong SMS codes count as at most 5 tries, on SQLite and PostgreSQL.
 */
import { afterEach, expect, it } from 'vitest';
import { MAX_CODE_ATTEMPTS } from '../../src/actions/confirmSubscriber.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { sign } from '../../src/lib/signing.js';
import { getSubscriber } from '../../src/store/queries/subscribers.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { confirmationsQueued, postForm } from '../helpers/security.js';

describeEachEngine('public subscribe is no weapon', (engine) => {
  let h: ApiHarness;
  afterEach(async () => h?.close());
  let n = 0;
  const ip = () => `10.8.${Math.floor(++n / 250)}.${n % 250}`;
  const json = (payload: object) =>
    h.server.inject({ method: 'POST', url: '/api/subscribe', remoteAddress: ip(), payload });

  async function lastCode(id: string): Promise<string | null> {
    const rows = await h.app.store.db
      .selectFrom('notifications')
      .select('payload')
      .where('kind', '=', 'subscriber.confirm')
      .execute();
    const mine = rows.map((r) => JSON.parse(r.payload)).filter((p) => p.subscriber_id === id);
    return mine.length ? /\b(\d{6})\b/.exec(mine.at(-1).data.text)![1] : null;
  }

  it('tells an active subscriber about repeat requests once a day, not on every request', async () => {
    const clock = new TestClock();
    h = await makeApiHarness(engine, { clock });
    await createSubscriber(h.app.ctx(), {
      channel: 'email',
      email: 'ada@example.com',
      confirmed: true,
    });
    for (let i = 0; i < 6; i++) {
      const r = await json({ channel: 'email', email: 'ada@example.com' });
      expect(r.statusCode).toBe(202);
      expect(r.json()).toEqual({ status: 'pending', id: expect.any(String) });
    }
    expect(await confirmationsQueued(h.app.store.db)).toBe(1);
    clock.advanceMinutes(24 * 60 + 1);
    await json({ channel: 'email', email: 'ada@example.com' });
    expect(await confirmationsQueued(h.app.store.db)).toBe(2);
  });

  it('answers for a phone already subscribed exactly as for a new one, and its code never works', async () => {
    h = await makeApiHarness(engine);
    await createSubscriber(h.app.ctx(), {
      channel: 'sms',
      phone: '+447700900111',
      confirmed: true,
    });
    const form = (phone: string) =>
      postForm(h.server, '/subscribe', { channel: 'sms', phone }, { remoteAddress: ip() });
    const real = await form('+447700900222');
    const taken = await form('+447700900111');
    const norm = (body: string) =>
      body
        .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID')
        .replace(/name="sig" value="[\w-]+"/g, 'SIG')
        .replace(/\+447700900\d{3}/g, 'PHONE');
    expect(taken.statusCode).toBe(real.statusCode);
    expect(norm(taken.body)).toBe(norm(real.body));
    const tries = async (res: typeof real, code: string) => {
      const action = /action="(\/subscriptions\/[^"]+\/verify)"/.exec(res.body)![1];
      const sig = /name="sig" value="([\w-]+)"/.exec(res.body)![1];
      const out: string[] = [];
      for (let i = 0; i <= MAX_CODE_ATTEMPTS; i++) {
        const r = await postForm(h.server, action, { sig, code }, { remoteAddress: ip() });
        out.push(`${r.statusCode} ${norm(r.body)}`);
      }
      return out;
    };
    // wrong codes: the same answers, try by try, including when the code becomes void
    expect(await tries(taken, '000000')).toEqual(await tries(real, '000000'));
  });

  it('expires email and webhook confirmation links after 48 hours, with a clear page', async () => {
    const clock = new TestClock();
    h = await makeApiHarness(engine, { clock });
    const a = (await json({ channel: 'email', email: 'late@example.com' })).json().id;
    const b = (await json({ channel: 'email', email: 'prompt@example.com' })).json().id;
    const w = (await json({ channel: 'webhook', url: 'https://hooks.example.com/x' })).json().id;
    const confirm = (id: string) =>
      h.server.inject({
        url: `/subscriptions/${id}/confirm?sig=${sign(h.app.secretKey, 'confirm', id)}`,
      });
    clock.advanceMinutes(47 * 60);
    expect((await confirm(b)).statusCode).toBe(200);
    clock.advanceMinutes(61);
    for (const id of [a, w]) {
      const late = await confirm(id);
      expect(late.statusCode).toBe(410);
      expect(late.body).toContain('This confirmation link has expired');
      expect(late.body).toContain('href="/subscribe"');
      expect((await getSubscriber(h.app.store.db, id))!.state).toBe('pending');
    }
    // subscribing again sends a fresh link that works
    const again = (await json({ channel: 'email', email: 'late@example.com' })).json().id;
    expect((await confirm(again)).statusCode).toBe(200);
  });

  it('lets the public subscribe a URL on an origin FLARE_ALLOW_ORIGINS allows, and no other private one', async () => {
    h = await makeApiHarness(engine, {
      config: { allowPrivateNetwork: false, allowOrigins: 'http://127.0.0.1:9' },
    });
    const ok = await json({ channel: 'webhook', url: 'http://127.0.0.1:9/hook' });
    expect(ok.statusCode).toBe(202);
    const refused = await json({ channel: 'webhook', url: 'http://127.0.0.1:10/hook' });
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(refused.json().error.fields)).toEqual(['url']);
  });

  it('counts at most 5 tries when 100 wrong SMS codes arrive at once', async () => {
    h = await makeApiHarness(engine);
    const r = await json({ channel: 'sms', phone: '+447700900333' });
    const id = r.json().id;
    const sig = sign(h.app.secretKey, 'confirm', id);
    const code = (await lastCode(id))!;
    const wrong = code === '999999' ? '999998' : '999999';
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        postForm(
          h.server,
          `/subscriptions/${id}/verify`,
          { sig, code: wrong },
          { remoteAddress: ip() },
        ),
      ),
    );
    expect(answers.every((a) => a.statusCode === 400)).toBe(true);
    expect(answers.filter((a) => a.body.includes('is not right')).length).toBe(
      MAX_CODE_ATTEMPTS - 1,
    );
    const row = await h.app.store.db
      .selectFrom('subscribers')
      .select(['confirm_attempts', 'confirm_code_hash'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.confirm_attempts).toBe(MAX_CODE_ATTEMPTS);
    expect(row.confirm_code_hash).toBeNull();
    const late = await postForm(
      h.server,
      `/subscriptions/${id}/verify`,
      { sig, code },
      { remoteAddress: ip() },
    );
    expect(late.body).toContain('subscribe again');
  });
});
