/**
 * Inbound sources (issue #11) on real SQLite and PostgreSQL, over real HTTP to a listening
 * server: a Zendesk, Freshdesk, Intercom and Twilio webhook, each signed here by code written
 * from the vendor's documentation (not the product's verifier), becomes an enquiry matched to
 * its account and linked to the open incident; a bad signature is a 401 that stores nothing; an
 * unconfigured source a 404; a vendor's retry stores nothing twice; a processing failure is
 * finished by the scheduler's retry; an unreadable signed payload is kept; secrets are set
 * through the admin API, audited and stored sealed, never shown.
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/actions/createAccount.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createContact } from '../../src/actions/createContact.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { processPendingEnquiries } from '../../src/actions/receiveEnquiry.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { enquiryOut } from '../../src/http/routes/v1/enquiries.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';

const ZENDESK = 'zendesk-signing-secret-0123456789abcdef';
const FRESHDESK = 'freshdesk-shared-secret-0123456789';
const INTERCOM = 'intercom-client-secret-0123456789abcd';
const TWILIO = '0123456789abcdef0123456789abcdef';

// --- the vendors' signatures, from their documentation ---
/** Zendesk: base64(HMACSHA256(TIMESTAMP + BODY)) with the webhook's signing secret. */
const zendeskSignature = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('base64');
/** Intercom: X-Hub-Signature = "sha1=" + hex HMAC-SHA1 of the body with the client secret. */
const intercomSignature = (secret: string, body: string) =>
  `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
/** Twilio: the URL, then each POST parameter sorted alphabetically, name followed by value; HMAC-SHA1, base64. */
function twilioSignature(token: string, url: string, params: Record<string, string>) {
  let data = url;
  for (const name of Object.keys(params).sort()) data += name + params[name];
  return createHmac('sha1', token).update(data).digest('base64');
}

type Res = Omit<Response, 'json'> & { json(): Promise<any> };

describeEachEngine('inbound sources', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let h: ApiHarness;
  let base: string;
  let incident: string;
  let initech: string;
  let globex: string;
  const db = () => h.app.store.db;
  const count = async () =>
    Number(
      (
        await db()
          .selectFrom('enquiries')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const enquiry = async (id: string) =>
    enquiryOut.parse((await h.call('read', 'GET', `/api/v1/enquiries/${id}`)).json);
  /** a real HTTP request; its JSON answer is untyped, as any vendor would see it */
  const post = (path: string, body: string, headers: Record<string, string>): Promise<Res> =>
    fetch(`${base}${path}`, { method: 'POST', body, headers });
  const isoNow = () => new Date(clock.t).toISOString().replace(/\.\d{3}Z$/, 'Z');

  function zendeskPost(payload: unknown, opts: { secret?: string; timestamp?: string } = {}) {
    const body = JSON.stringify(payload);
    const ts = opts.timestamp ?? isoNow();
    return post('/api/v1/inbound/zendesk', body, {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature': zendeskSignature(opts.secret ?? ZENDESK, ts, body),
      'x-zendesk-webhook-signature-timestamp': ts,
    });
  }
  function freshdeskPost(payload: unknown, auth: Record<string, string>) {
    return post('/api/v1/inbound/freshdesk', JSON.stringify(payload), {
      'content-type': 'application/json',
      ...auth,
    });
  }
  function intercomPost(payload: unknown, secret = INTERCOM) {
    const body = JSON.stringify(payload);
    return post('/api/v1/inbound/intercom', body, {
      'content-type': 'application/json',
      'x-hub-signature': intercomSignature(secret, body),
    });
  }
  function twilioPost(params: Record<string, string>, opts: { url?: string; token?: string } = {}) {
    const url = `${base}/api/v1/inbound/twilio`;
    return post('/api/v1/inbound/twilio', new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(opts.token ?? TWILIO, opts.url ?? url, params),
    });
  }

  const ticket = (id: number, comment: string, email = 'peter@initech.test') => ({
    ticket_id: String(id),
    subject: 'Checkout broken',
    comment,
    requester_email: email,
    requester_name: 'Peter Gibbons',
    url: `acme.zendesk.com/agent/tickets/${id}`,
  });

  beforeAll(async () => {
    // Twilio's token comes from the environment (FLARE_SMS_AUTH_TOKEN); the others are set through the API
    h = await makeApiHarness(engine, { clock, config: { inboundSecrets: { twilio: TWILIO } } });
    await h.server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.server.server.address() as AddressInfo).port}`;
    const ctx = h.app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    const api = (await createComponent(ctx, { name: 'Payments API' })).id;
    incident = (
      await createIncident(ctx, {
        name: 'Payments failing',
        body: 'We are investigating failed payments.',
        components: { [api]: 'major_outage' },
        deliver_notifications: false,
      })
    ).id;
    initech = (await createAccount(ctx, { name: 'Initech', tier: 'free', criticality: 'normal' }))
      .id;
    await createContact(ctx, initech, { email: 'peter@initech.test', name: 'Peter' });
    await createContact(ctx, initech, { phone: '+447700900123', name: 'Peter (mobile)' });
    globex = (await createAccount(ctx, { name: 'Globex', tier: 'business', criticality: 'normal' }))
      .id;
    await createContact(ctx, globex, { email: 'hank@globex.test', name: 'Hank' });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('secrets', () => {
    it('lists the sources: only Twilio configured, from the environment', async () => {
      const res = await h.call('admin', 'GET', '/api/v1/inbound');
      expect(res.status, res.body).toBe(200);
      const by = Object.fromEntries(
        res.json.sources.map((s: { name: string }) => [s.name, s]),
      ) as Record<string, { configured: boolean; from: string | null; url: string }>;
      expect(Object.keys(by).sort()).toEqual(['freshdesk', 'intercom', 'twilio', 'zendesk']);
      expect(by.twilio).toMatchObject({ configured: true, from: 'env' });
      expect(by.zendesk).toMatchObject({
        configured: false,
        from: null,
        url: 'https://status.acme.test/api/v1/inbound/zendesk',
      });
      expect(res.body).not.toContain(TWILIO);
      expect((await h.call('read', 'GET', '/api/v1/inbound')).status).toBe(403);
    });

    it('answers an unconfigured source 404 and stores nothing', async () => {
      const before = await count();
      const res = await zendeskPost(ticket(1, 'Payments API down'));
      expect(res.status).toBe(404);
      expect((await res.json()).error.message).toMatch(/FLARE_ZENDESK_WEBHOOK_SECRET/);
      expect(await count()).toBe(before);
    });

    it('sets secrets (admin only, audited, stored sealed, never echoed)', async () => {
      const put = (source: string, secret: string) =>
        h.call('admin', 'PUT', `/api/v1/inbound/${source}`, { secret });
      expect(
        (await h.call('write', 'PUT', '/api/v1/inbound/zendesk', { secret: ZENDESK })).status,
      ).toBe(403);
      const bad = await put('zendesk', 'short');
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields).toHaveProperty('secret');
      expect((await put('nosuch', ZENDESK)).status).toBe(404);
      for (const [source, secret] of [
        ['zendesk', ZENDESK],
        ['freshdesk', FRESHDESK],
        ['intercom', INTERCOM],
      ]) {
        const res = await put(source, secret);
        expect(res.status, res.body).toBe(200);
        expect(res.json).toMatchObject({ name: source, configured: true, from: 'api' });
        expect(res.body).not.toContain(secret);
      }
      const rows = await db().selectFrom('inbound_sources').selectAll().execute();
      expect(rows).toHaveLength(3);
      for (const r of rows) {
        expect(r.secret_sealed).toMatch(/^v1\./);
        for (const s of [ZENDESK, FRESHDESK, INTERCOM]) expect(r.secret_sealed).not.toContain(s);
      }
      const audit = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_type', '=', 'inbound_source')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'inbound_source.secret.set',
        'inbound_source.secret.set',
        'inbound_source.secret.set',
      ]);
      expect(JSON.stringify(audit)).not.toContain(ZENDESK);
    });
  });

  describe('zendesk', () => {
    it('stores a signed ticket, matched to its account and linked to the incident', async () => {
      const res = await zendeskPost(
        ticket(101, '<p>Our checkout fails: the <b>Payments API</b> returns errors.</p>'),
      );
      expect(res.status).toBe(200);
      const got = await res.json();
      expect(got.status).toBe('stored');
      const e = await enquiry(got.id);
      expect(e).toMatchObject({
        channel: 'helpdesk',
        source: 'zendesk',
        account_id: initech,
        incident_id: incident,
        processed: true,
        subject: '#101 Checkout broken',
        text: 'Our checkout fails: the Payments API returns errors.',
      });
      expect(e.contact_id).not.toBeNull();
    });

    it('answers a retry 200 without a second enquiry', async () => {
      const before = await count();
      const payload = ticket(102, 'Payments API still failing');
      const first = await (await zendeskPost(payload)).json();
      clock.advance(30_000);
      const again = await zendeskPost(payload);
      expect(again.status).toBe(200);
      expect((await again.json()) as any).toEqual({ status: 'duplicate', id: first.id });
      expect(await count()).toBe(before + 1);
    });

    it('refuses a bad signature, a wrong secret or a stale timestamp with 401, storing nothing', async () => {
      const before = await count();
      const payload = ticket(103, 'Payments API down');
      expect((await zendeskPost(payload, { secret: 'not-the-secret-at-all' })).status).toBe(401);
      const stale = new Date(clock.t - 6 * 60_000).toISOString();
      const old = await zendeskPost(payload, { timestamp: stale });
      expect(old.status).toBe(401);
      expect((await old.json()).error.message).toMatch(/5 minutes/);
      const body = JSON.stringify(payload);
      const tampered = await post('/api/v1/inbound/zendesk', body.replace('103', '104'), {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': zendeskSignature(ZENDESK, isoNow(), body),
        'x-zendesk-webhook-signature-timestamp': isoNow(),
      });
      expect(tampered.status).toBe(401);
      const unsigned = await post('/api/v1/inbound/zendesk', body, {
        'content-type': 'application/json',
      });
      expect(unsigned.status).toBe(401);
      expect(await count()).toBe(before);
    });

    it('keeps a signed payload it cannot read, naming the field (202), once', async () => {
      const before = await count();
      const { requester_email: _e, requester_name: _n, ...noSender } = ticket(105, 'Help');
      const res = await zendeskPost(noSender);
      expect(res.status).toBe(202);
      const got = await res.json();
      expect(got).toMatchObject({
        status: 'unreadable',
        fields: { requester_email: 'is required' },
      });
      const e = await enquiry(got.id);
      expect(e.text).toContain('requester_email');
      const raw = await db()
        .selectFrom('enquiries')
        .select('raw')
        .where('id', '=', got.id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(raw.raw)).toMatchObject({ ticket_id: '105', comment: 'Help' });
      expect((await (await zendeskPost(noSender)).json()).id).toBe(got.id);
      expect(await count()).toBe(before + 1);
    });
  });

  describe('freshdesk', () => {
    const payload = (id: number, text: string) => ({
      freshdesk_webhook: {
        ticket_id: id,
        ticket_subject: 'Payments',
        ticket_description: `<div>${text}</div>`,
        ticket_contact_email: 'hank@globex.test',
        ticket_contact_name: 'Hank Scorpio',
      },
    });

    it('takes the secret as a custom header or as Basic auth; a wrong one is 401', async () => {
      const before = await count();
      const res = await freshdeskPost(payload(201, 'Payments API errors for us'), {
        'x-flare-webhook-secret': FRESHDESK,
      });
      expect(res.status).toBe(200);
      const got = await res.json();
      expect(await enquiry(got.id)).toMatchObject({
        channel: 'helpdesk',
        source: 'freshdesk',
        from: 'Hank Scorpio <hank@globex.test>',
        account_id: globex,
        incident_id: incident,
        text: 'Payments API errors for us',
      });
      const basic = `Basic ${Buffer.from(`flare:${FRESHDESK}`).toString('base64')}`;
      const viaBasic = await freshdeskPost(payload(202, 'Payments still down'), {
        authorization: basic,
      });
      expect((await viaBasic.json()).status).toBe('stored');
      // a retry of the first ticket
      expect(
        (
          await (
            await freshdeskPost(payload(201, 'Payments API errors for us'), {
              authorization: basic,
            })
          ).json()
        ).status,
      ).toBe('duplicate');
      const wrong = `Basic ${Buffer.from('flare:guess-guess-guess').toString('base64')}`;
      expect((await freshdeskPost(payload(203, 'x'), { authorization: wrong })).status).toBe(401);
      expect((await freshdeskPost(payload(203, 'x'), {})).status).toBe(401);
      expect(
        (await freshdeskPost(payload(203, 'x'), { 'x-flare-webhook-secret': `${FRESHDESK}x` }))
          .status,
      ).toBe(401);
      expect(await count()).toBe(before + 2);
    });

    it('keeps a webhook whose processing fails, and the scheduler retry finishes it', async () => {
      await sql`alter table subscribers rename to subscribers_away`.execute(db());
      let id: string;
      try {
        const res = await freshdeskPost(payload(204, 'Payments API: nothing works'), {
          'x-flare-webhook-secret': FRESHDESK,
        });
        expect(res.status).toBe(200);
        id = (await res.json()).id;
        const e = await enquiry(id);
        expect(e).toMatchObject({ processed: false, attempts: 1, account_id: null });
        expect(e.last_error).toMatch(/subscribers/);
        // the vendor's retry while processing fails stores nothing new
        const again = await freshdeskPost(payload(204, 'Payments API: nothing works'), {
          'x-flare-webhook-secret': FRESHDESK,
        });
        expect((await again.json()) as any).toEqual({ status: 'duplicate', id });
      } finally {
        await sql`alter table subscribers_away rename to subscribers`.execute(db());
      }
      clock.advanceMinutes(2);
      expect(await processPendingEnquiries(h.app.ctx())).toBe(1);
      expect(await enquiry(id)).toMatchObject({
        processed: true,
        account_id: globex,
        incident_id: incident,
        last_error: null,
        text: 'Payments API: nothing works',
      });
    });
  });

  describe('intercom', () => {
    const event = (topic: string, item: Record<string, unknown>) => ({
      type: 'notification_event',
      app_id: 'abc123',
      id: `notif_${Math.random().toString(36).slice(2)}`,
      topic,
      created_at: Math.floor(clock.t / 1000),
      data: { type: 'notification_event_data', item },
    });
    const conversation = {
      type: 'conversation',
      id: '9001',
      created_at: Math.floor(Date.parse('2026-11-20T12:00:00Z') / 1000),
      source: {
        type: 'conversation',
        id: '7001',
        delivered_as: 'customer_initiated',
        subject: '',
        body: '<p>Is the Payments API down? Our payments fail &amp; customers complain.</p>',
        author: { type: 'user', id: 'u1', name: 'Peter', email: 'peter@initech.test' },
      },
      conversation_parts: { type: 'conversation_part.list', conversation_parts: [] },
    };

    it('stores a new conversation and a customer reply; ignores a ping', async () => {
      const before = await count();
      const res = await intercomPost(event('conversation.user.created', conversation));
      expect(res.status).toBe(200);
      const first = await res.json();
      expect(await enquiry(first.id)).toMatchObject({
        channel: 'chat',
        source: 'intercom',
        from: 'Peter <peter@initech.test>',
        text: 'Is the Payments API down? Our payments fail & customers complain.',
        account_id: initech,
        incident_id: incident,
      });
      const replied = {
        ...conversation,
        conversation_parts: {
          type: 'conversation_part.list',
          conversation_parts: [
            {
              type: 'conversation_part',
              id: '8001',
              part_type: 'comment',
              body: '<p>Any news on payments?</p>',
              created_at: Math.floor(clock.t / 1000),
              author: { type: 'user', id: 'u1', name: 'Peter', email: 'peter@initech.test' },
            },
          ],
        },
      };
      const reply = await (await intercomPost(event('conversation.user.replied', replied))).json();
      expect(reply.status).toBe('stored');
      expect((await enquiry(reply.id)).text).toBe('Any news on payments?');
      // Intercom retries the same delivery
      expect(
        (await (await intercomPost(event('conversation.user.replied', replied))).json()).status,
      ).toBe('duplicate');
      const ping = await intercomPost({
        type: 'notification_event',
        topic: 'ping',
        data: { item: {} },
      });
      expect(ping.status).toBe(200);
      expect(await ping.json()).toMatchObject({ status: 'ignored' });
      expect(
        (await intercomPost(event('conversation.user.created', conversation), 'wrong-secret'))
          .status,
      ).toBe(401);
      expect(await count()).toBe(before + 2);
    });
  });

  describe('twilio', () => {
    it('stores an SMS matched by phone, answered with TwiML; a retry and a bad signature store nothing', async () => {
      const before = await count();
      const sms = {
        MessageSid: 'SM0123456789abcdef0123456789abcdef',
        AccountSid: 'AC0123456789abcdef0123456789abcdef',
        From: '+447700900123',
        To: '+15005550006',
        Body: 'Payments API down again?',
        NumMedia: '0',
      };
      const res = await twilioPost(sms);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(await res.text()).toContain('<Response/>');
      const row = await db()
        .selectFrom('enquiries')
        .select('id')
        .where('source', '=', 'twilio')
        .executeTakeFirstOrThrow();
      expect(await enquiry(row.id)).toMatchObject({
        channel: 'sms',
        from: '+447700900123',
        account_id: initech,
        incident_id: incident,
        text: 'Payments API down again?',
      });
      expect((await twilioPost(sms)).status).toBe(200);
      expect((await twilioPost(sms, { token: 'f'.repeat(32) })).status).toBe(401);
      expect(await count()).toBe(before + 1);
    });

    it('takes the URL from the public URL setting too, and logs a call and its voicemail', async () => {
      const before = await count();
      const call = {
        CallSid: 'CA0123456789abcdef0123456789abcdef',
        From: '+447700900123',
        To: '+15005550006',
        CallStatus: 'ringing',
        Direction: 'inbound',
      };
      // signed for the page's public URL (behind a proxy, Twilio calls that one)
      const res = await twilioPost(call, { url: 'https://status.acme.test/api/v1/inbound/twilio' });
      expect(res.status).toBe(200);
      const voicemail = {
        ...call,
        CallStatus: 'completed',
        RecordingSid: 'RE0123456789abcdef0123456789abcdef',
        RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
        TranscriptionSid: 'TR0123456789abcdef0123456789abcdef',
        TranscriptionStatus: 'completed',
        TranscriptionText: 'Hi, payments are failing for us since noon, please call back.',
      };
      expect((await twilioPost(voicemail)).status).toBe(200);
      const rows = await db()
        .selectFrom('enquiries')
        .select(['id', 'subject'])
        .where('source', '=', 'twilio')
        .where('channel', '=', 'phone')
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.subject)).toEqual(['Phone call', 'Voicemail']);
      const log = await enquiry(rows[0].id);
      expect(log.text).toBe('Phone call from +447700900123 to +15005550006: ringing.');
      expect(log.account_id).toBe(initech);
      const vm = await enquiry(rows[1].id);
      expect(vm.text).toContain('payments are failing for us since noon');
      expect(vm.text).toContain('Recording: https://api.twilio.com/');
      expect(vm).toMatchObject({ account_id: initech, incident_id: incident });
      expect(await count()).toBe(before + 2);
    });
  });
  describe('clearing and limits', () => {
    it('clears a secret set through the API: the source is unconfigured again', async () => {
      expect((await h.call('write', 'DELETE', '/api/v1/inbound/intercom')).status).toBe(403);
      expect((await h.call('admin', 'DELETE', '/api/v1/inbound/intercom')).status).toBe(204);
      expect((await h.call('admin', 'DELETE', '/api/v1/inbound/intercom')).status).toBe(404);
      const before = await count();
      const res = await intercomPost({ type: 'notification_event', topic: 'ping', data: {} });
      expect(res.status).toBe(404);
      expect(await count()).toBe(before);
      const audit = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', 'intercom')
        .orderBy('at')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'inbound_source.secret.set',
        'inbound_source.secret.clear',
      ]);
    });

    it('limits posts per client address (429)', async () => {
      const limited = await makeApiHarness(engine, { clock, config: { inboundRateLimit: 2 } });
      try {
        await limited.server.listen({ port: 0, host: '127.0.0.1' });
        const port = (limited.server.server.address() as AddressInfo).port;
        const codes: number[] = [];
        for (let i = 0; i < 3; i++)
          codes.push(
            (
              await fetch(`http://127.0.0.1:${port}/api/v1/inbound/zendesk`, {
                method: 'POST',
                body: '{}',
                headers: { 'content-type': 'application/json' },
              })
            ).status,
          );
        expect(codes).toEqual([404, 404, 429]);
      } finally {
        await limited.close();
      }
    });
  });
});
