import type { ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { smsSegments } from '../../src/domain/sms.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import {
  type HttpReceiver,
  type ReceivedRequest,
  startHttpReceiver,
} from '../helpers/receivers.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'tok_secret';
const BAD_NUMBER = '+15005550001';

/** Answers like Twilio's Messages API: 201 {sid, status}, or 400 {code: 21211} for a bad number. */
function twilio(rx: HttpReceiver, prefix: string): void {
  let n = 0;
  rx.respond = (req: ReceivedRequest, res: ServerResponse) => {
    const form = new URLSearchParams(req.body);
    res.setHeader('content-type', 'application/json');
    if (form.get('To') === BAD_NUMBER) {
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          code: 21211,
          message: "The 'To' number is not a valid phone number.",
          status: 400,
        }),
      );
      return;
    }
    res.statusCode = 201;
    res.end(JSON.stringify({ sid: `${prefix}${String(++n).padStart(30, '0')}`, status: 'queued' }));
  };
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const LONG_BODY =
  'We’re seeing elevated error rates on the public API in the EU region. Our engineers have identified a faulty “cache” deployment – we are rolling it back now — and expect recovery within the hour. Thanks for your patience…';

describeEachEngine('Slack, Teams and SMS payloads', (engine) => {
  let app: TestApp;
  let slack: HttpReceiver;
  let teams: HttpReceiver;
  let sms: HttpReceiver;
  let channels: Channels;
  let incidentId = '';
  let smsSubscriber = '';
  let smsIncidentId = '';
  beforeAll(async () => {
    app = await makeTestApp(engine);
    [slack, teams, sms] = await Promise.all([
      startHttpReceiver(),
      startHttpReceiver(),
      startHttpReceiver(),
    ]);
    twilio(sms, 'SM');
    channels = testChannels(app, {
      FLARE_SMS_URL: sms.url,
      FLARE_SMS_ACCOUNT_SID: SID,
      FLARE_SMS_AUTH_TOKEN: TOKEN,
      FLARE_SMS_FROM: '+15005550006, +15005550007',
    });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme & Co', url: 'https://status.acme.test' });
    const api = await createComponent(ctx, { name: 'API' });
    const web = await createComponent(ctx, { name: 'Web' });
    await createSubscriber(ctx, { channel: 'slack', url: `${slack.url}/services/T1/B2/x` });
    await createSubscriber(ctx, { channel: 'teams', url: `${teams.url}/webhookb2/abc` });
    smsSubscriber = (
      await createSubscriber(ctx, {
        channel: 'sms',
        phone: '+447700900123',
        confirmed: true,
        components: [web.id],
      })
    ).subscriber.id;
    const inc = await createIncident(ctx, {
      name: '<script>alert(1)</script> & API errors',
      status: 'identified',
      body: `**Rollback** in progress, see [the runbook](https://example.com/r?a=1&b=2). ${LONG_BODY}`,
      components: { [api.id]: 'major_outage' },
      next_update_in_minutes: 30,
    });
    incidentId = inc.id;
    smsIncidentId = (
      await createIncident(ctx, {
        name: 'Login failures',
        status: 'identified',
        body: LONG_BODY,
        components: { [web.id]: 'partial_outage' },
      })
    ).id;
    await new Worker(app, channels).drain();
  });
  afterAll(async () => {
    await closeChannels(channels);
    await Promise.all([slack.close(), teams.close(), sms.close()]);
    await app.cleanup();
  });

  it('posts Block Kit to Slack, with the user text escaped and Markdown turned into mrkdwn', () => {
    // one message per incident; this test looks at the first one's
    expect(slack.requests).toHaveLength(2);
    const req = slack.requests.find((r) => r.body.includes('alert(1)'))!;
    expect(req.url).toBe('/services/T1/B2/x');
    expect(req.headers['content-type']).toBe('application/json');
    const msg = JSON.parse(req.body);
    // no raw markup from the user in any mrkdwn text
    expect(JSON.stringify([msg.text, msg.blocks.slice(1)])).not.toContain('<script>');
    expect(msg.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; API errors');
    expect(msg.text).toContain('Acme &amp; Co');
    const types = msg.blocks.map((b: { type: string }) => b.type);
    expect(types).toEqual(['header', 'section', 'context', 'actions']);
    // plain_text is shown as written, so the header is not escaped (readers would see "&lt;")
    expect(msg.blocks[0].text).toEqual({
      type: 'plain_text',
      text: '<script>alert(1)</script> & API errors',
    });
    const section = msg.blocks[1].text;
    expect(section.type).toBe('mrkdwn');
    expect(section.text).toMatch(/^\*Identified\*\n\*Rollback\* in progress/);
    expect(section.text).toContain('<https://example.com/r?a=1&amp;b=2|the runbook>');
    expect(msg.blocks[2].elements[0].text).toMatch(
      /^Affected: API \(major outage\) · Next update by \d\d:\d\d UTC$/,
    );
    const button = msg.blocks[3].elements[0];
    expect(button.type).toBe('button');
    expect(button.url).toMatch(new RegExp(`^https://status\\.acme\\.test/incidents/${incidentId}`));
  });

  it('posts an Adaptive Card to Teams', () => {
    expect(teams.requests).toHaveLength(2);
    const msg = JSON.parse(teams.requests.find((r) => r.body.includes('alert(1)'))!.body);
    expect(msg.type).toBe('message');
    expect(msg.attachments).toHaveLength(1);
    const att = msg.attachments[0];
    expect(att.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(att.content.type).toBe('AdaptiveCard');
    expect(att.content.version).toBe('1.4');
    const blocks = att.content.body as Array<Record<string, any>>;
    expect(
      blocks.some(
        (b) => b.type === 'TextBlock' && b.text === '<script>alert(1)</script> & API errors',
      ),
    ).toBe(true);
    const facts = blocks.find((b) => b.type === 'FactSet')!.facts as Array<{
      title: string;
      value: string;
    }>;
    expect(facts.map((f) => f.title)).toEqual(['Status', 'Impact', 'Affected', 'Next update']);
    expect(facts[0].value).toBe('Identified');
    expect(facts[2].value).toBe('API (major outage)');
    expect(facts[3].value).toMatch(/^by \d\d:\d\d UTC$/);
    expect(att.content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'View incident', url: expect.stringContaining(incidentId) },
    ]);
  });

  it('sends SMS form-encoded with basic auth, in one GSM-7 segment, keeping the link', async () => {
    expect(sms.requests).toHaveLength(1);
    const req = sms.requests[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers.authorization).toBe(
      `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`,
    );
    const form = new URLSearchParams(req.body);
    expect(form.get('To')).toBe('+447700900123');
    expect(['+15005550006', '+15005550007']).toContain(form.get('From'));
    const body = form.get('Body')!;
    expect(smsSegments(body)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(body).toMatch(
      /^Acme & Co: Login failures - Identified\. We're seeing elevated error rates/,
    );
    expect(body).toMatch(/\.\.\. https:/);
    expect(body).toMatch(
      new RegExp(`https://status\\.acme\\.test/incidents/${smsIncidentId}\\S*$`),
    );
    const d = await app.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('subscriber_id', '=', smsSubscriber)
      .executeTakeFirstOrThrow();
    expect(d).toMatchObject({ state: 'sent', provider: 'sms-primary' });
    expect(d.provider_message_id).toMatch(/^SM0+1$/);
  });

  it('gives each recipient the same sender every time', async () => {
    const ctx = app.ctx();
    await postUpdate(ctx, 'incident', smsIncidentId, { status: 'monitoring', body: 'Recovering.' });
    await new Worker(app, channels).drain();
    expect(sms.requests).toHaveLength(2);
    const from = sms.requests.map((r) => new URLSearchParams(r.body).get('From'));
    expect(from[1]).toBe(from[0]);
  });
});

describe.each(['500', 'down'] as const)('SMS failover when the primary is %s', (mode) => {
  describeEachEngine('', (engine) => {
    let app: TestApp;
    let primary: HttpReceiver;
    let fallback: HttpReceiver;
    let channels: Channels;
    beforeAll(async () => {
      app = await makeTestApp(engine);
      [primary, fallback] = await Promise.all([startHttpReceiver(), startHttpReceiver()]);
      primary.respond = (_req, res) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 20500, message: 'Internal Server Error' }));
      };
      twilio(fallback, 'FB');
      const primaryUrl = mode === '500' ? primary.url : `http://127.0.0.1:${await closedPort()}`;
      channels = testChannels(app, {
        FLARE_SMS_URL: primaryUrl,
        FLARE_SMS_ACCOUNT_SID: SID,
        FLARE_SMS_AUTH_TOKEN: TOKEN,
        FLARE_SMS_FALLBACK_URL: fallback.url,
        FLARE_SMS_FROM: '+15005550006',
        FLARE_SMS_RATE: '50',
      });
    });
    afterAll(async () => {
      await closeChannels(channels);
      await Promise.all([primary.close(), fallback.close()]);
      await app.cleanup();
    });

    it('moves SMS to the fallback provider, with the primary credentials, and loses none', async () => {
      const ctx = app.ctx();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(
          (
            await createSubscriber(ctx, {
              channel: 'sms',
              phone: `+4477009001${i}0`,
              confirmed: true,
            })
          ).subscriber.id,
        );
      await createIncident(ctx, {
        name: 'SMS gateway test',
        status: 'investigating',
        body: 'Looking.',
      });
      await new Worker(app, channels).drain();
      const to = fallback.requests.map((r) => new URLSearchParams(r.body).get('To')).sort();
      expect(to).toEqual([
        '+447700900100',
        '+447700900110',
        '+447700900120',
        '+447700900130',
        '+447700900140',
      ]);
      expect(fallback.requests[0].url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
      if (mode === '500') expect(primary.requests.length).toBeGreaterThanOrEqual(1);
      else expect(primary.requests).toHaveLength(0);
      const rows = await app.store.db
        .selectFrom('deliveries')
        .select(['state', 'provider', 'provider_message_id'])
        .where('subscriber_id', 'in', ids)
        .execute();
      expect(rows).toHaveLength(5);
      for (const r of rows) {
        expect(r).toMatchObject({ state: 'sent', provider: 'sms-fallback' });
        expect(r.provider_message_id).toMatch(/^FB\d+$/);
      }
    });

    it('dead-letters an invalid number and marks the subscriber undeliverable', async () => {
      const ctx = app.ctx();
      const { subscriber } = await createSubscriber(ctx, {
        channel: 'sms',
        phone: BAD_NUMBER,
        confirmed: true,
      });
      await createIncident(ctx, { name: 'Second', status: 'investigating', body: 'Again.' });
      await new Worker(app, channels).drain();
      const d = await app.store.db
        .selectFrom('deliveries')
        .selectAll()
        .where('subscriber_id', '=', subscriber.id)
        .executeTakeFirstOrThrow();
      expect(d.state).toBe('dead');
      expect(d.attempts).toBe(1);
      expect(d.last_error).toContain('21211');
      const s = await app.store.db
        .selectFrom('subscribers')
        .select(['state', 'disabled_reason'])
        .where('id', '=', subscriber.id)
        .executeTakeFirstOrThrow();
      expect(s.state).toBe('undeliverable');
      expect(s.disabled_reason).toContain('21211');
    });
  });
});

describeEachEngine('a Slack or Teams webhook that is gone', (engine) => {
  let app: TestApp;
  let rx: HttpReceiver;
  let channels: Channels;
  beforeAll(async () => {
    app = await makeTestApp(engine);
    rx = await startHttpReceiver();
    rx.respond = (req, res) => {
      if (req.url === '/slack-gone') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no_service');
      } else if (req.url === '/slack-archived') {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end('channel_is_archived');
      } else {
        res.writeHead(410);
        res.end('gone');
      }
    };
    channels = testChannels(app, {});
  });
  afterAll(async () => {
    await closeChannels(channels);
    await rx.close();
    await app.cleanup();
  });

  it('is dead-lettered at once and its subscriber marked undeliverable', async () => {
    const ctx = app.ctx();
    const ids = [];
    for (const [channel, path] of [
      ['slack', '/slack-gone'],
      ['slack', '/slack-archived'],
      ['teams', '/teams-gone'],
    ] as const)
      ids.push((await createSubscriber(ctx, { channel, url: `${rx.url}${path}` })).subscriber.id);
    await createIncident(ctx, { name: 'Gone', status: 'investigating', body: 'Hello?' });
    await new Worker(app, channels).drain();
    expect(rx.requests).toHaveLength(3);
    const rows = await app.store.db
      .selectFrom('deliveries')
      .select(['state', 'attempts'])
      .where('subscriber_id', 'in', ids)
      .execute();
    expect(rows).toEqual([
      { state: 'dead', attempts: 1 },
      { state: 'dead', attempts: 1 },
      { state: 'dead', attempts: 1 },
    ]);
    const states = await app.store.db
      .selectFrom('subscribers')
      .select('state')
      .where('id', 'in', ids)
      .execute();
    expect(states.map((s) => s.state)).toEqual(['undeliverable', 'undeliverable', 'undeliverable']);
  });
});
