/**
 * Customer digests, quiet hours and per-account compensation (issue #12), end to end on a real
 * database with a real SMTP server and an injected clock: digests arrive at 08:00 local time in
 * four zones, once each, not on a day with no change, not again after a restart or a race; a
 * SEV3 notice waits out quiet hours while a SEV1 goes through; each account's contacts read only
 * their own compensation line.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccount } from '../../src/actions/createAccount.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createContact } from '../../src/actions/createContact.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { postTemplateUpdate } from '../../src/actions/postTemplateUpdate.js';
import { sendDigests } from '../../src/actions/sendDigests.js';
import { setSubscriberPreferences } from '../../src/actions/setSubscriberPreferences.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { upsertSeverity } from '../../src/actions/upsertSeverity.js';
import { type App, openApp } from '../../src/app.js';
import { Worker } from '../../src/dispatch/worker.js';
import { Scheduler } from '../../src/schedule/scheduler.js';
import { getSeverity } from '../../src/store/queries/team.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

const to = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));
const vars = { issue: 'failed logins', contact: 'help@acme.test' };

/** A second app (a restarted process, or another instance) on the same database. */
async function sameDatabase(app: TestApp, clock: TestClock): Promise<App> {
  return openApp({
    clock,
    logger: app.logger,
    config: { ...app.config },
    ...(app.engine === 'postgres' ? { store: { schema: app.store.schema } } : {}),
  });
}

describeEachEngine('customer digests at 08:00 local time', (engine) => {
  let app: TestApp;
  let clock: TestClock;
  let smtp: SmtpReceiver;
  let channels: Channels;
  let worker: Worker;
  let scheduler: Scheduler;
  let incidentId = '';
  const ids: Record<string, string> = {};

  /** Runs the scheduler once at `iso`, sends what it queued, and returns who got a digest. */
  async function digestsAt(iso: string, on: App = app): Promise<string[]> {
    clock.set(iso);
    const before = smtp.messages.length;
    const s = on === app ? scheduler : new Scheduler(on, 60_000);
    await s.tick();
    if (s !== scheduler) await s.stop();
    await worker.drain();
    return smtp.messages
      .slice(before)
      .filter((m) => m.subject?.includes('Daily summary'))
      .flatMap(to)
      .filter((a): a is string => Boolean(a))
      .sort();
  }
  const mailTo = (address: string) => smtp.messages.filter((m) => to(m).includes(address));

  beforeAll(async () => {
    clock = new TestClock(Date.parse('2026-12-02T18:00:00Z'));
    app = await makeTestApp(engine, { clock });
    smtp = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(app, channels);
    scheduler = new Scheduler(app, 60_000);
    const ctx = app.ctx();
    // the page's zone is the last fallback: New York
    await updatePage(ctx, {
      name: 'Acme',
      url: 'https://status.acme.test',
      time_zone: 'America/New_York',
    });
    const api = await createComponent(ctx, { name: 'API' });
    const tokyo = await createAccount(ctx, {
      name: 'Tokyo KK',
      tier: 'business',
      time_zone: 'Asia/Tokyo',
      components: [api.id],
    });
    const paris = await createAccount(ctx, {
      name: 'Paris SA',
      tier: 'business',
      components: [api.id],
    });
    // a contact without a zone of its own: its account's (Tokyo)
    ids.tokyo = (await createContact(ctx, tokyo.id, { email: 'ops@tokyo.example' })).contact.id;
    // a contact with its own zone on an account without one
    ids.paris = (
      await createContact(ctx, paris.id, { email: 'ops@paris.example', time_zone: 'Europe/Paris' })
    ).contact.id;
    // a subscriber who chose the digest, in Los Angeles
    const la = await createSubscriber(ctx, {
      channel: 'email',
      email: 'la@example.com',
      confirmed: true,
      time_zone: 'America/Los_Angeles',
    });
    ids.la = la.subscriber.id;
    await setSubscriberPreferences(ctx, la.subscriber.id, { digest: true });
    // a plain subscriber with no zone: the page's (New York)
    ids.ny = (
      await createSubscriber(ctx, { channel: 'email', email: 'ny@example.com', confirmed: true })
    ).subscriber.id;
    const d = await declareIncident(ctx, {
      severity: 'SEV2',
      template: 'investigating',
      vars,
      components: { [api.id]: 'major_outage' },
    });
    incidentId = d.incident.id;
    await worker.drain();
  });
  afterAll(async () => {
    await scheduler.stop();
    await closeChannels(channels);
    await smtp.close();
    await app.cleanup();
  });

  it('sends the per-update email to everyone but the digest chooser (below SEV1)', () => {
    expect(mailTo('ny@example.com')).toHaveLength(1);
    expect(mailTo('ops@tokyo.example')).toHaveLength(1);
    expect(mailTo('la@example.com')).toHaveLength(0);
  });

  it('sends each contact its digest at 08:00 in its own zone, once, with what changed', async () => {
    clock.set('2026-12-02T21:00:00Z');
    await postTemplateUpdate(app.ctx(), incidentId, { template: 'identified', vars });
    await worker.drain();
    // 07:59 in Tokyo: nothing yet
    expect(await digestsAt('2026-12-02T22:59:00Z')).toEqual([]);
    // 08:00 in Tokyo (the incident has been open five hours: everyone it reaches is told)
    expect(await digestsAt('2026-12-02T23:00:00Z')).toEqual(['ops@tokyo.example']);
    const tokyo = mailTo('ops@tokyo.example').at(-1)!;
    expect(tokyo.subject).toBe('[Acme] Daily summary: 1 open incident');
    expect(tokyo.text).toMatch(/Identified/);
    expect(tokyo.text).toMatch(/Next update by/);
    expect(tokyo.text).toMatch(/GMT\+9/);
    // the same morning again: not twice
    expect(await digestsAt('2026-12-02T23:30:00Z')).toEqual([]);
    // 08:00 in Paris, then in New York (the page's zone), then in Los Angeles
    expect(await digestsAt('2026-12-03T06:59:00Z')).toEqual([]);
    expect(await digestsAt('2026-12-03T07:00:00Z')).toEqual(['ops@paris.example']);
    expect(mailTo('ops@paris.example').at(-1)!.text).toMatch(/CET|GMT\+1/);
    expect(await digestsAt('2026-12-03T13:00:00Z')).toEqual(['ny@example.com']);
    expect(await digestsAt('2026-12-03T16:00:00Z')).toEqual(['la@example.com']);
    const la = mailTo('la@example.com');
    expect(la).toHaveLength(1);
    expect(la[0].text).toMatch(/Investigating/);
  });

  it('does not send again after a restart, nor twice when two instances race', async () => {
    const again = await sameDatabase(app, clock);
    try {
      expect(await digestsAt('2026-12-03T16:30:00Z', again)).toEqual([]);
    } finally {
      await again.close();
    }
    // a new update, then two instances at Tokyo's next 08:00 at once: one digest
    clock.set('2026-12-03T20:00:00Z');
    await postTemplateUpdate(app.ctx(), incidentId, {
      template: 'monitoring',
      vars: { ...vars, fix: 'a rollback' },
    });
    await worker.drain();
    clock.set('2026-12-03T23:00:00Z');
    // PostgreSQL: two instances; SQLite runs one process (a second one in this process would
    // wait on the file lock while blocking the first), so two overlapping runs of that process
    const other = engine === 'postgres' ? await sameDatabase(app, clock) : app;
    try {
      const system = { id: 'system', scope: 'admin' as const };
      const [a, b] = await Promise.all([
        sendDigests(app.ctx(system)),
        sendDigests(other.ctx(system)),
      ]);
      expect([...a.sent, ...b.sent]).toEqual([ids.tokyo]);
    } finally {
      if (other !== app) await other.close();
    }
    const rows = await app.store.db
      .selectFrom('digest_sends')
      .selectAll()
      .where('subscriber_id', '=', ids.tokyo)
      .execute();
    expect(rows.map((r) => r.day).sort()).toEqual(['2026-12-03', '2026-12-04']);
  });

  it('sends nothing on a day with no change', async () => {
    await worker.drain();
    // Paris, New York and Los Angeles hear of the monitoring update on 4 December
    expect(await digestsAt('2026-12-04T07:00:00Z')).toEqual(['ops@paris.example']);
    expect(await digestsAt('2026-12-04T13:00:00Z')).toEqual(['ny@example.com']);
    expect(await digestsAt('2026-12-04T16:00:00Z')).toEqual(['la@example.com']);
    expect(mailTo('la@example.com').at(-1)!.text).toMatch(/Monitoring/);
    expect(mailTo('la@example.com').at(-1)!.text).not.toMatch(/Investigating/);
    // nothing changed since: 5 December sends nobody anything, in any zone
    for (const iso of [
      '2026-12-04T23:00:00Z',
      '2026-12-05T07:00:00Z',
      '2026-12-05T13:00:00Z',
      '2026-12-05T16:00:00Z',
    ])
      expect(await digestsAt(iso)).toEqual([]);
  });
});

describeEachEngine('quiet hours and compensation lines', (engine) => {
  let app: TestApp;
  let clock: TestClock;
  let smtp: SmtpReceiver;
  let channels: Channels;
  let worker: Worker;
  let compId = '';
  const mailTo = (address: string) =>
    smtp.messages.filter((m) => to(m).includes(address) && !m.subject?.includes('Daily'));

  beforeAll(async () => {
    clock = new TestClock(Date.parse('2026-12-05T21:30:00Z'));
    app = await makeTestApp(engine, { clock });
    smtp = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(app, channels);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    compId = (await createComponent(ctx, { name: 'Exports' })).id;
    // SEV3 tells the public by email too, in this plan
    const sev3 = (await getSeverity(app.store.db, 'SEV3'))!;
    await upsertSeverity(ctx, 'SEV3', {
      name: sev3.name,
      description: sev3.description,
      settings: {
        ...sev3.settings,
        audiences: { ...sev3.settings.audiences, public: ['status_page', 'email'] },
      },
    });
    const q = await createSubscriber(ctx, {
      channel: 'email',
      email: 'night@example.com',
      confirmed: true,
      time_zone: 'Europe/Paris',
      components: [compId],
    });
    await setSubscriberPreferences(ctx, q.subscriber.id, { quiet_hours: '22:00-07:00' });
    // one who chose the digest: no SEV3 email, but SEV1 at once
    const d = await createSubscriber(ctx, {
      channel: 'email',
      email: 'digest@example.com',
      confirmed: true,
      components: [compId],
    });
    await setSubscriberPreferences(ctx, d.subscriber.id, { digest: true });
  });
  afterAll(async () => {
    await closeChannels(channels);
    await smtp.close();
    await app.cleanup();
  });

  it('holds a SEV3 notice through quiet hours and delivers it when they end; SEV1 goes at once', async () => {
    // 22:30 in Paris
    await declareIncident(app.ctx(), {
      severity: 'SEV3',
      template: 'investigating',
      vars: { issue: 'slow exports', contact: 'help@acme.test' },
      components: { [compId]: 'degraded_performance' },
    });
    await worker.drain();
    expect(mailTo('night@example.com')).toHaveLength(0);
    const held = await app.store.db
      .selectFrom('deliveries')
      .select(['state', 'next_attempt_at', 'attempts'])
      .where('channel', '=', 'email')
      .execute();
    // 07:00 in Paris is 06:00 UTC
    expect(held).toEqual([
      { state: 'queued', next_attempt_at: '2026-12-06T06:00:00.000Z', attempts: 0 },
    ]);
    await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'no exports at all', contact: 'help@acme.test' },
      components: { [compId]: 'major_outage' },
    });
    await worker.drain();
    expect(mailTo('night@example.com').map((m) => m.subject)).toEqual([
      expect.stringMatching(/no exports at all/i),
    ]);
    expect(mailTo('digest@example.com').map((m) => m.subject)).toEqual([
      expect.stringMatching(/no exports at all/i),
    ]);
    // still held at 06:59 UTC-1 … then a new worker (a restart) sends it as quiet hours end
    clock.set('2026-12-06T05:59:00Z');
    await worker.drain();
    expect(mailTo('night@example.com')).toHaveLength(1);
    clock.set('2026-12-06T06:00:00Z');
    const restarted = new Worker(app, channels);
    await restarted.drain();
    const got = mailTo('night@example.com');
    expect(got).toHaveLength(2);
    expect(got[1].subject).toMatch(/slow exports/i);
    // the digest chooser never got the SEV3 email: its digest tells of it
    expect(mailTo('digest@example.com')).toHaveLength(1);
  });

  it("gives each account's contacts their own compensation line in the resolution, and the downtime", async () => {
    const ctx = app.ctx();
    clock.set('2026-12-07T10:00:00Z');
    const gold = await createAccount(ctx, {
      name: 'Gold',
      tier: 'enterprise',
      components: [compId],
    });
    const tin = await createAccount(ctx, { name: 'Tin', tier: 'free', components: [compId] });
    await createContact(ctx, gold.id, { email: 'it@gold.example' });
    await createContact(ctx, tin.id, { email: 'it@tin.example' });
    const d = await declareIncident(ctx, {
      severity: 'SEV2',
      template: 'investigating',
      vars: { issue: 'export failures', contact: 'help@acme.test' },
      components: { [compId]: 'major_outage' },
    });
    await worker.drain();
    // a line for an account that does not exist is refused, naming the field
    await expect(
      postTemplateUpdate(ctx, d.incident.id, {
        template: 'resolved',
        vars: { issue: 'export failures', contact: 'help@acme.test' },
        compensation: { nope: 'x' },
      }),
    ).rejects.toMatchObject({
      fields: { compensation: expect.stringMatching(/unknown accounts/) },
    });
    clock.set('2026-12-07T12:15:00Z');
    const goldLine = 'Your account is eligible for a 10% service credit.';
    const tinLine = 'As a goodwill gesture, your next month is on us.';
    const r = await postTemplateUpdate(ctx, d.incident.id, {
      template: 'resolved',
      vars: { issue: 'export failures', contact: 'help@acme.test' },
      compensation: { [gold.id]: goldLine, [tin.id]: tinLine },
    });
    await worker.drain();
    const last = (a: string) => mailTo(a).at(-1)!;
    expect(last('it@gold.example').text).toContain(goldLine);
    expect(last('it@gold.example').text).not.toContain(tinLine);
    expect(last('it@gold.example').html).toContain(goldLine);
    expect(last('it@tin.example').text).toContain(tinLine);
    expect(last('it@tin.example').text).not.toContain(goldLine);
    // a plain subscriber and the public page see neither figure
    const plain = last('night@example.com');
    expect(plain.subject).toMatch(/resolved/i);
    expect(plain.text).not.toMatch(/service credit|goodwill/);
    const body = r.incident!.updates[0].body;
    expect(body).not.toMatch(/service credit|goodwill/);
    // the outage lasted 2 h 15 min on the component: the `downtime` variable says so
    const u = await app.store.db
      .selectFrom('incident_updates')
      .select('template_vars')
      .where('incident_id', '=', d.incident.id)
      .where('status', '=', 'resolved')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(u.template_vars!).downtime).toBe('2 hours 15 minutes');
  });
});
