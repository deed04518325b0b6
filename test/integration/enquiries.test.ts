/**
 * Enquiries (issue #11) on real SQLite and PostgreSQL: the generic intake stores, matches,
 * links and scores; a processing failure keeps the raw row and the scheduler's retry finishes
 * it; a key account escalates to its manager and the comms lead; a spike prompts the comms lead
 * once; an email reply reaches a real SMTP server threaded to the enquiry; the stats buckets;
 * and validation errors that name the field.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/actions/createAccount.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createContact } from '../../src/actions/createContact.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { promptOnEnquiries } from '../../src/actions/promptOnEnquiries.js';
import { processPendingEnquiries } from '../../src/actions/receiveEnquiry.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { sendEnquiryReplies } from '../../src/dispatch/enquiryReplies.js';
import { enquiryOut, enquiryStatsOut } from '../../src/http/routes/v1/enquiries.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

describeEachEngine('enquiries', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let h: ApiHarness;
  let smtp: SmtpReceiver;
  let channels: Channels;
  let incident: string;
  let other: string;
  let acme: string;
  let globex: string;
  let maya: string;
  let lead: string;
  const post = (body: unknown) => h.call('write', 'POST', '/api/v1/enquiries', body);
  const db = () => h.app.store.db;
  const notices = async () =>
    (
      await db()
        .selectFrom('notifications')
        .select(['kind', 'payload'])
        .where('kind', '=', 'team.notice')
        .orderBy('created_at')
        .execute()
    ).map(
      (n) =>
        JSON.parse(n.payload) as { person_ids: string[]; data: { subject: string; text: string } },
    );

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    smtp = await startSmtp();
    channels = testChannels(h.app, { FLARE_SMTP_URL: smtp.url });
    const ctx = h.app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    const api = (await createComponent(ctx, { name: 'Payments API' })).id;
    const dash = (await createComponent(ctx, { name: 'Dashboard' })).id;
    maya = (await createPerson(ctx, { name: 'Maya', email: 'maya@flare.test', time_zone: 'UTC' }))
      .id;
    lead = (await createPerson(ctx, { name: 'Lea', email: 'lea@flare.test', time_zone: 'UTC' })).id;
    await setRotation(ctx, 'comms_lead', { person_ids: [lead] });
    incident = (
      await createIncident(ctx, {
        name: 'Payments failing',
        body: 'We are investigating failed payments.',
        components: { [api]: 'major_outage' },
        deliver_notifications: false,
      })
    ).id;
    other = (
      await createIncident(ctx, {
        name: 'Slow dashboard',
        body: 'The dashboard is slow.',
        components: { [dash]: 'degraded_performance' },
        deliver_notifications: false,
      })
    ).id;
    acme = (await createAccount(ctx, { name: 'Initech', tier: 'free', criticality: 'normal' })).id;
    await createContact(ctx, acme, { email: 'Peter@Initech.test', name: 'Peter' });
    globex = (
      await createAccount(ctx, {
        name: 'Globex',
        tier: 'enterprise',
        criticality: 'critical',
        account_manager_id: maya,
      })
    ).id;
    await createContact(ctx, globex, { email: 'hank@globex.test', name: 'Hank' });
  });
  afterAll(async () => {
    await closeChannels(channels);
    await smtp?.close();
    await h?.close();
  });

  it('stores, matches the contact, links the incident by component name and scores sentiment', async () => {
    const res = await post({
      channel: 'email',
      from: 'Peter <peter@initech.test>',
      subject: 'Payments API down?',
      text: 'Our checkout is broken since 11:50, the Payments API returns errors. This is terrible.',
      message_id: '<q1@initech.test>',
    });
    expect(res.status, res.body).toBe(201);
    const e = enquiryOut.parse(res.json);
    expect(e).toMatchObject({
      channel: 'email',
      account_id: acme,
      incident_id: incident,
      processed: true,
      status: 'new',
      key_account: false,
      negative: true,
    });
    expect(e.contact_id).not.toBeNull();
    expect(e.sentiment).toBeLessThan(0);
    const raw = await db()
      .selectFrom('enquiries')
      .select('raw')
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(raw.raw)).toMatchObject({ from: 'Peter <peter@initech.test>' });
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', e.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['enquiry.process', 'enquiry.receive']);
  });

  it('matches by email domain, links by keywords, and leaves an ambiguous text unlinked', async () => {
    const byDomain = enquiryOut.parse(
      (
        await post({
          channel: 'web',
          from: 'someone@initech.test',
          text: 'The dashboard is slow today',
        })
      ).json,
    );
    expect(byDomain).toMatchObject({ account_id: acme, contact_id: null, incident_id: other });
    const none = enquiryOut.parse(
      (await post({ channel: 'sms', from: '+44 7700 900123', text: 'Hello, is something wrong?' }))
        .json,
    );
    expect(none).toMatchObject({ account_id: null, incident_id: null });
  });

  it('escalates a key account to its manager and the comms lead', async () => {
    const before = (await notices()).length;
    const e = enquiryOut.parse(
      (
        await post({
          channel: 'phone',
          from: 'hank@globex.test',
          text: 'We need an update on payments now.',
        })
      ).json,
    );
    expect(e).toMatchObject({
      account_id: globex,
      key_account: true,
      status: 'escalated',
      escalation: 'key_account',
    });
    const sent = (await notices()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].person_ids.sort()).toEqual([maya, lead].sort());
    expect(sent[0].data.subject).toContain('Globex');
  });

  it("follows the plan's enquiry settings: key-account escalation can be turned off", async () => {
    const set = (value: unknown) =>
      h.call('admin', 'PUT', '/api/v1/plan/settings/enquiry_escalate_key_accounts', { value });
    expect((await set('sometimes')).status).toBe(400);
    expect((await set(false)).status).toBe(200);
    try {
      await new Promise((r) => setTimeout(r, 1_100)); // the rules are read at most once a second
      const before = (await notices()).length;
      const e = enquiryOut.parse(
        (await post({ channel: 'phone', from: 'hank@globex.test', text: 'Any news?' })).json,
      );
      expect(e).toMatchObject({ key_account: true, status: 'new', escalation: null });
      expect((await notices()).length).toBe(before);
    } finally {
      expect((await set(null)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_100));
    }
  });

  it('keeps the raw row when processing fails, and the scheduler retry finishes it', async () => {
    await sql`alter table subscribers rename to subscribers_away`.execute(db());
    let id: string;
    try {
      const res = await post({
        channel: 'email',
        from: 'peter@initech.test',
        text: 'Payments API: still failing!',
      });
      expect(res.status, res.body).toBe(201);
      const e = enquiryOut.parse(res.json);
      expect(e).toMatchObject({
        processed: false,
        attempts: 1,
        incident_id: null,
        sentiment: null,
      });
      expect(e.last_error).toMatch(/subscribers/);
      id = e.id;
      clock.advanceMinutes(5);
      expect(await processPendingEnquiries(h.app.ctx())).toBe(0); // still failing
    } finally {
      await sql`alter table subscribers_away rename to subscribers`.execute(db());
    }
    clock.advanceMinutes(1);
    expect(await processPendingEnquiries(h.app.ctx())).toBe(0); // not due yet (backoff)
    clock.advanceMinutes(10);
    expect(await processPendingEnquiries(h.app.ctx())).toBe(1);
    const got = enquiryOut.parse((await h.call('read', 'GET', `/api/v1/enquiries/${id}`)).json);
    expect(got).toMatchObject({
      processed: true,
      account_id: acme,
      incident_id: incident,
      last_error: null,
    });
    expect(got.text).toBe('Payments API: still failing!');
  });

  it('stores concurrent intakes in shared transactions, where one bad enquiry fails alone', async () => {
    const before = await db()
      .selectFrom('enquiries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const audits = async () =>
      Number(
        (
          await db()
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'enquiry.receive')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const auditsBefore = await audits();
    const sent = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        post({
          channel: 'email',
          from: 'peter@initech.test',
          text: `Payments API question ${i}`,
          ...(i === 7 ? { incident_id: 'inc_missing' } : {}),
        }),
      ),
    );
    expect(sent.map((r) => r.status)).toEqual(sent.map((_, i) => (i === 7 ? 400 : 201)));
    expect(JSON.stringify(sent[7].json)).toContain('incident_id');
    for (const r of sent.filter((_, i) => i !== 7))
      expect(enquiryOut.parse(r.json)).toMatchObject({ processed: true, incident_id: incident });
    const after = await db()
      .selectFrom('enquiries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(29);
    expect((await audits()) - auditsBefore).toBe(29);
  });

  it('sends an email reply threaded to the enquiry and records the first response', async () => {
    const e = enquiryOut.parse(
      (
        await post({
          channel: 'email',
          from: 'Peter <peter@initech.test>',
          subject: 'Refund?',
          text: 'Will we get an SLA credit for the payments outage?',
          message_id: '<ask-42@initech.test>',
        })
      ).json,
    );
    expect(e.flags).toEqual(['churn']);
    clock.advanceMinutes(3);
    const res = await h.call('write', 'POST', `/api/v1/enquiries/${e.id}/reply`, {
      body: 'Yes: credits are applied automatically to your next invoice.',
    });
    expect(res.status, res.body).toBe(201);
    expect(res.json.reply.state).toBe('pending');
    expect(res.json.enquiry).toMatchObject({ status: 'answered', first_response_seconds: 180 });
    expect(await sendEnquiryReplies(h.app, channels)).toBe(1);
    const mail = smtp.messages.at(-1)!;
    expect(mail.inReplyTo).toBe('<ask-42@initech.test>');
    expect(mail.references).toContain('<ask-42@initech.test>');
    expect(mail.subject).toBe('Re: Refund?');
    expect(mail.text).toContain('credits are applied');
    expect(smtp.recipients.at(-1)).toEqual(['peter@initech.test']);
    const got = (await h.call('read', 'GET', `/api/v1/enquiries/${e.id}`)).json;
    expect(got.replies[0]).toMatchObject({ state: 'sent', in_reply_to: '<ask-42@initech.test>' });
    expect(await sendEnquiryReplies(h.app, channels)).toBe(0); // sent once
  });

  it('records a reply on a channel Flare cannot send on as answered by hand', async () => {
    const e = enquiryOut.parse(
      (await post({ channel: 'phone', from: '+15550100', text: 'Call me back' })).json,
    );
    const res = await h.call('write', 'POST', `/api/v1/enquiries/${e.id}/reply`, {
      body: 'Called back.',
    });
    expect(res.status, res.body).toBe(201);
    expect(res.json.reply.state).toBe('manual');
    expect(res.json.enquiry.status).toBe('answered');
  });

  it('relinks, changes status, and lists by filter with keyset pages', async () => {
    const e = enquiryOut.parse(
      (await post({ channel: 'chat', from: 'x@y.test', text: 'hello' })).json,
    );
    const patched = await h.call('write', 'PATCH', `/api/v1/enquiries/${e.id}`, {
      incident_id: other,
      status: 'closed',
    });
    expect(patched.status, patched.body).toBe(200);
    expect(patched.json).toMatchObject({ incident_id: other, status: 'closed' });
    const page1 = (await h.call('read', 'GET', '/api/v1/enquiries?limit=2')).json;
    expect(page1.enquiries).toHaveLength(2);
    const page2 = (
      await h.call('read', 'GET', `/api/v1/enquiries?limit=2&before=${page1.next_before}`)
    ).json;
    expect(page2.enquiries[0].id < page1.enquiries[1].id).toBe(true);
    const closed = (
      await h.call('read', 'GET', `/api/v1/enquiries?status=closed&incident_id=${other}`)
    ).json;
    expect(closed.enquiries.map((x: { id: string }) => x.id)).toEqual([e.id]);
    const phones = (await h.call('read', 'GET', '/api/v1/enquiries?channel=phone')).json;
    expect(phones.enquiries.every((x: { channel: string }) => x.channel === 'phone')).toBe(true);
  });

  it('names the field in validation errors', async () => {
    const bad = await post({ channel: 'pigeon', text: '', received_at: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual([
      'channel',
      'from',
      'received_at',
      'text',
    ]);
    const unknown = await post({
      channel: 'email',
      from: 'a@b.test',
      text: 'x',
      incident_id: 'nope',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields.incident_id).toMatch(/not a known incident/);
    const patch = await h.call('write', 'PATCH', '/api/v1/enquiries/none', { status: 'done' });
    expect(patch.status).toBe(400);
    expect(patch.json.error.fields.status).toMatch(/one of/);
    const reply = await h.call('write', 'POST', '/api/v1/enquiries/none/reply', {});
    expect(reply.status).toBe(400);
    expect(reply.json.error.fields.body).toBeTruthy();
    expect(
      (await h.call('write', 'POST', '/api/v1/enquiries/none/reply', { body: 'x' })).status,
    ).toBe(404);
    expect((await h.call('read', 'POST', '/api/v1/enquiries', { channel: 'email' })).status).toBe(
      403,
    );
  });

  describe('reaction stats', () => {
    it('counts per 5-minute bucket with the mean sentiment, and prompts the comms lead once on a spike', async () => {
      clock.set('2026-11-20T15:00:00Z');
      const fresh = (
        await createIncident(h.app.ctx(), {
          name: 'Login outage',
          body: 'Logins fail.',
          deliver_notifications: false,
        })
      ).id;
      const at = (m: number) =>
        new Date(Date.parse('2026-11-20T15:00:00Z') + m * 60_000).toISOString();
      const send = (m: number, text: string, channel = 'email') =>
        post({ channel, from: 'z@z.test', text, received_at: at(m), incident_id: fresh });
      await send(1, 'I love it, great work'); // bucket 15:00, positive
      await send(2, 'This is awful', 'sms'); // bucket 15:00, negative
      await send(12, 'what is the status'); // bucket 15:10, neutral; 15:05 empty
      const before = (await notices()).length;
      clock.set(at(20));
      for (let i = 0; i < 6; i++) await send(20, `login broken ${i}`, 'social');
      expect(await promptOnEnquiries(h.app.ctx())).toBe(2); // the spike and the negative run
      clock.advanceMinutes(1);
      await send(21, 'login still broken', 'social');
      expect(await promptOnEnquiries(h.app.ctx())).toBe(0); // once per spike
      const prompts = (await notices())
        .slice(before)
        .filter((n) => n.data.subject.includes('spiking'));
      expect(prompts).toHaveLength(1);
      expect(prompts[0].person_ids).toEqual([lead]);
      expect(prompts[0].data.text).toContain('A draft');
      const runs = (await notices())
        .slice(before)
        .filter((n) => n.data.subject.includes('are negative'));
      expect(runs).toHaveLength(1); // the run of negative enquiries, once
      const s = enquiryStatsOut.parse(
        (await h.call('read', 'GET', `/api/v1/incidents/${fresh}/enquiries/stats`)).json,
      );
      expect(s.total).toBe(10);
      expect(s.by_channel).toEqual({ email: 2, sms: 1, social: 7 });
      expect(s.buckets.map((b) => [b.start, b.count])).toEqual([
        ['2026-11-20T15:00:00.000Z', 2],
        ['2026-11-20T15:05:00.000Z', 0],
        ['2026-11-20T15:10:00.000Z', 1],
        ['2026-11-20T15:15:00.000Z', 0],
        ['2026-11-20T15:20:00.000Z', 7],
      ]);
      expect(s.buckets[1].mean_sentiment).toBeNull();
      expect(s.buckets[2].mean_sentiment).toBe(0);
      expect(s.negative).toBe(8); // 'broken' and 'awful' are negative words
      expect(s.themes[0]).toMatchObject({ theme: 'login broken', count: 7 }); // 'still' is a common word
      expect((await h.call('read', 'GET', '/api/v1/incidents/nope/enquiries/stats')).status).toBe(
        404,
      );
    });
  });
});
