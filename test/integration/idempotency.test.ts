/** Idempotency-Key on the creating POSTs: a repeat gets the first answer and nothing is sent twice. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

describeEachEngine('Idempotency-Key on creating requests', (engine) => {
  let h: ApiHarness;
  let smtp: SmtpReceiver;
  let channels: Channels;
  let worker: Worker;
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));

  const count = async (table: 'incidents' | 'incident_updates' | 'subscribers') =>
    Number(
      (
        await h.app.store.db
          .selectFrom(table)
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** the same request twice with one key: both answers, after the worker ran */
  const twice = async (url: string, body: unknown, key: string) => {
    const first = await h.call('write', 'POST', url, body, { 'idempotency-key': key });
    await worker.drain();
    const again = await h.call('write', 'POST', url, body, { 'idempotency-key': key });
    await worker.drain();
    return { first, again };
  };

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    smtp = await startSmtp();
    channels = testChannels(h.app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(h.app, channels, { flushMs: 5 });
    await updatePage(h.app.ctx(), { name: 'Acme', url: 'https://status.acme.test' });
    const sub = await h.call('write', 'POST', '/api/v1/subscribers', {
      channel: 'email',
      email: 'customer@example.com',
      confirmed: true,
    });
    expect(sub.status).toBe(201);
  });
  afterAll(async () => {
    await closeChannels(channels);
    await smtp.close();
    await h.close();
  });

  it('creates an incident once: the repeat gets the same status and body, and one email goes out', async () => {
    const before = await count('incidents');
    const body = { name: 'Slow API', status: 'investigating', body: 'Looking.' };
    const { first, again } = await twice('/api/v1/incidents', body, 'inc-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count('incidents')).toBe(before + 1);
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[Acme] Slow API: Investigating']);

    // the same key with another body is refused, naming the header
    const other = await h.call(
      'write',
      'POST',
      '/api/v1/incidents',
      { ...body, name: 'Other' },
      { 'idempotency-key': 'inc-1' },
    );
    expect(other.status).toBe(409);
    expect(other.json.error.fields).toHaveProperty('Idempotency-Key');
    expect(other.json.error.message).toMatch(/Idempotency-Key/);
    expect(await count('incidents')).toBe(before + 1);

    // keys belong to their token: another client's same key is its own request
    const { secret } = await createToken(h.app.ctx(), { name: 'other-bot', scope: 'write' });
    const theirs = await h.call({ secret }, 'POST', '/api/v1/incidents', body, {
      'idempotency-key': 'inc-1',
    });
    expect(theirs.status).toBe(201);
    expect(theirs.json.id).not.toBe(first.json.id);

    // a malformed key is a 400 naming the header
    const bad = await h.call('write', 'POST', '/api/v1/incidents', body, {
      'idempotency-key': 'x'.repeat(300),
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('Idempotency-Key');
  });

  it('declares, posts updates and template updates once per key', async () => {
    const incidents = await count('incidents');
    const vars = { issue: 'slow search', contact: 'help@acme.test' };
    const d = await twice(
      '/api/v1/incidents/declare',
      { severity: 'SEV1', template: 'investigating', vars },
      'declare-1',
    );
    expect(d.first.status, d.first.body).toBe(201);
    expect(d.again.status).toBe(201);
    expect(d.again.body).toBe(d.first.body);
    expect(await count('incidents')).toBe(incidents + 1);
    const id = d.first.json.incident.id;

    const updates = await count('incident_updates');
    const u = await twice(
      `/api/v1/incidents/${id}/updates`,
      { status: 'identified', body: 'Found it.' },
      'update-1',
    );
    // free text on a SEV1 waits for approval: the 202 is what a repeat gets, and one approval
    expect(u.first.status, u.first.body).toBe(202);
    expect(u.again.status).toBe(202);
    expect(u.again.body).toBe(u.first.body);
    const approvals = await h.app.store.db
      .selectFrom('approvals')
      .select('id')
      .where('incident_id', '=', id)
      .where('request', 'like', '{"kind":"post_update"%')
      .execute();
    expect(approvals).toHaveLength(1);
    const t = await twice(
      `/api/v1/incidents/${id}/updates/from-template`,
      { template: 'monitoring', vars: { ...vars, fix: 'a restart' } },
      'update-2',
    );
    expect(t.first.status, t.first.body).toBe(201);
    expect(t.again.body).toBe(t.first.body);
    expect(await count('incident_updates')).toBe(updates + 1);
    const customer = smtp.messages.filter((m) => JSON.stringify(m.to).includes('customer@'));
    const subjects = customer.map((m) => m.subject).filter((s) => s?.includes('Slow search'));
    expect(subjects).toEqual([
      '[Acme] Slow search: Investigating',
      '[Acme] Slow search: Monitoring',
    ]);
  });

  it('adds a subscriber once, over the admin API and the public subscribe endpoint', async () => {
    const subscribers = await count('subscribers');
    const a = await twice(
      '/api/v1/subscribers',
      { channel: 'email', email: 'ops@example.com', confirmed: true },
      'sub-1',
    );
    expect(a.first.status).toBe(201);
    expect(a.again.status).toBe(201); // without the key the repeat would be a 409 conflict
    expect(a.again.body).toBe(a.first.body);

    smtp.messages.length = 0;
    const body = { channel: 'email', email: 'new@example.com' };
    const first = await h.call(null, 'POST', '/api/subscribe', body, { 'idempotency-key': 'p-1' });
    await worker.drain();
    const again = await h.call(null, 'POST', '/api/subscribe', body, { 'idempotency-key': 'p-1' });
    await worker.drain();
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count('subscribers')).toBe(subscribers + 2);
    expect(smtp.messages.filter((m) => JSON.stringify(m.to).includes('new@'))).toHaveLength(1);
  });

  it('forgets a key after 24 hours', async () => {
    const body = { name: 'Queue backlog', status: 'investigating', body: 'Looking.' };
    const first = await h.call('write', 'POST', '/api/v1/incidents', body, {
      'idempotency-key': 'day-1',
    });
    clock.advanceMinutes(24 * 60 + 1);
    const later = await h.call('write', 'POST', '/api/v1/incidents', body, {
      'idempotency-key': 'day-1',
    });
    expect(later.status).toBe(201);
    expect(later.json.id).not.toBe(first.json.id);
  });
});
