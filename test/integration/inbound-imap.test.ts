/**
 * Polling a support mailbox (issue #11) on real SQLite and PostgreSQL against a real IMAP server
 * (hoodiecrow-imap on 127.0.0.1): an unread customer message becomes an enquiry and is marked
 * \Seen; read messages are left alone; automatic mail is marked read without an enquiry; a rerun
 * and a second copy of the same message store nothing new; a message that cannot be stored stays
 * unread until it can; and the scheduler's job polls only once per interval.
 */
import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';
import { ImapFlow } from 'imapflow';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccount } from '../../src/actions/createAccount.js';
import { createContact } from '../../src/actions/createContact.js';
import type { ImapSettings } from '../../src/lib/inboundConfig.js';
import { pollMailbox, pollMailboxWhenDue } from '../../src/schedule/mailbox.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { rfc822 } from '../helpers/mail.js';

interface Hoodiecrow {
  server: Server;
  listen(port: number, host: string, cb: () => void): void;
  close(cb: () => void): void;
}
const hoodiecrow = createRequire(import.meta.url)('hoodiecrow-imap') as (o: object) => Hoodiecrow;

const customer = rfc822(
  {
    From: 'Peter <peter@initech.test>',
    To: 'support@acme.test',
    Subject: 'Invoices',
    'Message-ID': '<imap-1@initech.test>',
    Date: 'Fri, 20 Nov 2026 11:00:00 +0000',
  },
  'Our invoices page shows an error.',
);

describeEachEngine('inbound email from a polled mailbox', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let app: TestApp;
  let imap: Hoodiecrow;
  let settings: ImapSettings;
  let initech: string;
  const db = () => app.store.db;

  /** The mailbox as a person's mail client sees it: unread UIDs, and appending a message. */
  async function mailbox<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: settings.port,
      secure: false,
      auth: { user: 'testuser', pass: 'testpass' },
      logger: false,
      disableAutoIdle: true,
    });
    await c.connect();
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        return await fn(c);
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
  }
  const unseen = () => mailbox(async (c) => (await c.search({ seen: false }, { uid: true })) || []);
  const append = (raw: string) => mailbox((c) => c.append('INBOX', raw, []));
  const enquiries = () =>
    db()
      .selectFrom('enquiries')
      .select(['id', 'message_id', 'source', 'sender', 'subject', 'body', 'account_id', 'raw'])
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    initech = (await createAccount(app.ctx(), { name: 'Initech', tier: 'free' })).id;
    await createContact(app.ctx(), initech, { email: 'peter@initech.test', name: 'Peter' });
    imap = hoodiecrow({
      plugins: ['ID', 'ENABLE', 'UNSELECT', 'IDLE'],
      storage: {
        INBOX: {
          messages: [
            { raw: customer, flags: [] },
            {
              raw: rfc822({ From: 'old@initech.test', 'Message-ID': '<old@x>' }, 'read already'),
              flags: ['\\Seen'],
            },
            {
              raw: rfc822(
                {
                  From: 'peter@initech.test',
                  'Auto-Submitted': 'auto-replied',
                  'Message-ID': '<ooo@initech.test>',
                },
                'Out of office',
              ),
              flags: [],
            },
          ],
        },
      },
    });
    await new Promise<void>((resolve) => imap.listen(0, '127.0.0.1', resolve));
    settings = {
      host: '127.0.0.1',
      port: (imap.server.address() as AddressInfo).port,
      secure: false,
      ignoreTLS: true,
      rejectUnauthorized: true,
      user: 'testuser',
      pass: 'testpass',
      mailbox: 'INBOX',
      pollMs: 60_000,
      maxBytes: 64 * 1024,
    };
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (imap ? imap.close(() => resolve()) : resolve()));
    await app?.cleanup();
  });

  it('makes an enquiry of each unread message and marks it seen; a rerun adds nothing', async () => {
    expect(await unseen()).toEqual([1, 3]);
    expect(await pollMailbox(app, settings)).toEqual({
      stored: 1,
      duplicate: 0,
      skipped: 1,
      tooBig: 0,
      failed: 0,
      more: false,
    });
    expect(await unseen()).toEqual([]);
    const rows = await enquiries();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      message_id: '<imap-1@initech.test>',
      source: 'imap',
      sender: 'Peter <peter@initech.test>',
      subject: 'Invoices',
      body: 'Our invoices page shows an error.',
      account_id: initech,
    });
    expect(JSON.parse(rows[0].raw)).toMatchObject({
      transport: 'imap',
      envelope: { mailbox: 'INBOX' },
    });
    expect((await pollMailbox(app, settings)).stored).toBe(0);
    expect(await enquiries()).toHaveLength(1);
  });

  it('marks a second copy of a stored message seen without a second enquiry', async () => {
    await append(customer);
    expect(await unseen()).toHaveLength(1);
    expect(await pollMailbox(app, settings)).toMatchObject({ stored: 0, duplicate: 1 });
    expect(await unseen()).toEqual([]);
    expect(await enquiries()).toHaveLength(1);
  });

  it('leaves a message unread while it cannot be stored, and takes it at the next poll', async () => {
    await append(
      rfc822({ From: 'peter@initech.test', 'Message-ID': '<imap-2@initech.test>' }, 'Hello?'),
    );
    await sql`alter table enquiries rename to enquiries_away`.execute(db());
    try {
      expect(await pollMailbox(app, settings)).toMatchObject({ stored: 0, failed: 1 });
    } finally {
      await sql`alter table enquiries_away rename to enquiries`.execute(db());
    }
    expect(await unseen()).toHaveLength(1);
    expect(await pollMailbox(app, settings)).toMatchObject({ stored: 1, failed: 0 });
    expect(await unseen()).toEqual([]);
    expect((await enquiries()).map((e) => e.message_id)).toContain('<imap-2@initech.test>');
  });

  it('marks a message over the size limit read, without an enquiry', async () => {
    await append(
      rfc822(
        { From: 'peter@initech.test', 'Message-ID': '<huge@initech.test>' },
        'x'.repeat(70_000),
      ),
    );
    expect(await pollMailbox(app, settings)).toMatchObject({ stored: 0, tooBig: 1 });
    expect(await unseen()).toEqual([]);
    expect((await enquiries()).map((e) => e.message_id)).not.toContain('<huge@initech.test>');
  });

  it('polls from the scheduler’s job once per interval, when a mailbox is configured', async () => {
    const polled = await makeTestApp(engine, { clock, config: { imap: settings } });
    try {
      await append(
        rfc822({ From: 'peter@initech.test', 'Message-ID': '<imap-3@initech.test>' }, 'Hi'),
      );
      expect(await pollMailboxWhenDue(polled)).toMatchObject({ stored: 1 });
      await append(
        rfc822({ From: 'peter@initech.test', 'Message-ID': '<imap-4@initech.test>' }, 'Hi again'),
      );
      clock.advance(30_000);
      expect(await pollMailboxWhenDue(polled)).toBeNull(); // not yet
      clock.advance(30_000);
      expect(await pollMailboxWhenDue(polled)).toMatchObject({ stored: 1 });
      expect(await pollMailboxWhenDue(app)).toBeNull(); // no mailbox configured
    } finally {
      await polled.cleanup();
    }
  });

  it('takes a backlog in batches, the next one at the next tick', async () => {
    const polled = await makeTestApp(engine, {
      clock,
      config: { imap: { ...settings, batch: 2 } },
    });
    try {
      for (const n of [5, 6, 7])
        await append(
          rfc822({ From: 'peter@initech.test', 'Message-ID': `<imap-${n}@initech.test>` }, 'Hi'),
        );
      expect(await pollMailboxWhenDue(polled)).toMatchObject({ stored: 2, more: true });
      expect(await unseen()).toHaveLength(1);
      expect(await pollMailboxWhenDue(polled)).toMatchObject({ stored: 1, more: false });
      expect(await unseen()).toEqual([]);
      expect(await pollMailboxWhenDue(polled)).toBeNull(); // back to the interval
    } finally {
      await polled.cleanup();
    }
  });
});
