/**
 * Two schedulers, each in its own App with its own connections, on one PostgreSQL schema: they
 * tick at the same moments, again and again, and an update due in 4 minutes brings exactly one
 * reminder — one notification, one email at a real SMTP server. When the leader stops, the
 * other takes over, and the overdue escalation also happens once.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { runCadence } from '../../src/actions/runCadence.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type App, openApp } from '../../src/app.js';
import { createChannels } from '../../src/channels/catalog.js';
import { Worker } from '../../src/dispatch/worker.js';
import { Scheduler } from '../../src/schedule/scheduler.js';
import { makeTestApp, PG_URL, type TestApp, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

if (!PG_URL) console.log('[flare tests] pg-scheduler: no PostgreSQL server found: skipped.');

describe.skipIf(!PG_URL)('two schedulers on one PostgreSQL schema [postgres]', () => {
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let a: TestApp;
  let b: App;
  let one: Scheduler;
  let two: Scheduler;
  let smtp: SmtpReceiver;
  let worker: Worker;
  let channels: Channels;
  let incidentId = '';

  const notices = async (id: string, subject: string) =>
    (
      await a.store.db
        .selectFrom('notifications')
        .select('payload')
        .where('kind', '=', 'team.notice')
        .where('payload', 'like', `%"incident_ref":"${id}"%`)
        .execute()
    ).filter((n) => JSON.parse(n.payload).data.subject.startsWith(subject));
  const logged = (id: string, kind: string) =>
    a.store.db
      .selectFrom('cadence_log')
      .selectAll()
      .where('incident_id', '=', id)
      .where('kind', '=', kind)
      .execute();
  const mails = (subject: string) =>
    smtp.messages.filter((m) => (m.subject ?? '').includes(subject)).map((m) => m.subject);

  /** Both schedulers tick at the same moment, `times` times over. */
  async function tickTogether(times: number) {
    for (let i = 0; i < times; i++) await Promise.all([one.tick(), two.tick()]);
  }

  beforeAll(async () => {
    a = await makeTestApp('postgres', { clock });
    b = await openApp({
      clock,
      logger: pino({ level: 'silent' }),
      store: { schema: a.store.schema },
      config: { databaseUrl: PG_URL!, port: 0, allowPrivateNetwork: true },
    });
    smtp = await startSmtp();
    channels = createChannels({
      config: a.config,
      logger: a.logger,
      clock,
      env: { FLARE_SMTP_URL: smtp.url },
    });
    worker = new Worker(a, channels, { flushMs: 5 });
    const ctx = a.ctx();
    await updatePage(ctx, {
      name: 'Acme',
      url: 'https://status.acme.test',
      support_email: 'help@acme.test',
    });
    const ana = await createPerson(ctx, { name: 'Ana', email: 'ana@acme.test' });
    const bob = await createPerson(ctx, { name: 'Bob', email: 'bob@acme.test' });
    await setRotation(ctx, 'incident_lead', { person_ids: [ana.id] });
    await setRotation(ctx, 'comms_lead', { person_ids: [bob.id] });
    one = new Scheduler(a, 3_600_000);
    two = new Scheduler(b, 3_600_000);
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await closeChannels(channels);
    await smtp?.close();
    await b?.close();
    await a?.cleanup();
  });

  it('sends one reminder, not two, when both tick at once, again and again', async () => {
    const d = await declareIncident(a.ctx(), {
      severity: 'SEV1',
      vars: { issue: 'slow checkouts', contact: 'help@acme.test' },
      next_update_in_minutes: 4,
    });
    incidentId = d.incident.id;
    expect(d.incident.next_update_at).toBe('2026-11-20T12:04:00.000Z');
    await tickTogether(10);
    expect([one.isLeader, two.isLeader].filter(Boolean)).toHaveLength(1);
    expect(await logged(incidentId, 'reminder')).toHaveLength(1);
    expect(await notices(incidentId, 'Update due')).toHaveLength(1);
    await worker.drain();
    expect(mails('Update due')).toEqual(['[Acme] Update due: Slow checkouts']);
    expect(
      smtp.recipients[smtp.messages.findIndex((m) => m.subject?.includes('Update due'))],
    ).toEqual(['bob@acme.test']);
  });

  it('lets the other take over when the leader stops, and escalates an overdue update once', async () => {
    const leader = one.isLeader ? one : two;
    const other = leader === one ? two : one;
    await leader.stop();
    clock.advanceMinutes(6); // 12:06: the 12:04 promise is broken
    await tickTogether(10);
    expect(other.isLeader).toBe(true);
    expect(await logged(incidentId, 'overdue')).toHaveLength(1);
    expect(await logged(incidentId, 'reminder')).toHaveLength(1);
    await worker.drain();
    expect(mails('OVERDUE')).toEqual(['[Acme] OVERDUE: Update due: Slow checkouts']);
    expect(mails('Update due: Slow checkouts')).toHaveLength(2);
  });

  it('acts once even when the cadence job itself races, with no lock in the way', async () => {
    const d = await declareIncident(a.ctx(), {
      severity: 'SEV2',
      vars: { issue: 'late invoices', contact: 'help@acme.test' },
      next_update_in_minutes: 3,
    });
    for (let i = 0; i < 5; i++) await Promise.all([runCadence(a.ctx()), runCadence(b.ctx())]);
    expect(await logged(d.incident.id, 'reminder')).toHaveLength(1);
    expect(await notices(d.incident.id, 'Update due')).toHaveLength(1);
  });
});
