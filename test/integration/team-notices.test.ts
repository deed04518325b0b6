/** Role notices to the team: not subscriptions, and a person who cannot be reached passes the role on. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { buildServer } from '../../src/http/server.js';
import { subscriberLinks } from '../../src/lib/signing.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

describeEachEngine('role notices to the team', (engine) => {
  let app: TestApp;
  let smtp: SmtpReceiver;
  let channels: Channels;
  let worker: Worker;
  const people: Record<string, string> = {};

  const mailTo = (who: string) =>
    smtp.messages.filter((m) => JSON.stringify(m.to).includes(`${who}@`));
  const header = (m: (typeof smtp.messages)[number], key: string) =>
    m.headerLines.find((h) => h.key === key)?.line;
  const timeline = async (id: string) =>
    (
      await app.store.db
        .selectFrom('incident_timeline')
        .select('body')
        .where('incident_id', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute()
    ).map((r) => r.body);
  const holder = async (id: string, role: string) =>
    (
      await app.store.db
        .selectFrom('incident_roles')
        .select('person_id')
        .where('incident_id', '=', id)
        .where('role_key', '=', role)
        .executeTakeFirst()
    )?.person_id;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    smtp = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(app, channels, { flushMs: 5 });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    for (const name of ['alice', 'bob', 'carol', 'dave']) {
      people[name] = (await createPerson(ctx, { name, email: `${name}@acme.test` })).id;
    }
    people.nora = (await createPerson(ctx, { name: 'nora' })).id; // no way to reach her
    await createSubscriber(ctx, {
      channel: 'email',
      email: 'customer@example.com',
      confirmed: true,
    });
  });
  afterAll(async () => {
    await closeChannels(channels);
    await smtp.close();
    await app.cleanup();
  });

  it('sends role notices with no customer footer, manage or unsubscribe links, or List-Unsubscribe', async () => {
    await setRotation(app.ctx(), 'incident_lead', { person_ids: [people.alice] });
    await setRotation(app.ctx(), 'comms_lead', { person_ids: [people.bob] });
    await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'no logins', contact: 'help@acme.test' },
    });
    await worker.drain();
    const [notice] = mailTo('alice');
    expect(notice.subject).toMatch(/you are Incident lead/);
    expect(notice.text).toContain('Acknowledge:');
    for (const body of [notice.text ?? '', String(notice.html)]) {
      expect(body).not.toMatch(/unsubscribe|Manage your subscription|you subscribed/i);
      expect(body).not.toContain('/subscriptions/');
    }
    expect(header(notice, 'list-unsubscribe')).toBeUndefined();
    expect(header(notice, 'list-unsubscribe-post')).toBeUndefined();
    // customers still get theirs
    const [update] = mailTo('customer');
    expect(update.text).toMatch(/Unsubscribe: https:\/\/status\.acme\.test\/subscriptions\//);
    expect(header(update, 'list-unsubscribe')).toMatch(/^List-Unsubscribe: <https:/);
  });

  it('refuses to unsubscribe a team member from being paged, with a clear message', async () => {
    const sub = await app.store.db
      .selectFrom('subscribers')
      .select(['id', 'state'])
      .where('person_id', '=', people.alice)
      .executeTakeFirstOrThrow();
    const l = subscriberLinks(app.secretKey, '', sub.id);
    const server = await buildServer(app);
    try {
      for (const [method, url] of [
        ['POST', l.unsubscribe], // RFC 8058 one-click
        ['GET', l.unsubscribe],
        ['GET', l.manage],
      ] as const) {
        const res = await server.inject({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(409);
        expect(res.body).toContain('cannot be unsubscribed');
      }
    } finally {
      await server.close();
    }
    const after = await app.store.db
      .selectFrom('subscribers')
      .select('state')
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow();
    expect(after.state).toBe('active');
  });

  it('says so in the incident room and passes the role on when a person has no address', async () => {
    await setRotation(app.ctx(), 'comms_lead', { person_ids: [people.nora, people.bob] });
    smtp.messages.length = 0;
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'slow search', contact: 'help@acme.test' },
    });
    expect(await holder(d.incident.id, 'comms_lead')).toBe(people.nora);
    await worker.drain();
    const notes = await timeline(d.incident.id);
    expect(notes).toContain(
      'nora cannot be reached: there is no email address, phone or chat webhook to reach them on.',
    );
    expect(notes).toContain('Comms lead passes to bob (nora cannot be reached).');
    expect(await holder(d.incident.id, 'comms_lead')).toBe(people.bob);
    expect(mailTo('bob').map((m) => m.subject)).toEqual(['[Acme] You are Comms lead: Slow search']);
  });

  it('passes the role on when the notice to a person bounces', async () => {
    smtp.rejectRecipients.add('dave@acme.test');
    await setRotation(app.ctx(), 'incident_lead', { person_ids: [people.dave, people.carol] });
    await setRotation(app.ctx(), 'comms_lead', { person_ids: [people.bob] });
    smtp.messages.length = 0;
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'lost emails', contact: 'help@acme.test' },
    });
    expect(await holder(d.incident.id, 'incident_lead')).toBe(people.dave);
    await worker.drain();
    const notes = await timeline(d.incident.id);
    expect(notes.some((n) => /^dave cannot be reached: their notice bounced \(.*550/.test(n))).toBe(
      true,
    );
    expect(notes).toContain('Incident lead passes to carol (dave cannot be reached).');
    expect(await holder(d.incident.id, 'incident_lead')).toBe(people.carol);
    expect(mailTo('carol').map((m) => m.subject)).toEqual([
      '[Acme] You are Incident lead: Lost emails',
    ]);
  });
});
