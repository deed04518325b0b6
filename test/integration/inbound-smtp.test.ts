/**
 * Inbound email over SMTP (issue #11) on real SQLite and PostgreSQL: Flare's own SMTP client
 * sends to the real listener (smtp-server). A customer's message becomes an enquiry matched to
 * the account and linked to the incident; a reply to Flare's threaded answer links by
 * In-Reply-To; an MTA's retry is one enquiry; automatic mail is taken but never an enquiry;
 * oversize (552), unknown recipients (550), too many recipients (452) and too many connections
 * (421) are refused; a processing failure is retried by the scheduler's job; and a database
 * failure answers 451 so the sender keeps the message.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/actions/createAccount.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createContact } from '../../src/actions/createContact.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { processPendingEnquiries } from '../../src/actions/receiveEnquiry.js';
import { replyEnquiry } from '../../src/actions/replyEnquiry.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { SmtpClient, type SmtpError } from '../../src/channels/smtpClient.js';
import { sendEnquiryReplies } from '../../src/dispatch/enquiryReplies.js';
import { parseAllowList } from '../../src/domain/inboundEmail.js';
import { InboundSmtp } from '../../src/main/inboundSmtp.js';
import { startServer } from '../../src/main/serve.js';
import { getEnquiry } from '../../src/store/queries/enquiries.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { rfc822 } from '../helpers/mail.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

describeEachEngine('inbound email over SMTP', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let app: TestApp;
  let inbound: InboundSmtp;
  let outbox: SmtpReceiver;
  let channels: Channels;
  let payments: string;
  let dashboard: string;
  let initech: string;
  const db = () => app.store.db;

  const client = (port = inbound.port) =>
    SmtpClient.open({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      tls: { rejectUnauthorized: false },
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    });
  /** Sends one message on a new connection; resolves with the refusal's code, or 250. */
  async function send(
    message: string,
    envelope: { from: string; to: string[] } = {
      from: 'peter@initech.test',
      to: ['support@acme.test'],
    },
    port = inbound.port,
  ): Promise<number> {
    const c = await client(port);
    try {
      await c.send(envelope, message);
      return 250;
    } catch (err) {
      const code = (err as SmtpError).responseCode;
      if (!code) throw err;
      return code;
    } finally {
      c.quit();
    }
  }
  const byMessageId = (id: string) =>
    db().selectFrom('enquiries').selectAll().where('message_id', '=', id).execute();
  const count = async () =>
    Number(
      (
        await db()
          .selectFrom('enquiries')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    outbox = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: outbox.url });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme Cloud', url: 'https://status.acme.test' });
    const api = (await createComponent(ctx, { name: 'Payments API' })).id;
    const dash = (await createComponent(ctx, { name: 'Dashboard' })).id;
    payments = (
      await createIncident(ctx, {
        name: 'Payments failing',
        body: 'We are investigating failed payments.',
        components: { [api]: 'major_outage' },
        deliver_notifications: false,
      })
    ).id;
    dashboard = (
      await createIncident(ctx, {
        name: 'Slow dashboard',
        body: 'The dashboard is slow.',
        components: { [dash]: 'degraded_performance' },
        deliver_notifications: false,
      })
    ).id;
    initech = (await createAccount(ctx, { name: 'Initech', tier: 'free', criticality: 'normal' }))
      .id;
    await createContact(ctx, initech, { email: 'Peter@Initech.test', name: 'Peter' });
    inbound = await InboundSmtp.start(app, {
      port: 0,
      host: '127.0.0.1',
      recipients: parseAllowList('support@acme.test, @help.acme.test'),
      maxBytes: 64 * 1024,
      maxRecipients: 3,
      connectionsPerClient: 3,
    });
  });
  afterAll(async () => {
    await inbound?.close();
    await closeChannels(channels);
    await outbox?.close();
    await app?.cleanup();
  });

  it('stores a customer email as an enquiry, matched to its account and linked to the incident', async () => {
    const code = await send(
      rfc822(
        {
          From: 'Peter Gibbons <peter@initech.test>',
          To: 'support@acme.test',
          Subject: 'Checkout broken',
          'Message-ID': '<first-1@initech.test>',
          Date: 'Fri, 20 Nov 2026 11:58:00 +0000',
        },
        'Hi,\nthe Payments API returns errors since 11:50.\nPeter',
      ),
    );
    expect(code).toBe(250);
    const [row] = await byMessageId('<first-1@initech.test>');
    const e = (await getEnquiry(db(), row.id))!;
    expect(e).toMatchObject({
      channel: 'email',
      source: 'smtp',
      from: 'Peter Gibbons <peter@initech.test>',
      subject: 'Checkout broken',
      account_id: initech,
      incident_id: payments,
      processed: true,
      received_at: '2026-11-20T11:58:00.000Z',
    });
    expect(e.contact_id).not.toBeNull();
    expect(e.text).toContain('the Payments API returns errors');
    const raw = JSON.parse(row.raw);
    expect(raw.envelope).toMatchObject({
      mail_from: 'peter@initech.test',
      rcpt_to: ['support@acme.test'],
      tls: false,
    });
    expect(raw.rfc822).toContain('Message-ID: <first-1@initech.test>');
  });

  it('takes a retry of the same message (same Message-ID) as one enquiry', async () => {
    const message = rfc822(
      { From: 'peter@initech.test', Subject: 'Twice', 'Message-ID': '<twice@initech.test>' },
      'Is the dashboard slow for everyone?',
    );
    expect(await send(message)).toBe(250);
    const before = await count();
    expect(await send(message)).toBe(250);
    expect(await count()).toBe(before);
    expect(await byMessageId('<twice@initech.test>')).toHaveLength(1);
  });

  it('links a reply to Flare’s threaded answer to the same incident, by In-Reply-To or References', async () => {
    expect(
      await send(
        rfc822(
          { From: 'peter@initech.test', Subject: 'Slow', 'Message-ID': '<slow-1@initech.test>' },
          'The dashboard takes a minute to load.',
        ),
      ),
    ).toBe(250);
    const [first] = await byMessageId('<slow-1@initech.test>');
    expect(first.incident_id).toBe(dashboard);
    await replyEnquiry(app.ctx(), first.id, { body: 'We are on it; next update in 30 minutes.' });
    expect(await sendEnquiryReplies(app, channels)).toBe(1);
    const sent = await db()
      .selectFrom('enquiry_replies')
      .select('message_id')
      .where('enquiry_id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(outbox.messages.at(-1)?.messageId).toBe(sent.message_id);

    // nothing in the text says which incident: only the thread does
    const answer = rfc822(
      {
        From: 'peter@initech.test',
        Subject: 'Re: Slow',
        'Message-ID': '<slow-2@initech.test>',
        'In-Reply-To': sent.message_id!,
        References: `<slow-1@initech.test> ${sent.message_id}`,
      },
      `Thanks, any news?\n\nOn Fri, 20 Nov 2026, Acme Cloud wrote:\n> We are on it; the Payments API too.`,
    );
    expect(await send(answer)).toBe(250);
    const [reply] = await byMessageId('<slow-2@initech.test>');
    expect(reply).toMatchObject({ incident_id: dashboard, body: 'Thanks, any news?' });
    expect(Number(reply.incident_pinned)).toBe(1);
    expect(JSON.parse(reply.raw).thread).toEqual({
      enquiry_id: first.id,
      message_id: sent.message_id,
      incident_id: dashboard,
    });

    // a mail client that only keeps References to the customer's own first message
    expect(
      await send(
        rfc822(
          {
            From: 'peter@initech.test',
            Subject: 'Re: Slow',
            'Message-ID': '<slow-3@initech.test>',
            References: '<unknown@elsewhere.test> <slow-1@initech.test>',
          },
          'Still waiting.',
        ),
      ),
    ).toBe(250);
    expect((await byMessageId('<slow-3@initech.test>'))[0].incident_id).toBe(dashboard);

    // an unknown thread leaves the linking to the text
    expect(
      await send(
        rfc822(
          {
            From: 'peter@initech.test',
            'Message-ID': '<other-1@initech.test>',
            'In-Reply-To': '<nothing-we-sent@acme.test>',
          },
          'Hello?',
        ),
      ),
    ).toBe(250);
    expect((await byMessageId('<other-1@initech.test>'))[0].incident_id).toBeNull();
  });

  it('takes the text of an HTML-only message', async () => {
    const message = [
      'From: peter@initech.test',
      'Message-ID: <html-1@initech.test>',
      'Subject: HTML',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>p{color:red}</style></head><body><p>Payments <b>fail</b> &amp; checkout is down</p></body></html>',
      '',
    ].join('\r\n');
    expect(await send(message)).toBe(250);
    const [row] = await byMessageId('<html-1@initech.test>');
    expect(row.body).toContain('Payments fail & checkout is down');
    expect(row.body).not.toMatch(/<|color/);
    expect(row.incident_id).toBe(payments);
  });

  it('accepts auto-replies and bounces without making an enquiry of them', async () => {
    const before = await count();
    const auto = (headers: Record<string, string>, id: string) =>
      rfc822(
        { From: 'peter@initech.test', Subject: 'Out of office', 'Message-ID': id, ...headers },
        'I am away until Monday.',
      );
    expect(await send(auto({ 'Auto-Submitted': 'auto-replied' }, '<ooo-1@initech.test>'))).toBe(
      250,
    );
    expect(await send(auto({ Precedence: 'bulk' }, '<ooo-2@initech.test>'))).toBe(250);
    expect(await send(auto({ 'X-Autoreply': 'yes' }, '<ooo-3@initech.test>'))).toBe(250);
    expect(
      await send(auto({}, '<bounce-1@mx.test>'), { from: '', to: ['support@acme.test'] }),
    ).toBe(250);
    expect(await count()).toBe(before);
    // a person's mail with Auto-Submitted: no is taken
    expect(await send(auto({ 'Auto-Submitted': 'no' }, '<ooo-4@initech.test>'))).toBe(250);
    expect(await count()).toBe(before + 1);
  });

  it('refuses oversize messages (552), unknown recipients (550) and too many recipients (452)', async () => {
    const before = await count();
    const big = rfc822(
      { From: 'peter@initech.test', 'Message-ID': '<big@initech.test>' },
      `${'x'.repeat(76)}\n`.repeat(1000),
    );
    expect(await send(big)).toBe(552);
    expect(
      await send(rfc822({ From: 'peter@initech.test' }, 'hi'), {
        from: 'peter@initech.test',
        to: ['sales@acme.test'],
      }),
    ).toBe(550);
    // a whole allowed domain, in any case
    expect(
      await send(rfc822({ From: 'peter@initech.test', 'Message-ID': '<dom@initech.test>' }, 'hi'), {
        from: 'peter@initech.test',
        to: ['Anyone@Help.Acme.test'],
      }),
    ).toBe(250);
    expect(
      await send(rfc822({ From: 'peter@initech.test' }, 'hi'), {
        from: 'peter@initech.test',
        to: ['a@help.acme.test', 'b@help.acme.test', 'c@help.acme.test', 'd@help.acme.test'],
      }),
    ).toBe(452);
    expect(await count()).toBe(before + 1);
  });

  it('offers STARTTLS (smtp-server’s own certificate) for opportunistic encryption', async () => {
    const c = await SmtpClient.open({
      host: '127.0.0.1',
      port: inbound.port,
      secure: false,
      ignoreTLS: false,
      tls: { rejectUnauthorized: false },
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    });
    try {
      await c.send(
        { from: 'peter@initech.test', to: ['support@acme.test'] },
        rfc822({ From: 'peter@initech.test', 'Message-ID': '<tls@initech.test>' }, 'Over TLS'),
      );
    } finally {
      c.quit();
    }
    const [row] = await byMessageId('<tls@initech.test>');
    const raw = JSON.parse(row.raw);
    expect(raw.rfc822).toContain('Over TLS');
    expect(raw.envelope.tls).toBe(true);
  });

  it('refuses more connections from one address than the limit (421)', async () => {
    const open = [await client(), await client(), await client()];
    try {
      await expect(client()).rejects.toMatchObject({ responseCode: 421 });
    } finally {
      for (const c of open) c.quit();
    }
    await new Promise((r) => setTimeout(r, 100));
    (await client()).quit(); // the slots are free again
  });

  it('keeps the message when processing fails, and the scheduler’s retry finishes it', async () => {
    await sql`alter table subscribers rename to subscribers_away`.execute(db());
    try {
      expect(
        await send(
          rfc822(
            { From: 'peter@initech.test', 'Message-ID': '<retry-1@initech.test>' },
            'Payments API: still failing!',
          ),
        ),
      ).toBe(250);
    } finally {
      await sql`alter table subscribers_away rename to subscribers`.execute(db());
    }
    const [row] = await byMessageId('<retry-1@initech.test>');
    expect(row).toMatchObject({ account_id: null, incident_id: null });
    expect(Number(row.processed)).toBe(0);
    expect(row.last_error).toMatch(/subscribers/);
    clock.advanceMinutes(2);
    expect(await processPendingEnquiries(app.ctx())).toBe(1);
    expect(await getEnquiry(db(), row.id)).toMatchObject({
      processed: true,
      account_id: initech,
      incident_id: payments,
      text: 'Payments API: still failing!',
    });
  });

  describe('when the database cannot store the message', () => {
    it('answers 451 so the sender retries, and the retry is stored once', async () => {
      const message = rfc822(
        { From: 'peter@initech.test', 'Message-ID': '<db-down@initech.test>' },
        'Is the dashboard down?',
      );
      await sql`alter table enquiries rename to enquiries_away`.execute(db());
      try {
        expect(await send(message)).toBe(451);
      } finally {
        await sql`alter table enquiries_away rename to enquiries`.execute(db());
      }
      expect(await byMessageId('<db-down@initech.test>')).toHaveLength(0);
      expect(await send(message)).toBe(250);
      expect(await send(message)).toBe(250);
      expect(await byMessageId('<db-down@initech.test>')).toHaveLength(1);
    });
  });

  it('starts with flare serve when configured, and never in a web child', async () => {
    const configured = {
      ...app,
      config: {
        ...app.config,
        inboundSmtp: {
          port: 0,
          host: '127.0.0.1',
          recipients: null,
          maxBytes: 1024 * 1024,
          maxRecipients: 50,
          connectionsPerClient: 10,
        },
      },
    };
    const quiet = { port: 0, host: '127.0.0.1', worker: false, scheduler: false };
    const served = await startServer(configured, quiet);
    const child = await startServer(configured, { ...quiet, inboundSmtp: false });
    const port = Number(new URL(served.inboundSmtpUrl ?? 'smtp://x:1').port);
    try {
      expect(child.inboundSmtpUrl).toBeUndefined();
      expect(served.inboundSmtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      const message = rfc822(
        { From: 'peter@initech.test', 'Message-ID': '<served@initech.test>' },
        'Hello from serve',
      );
      expect(
        await send(message, { from: 'peter@initech.test', to: ['any@where.test'] }, port),
      ).toBe(250);
      expect(await byMessageId('<served@initech.test>')).toHaveLength(1);
    } finally {
      await child.stop();
      await served.stop();
    }
    await expect(client(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
