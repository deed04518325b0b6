/** The pure rules of inbound email (issue #11) and its settings from the environment. */
import { describe, expect, it } from 'vitest';
import {
  automaticReason,
  parseAllowList,
  recipientAllowed,
  sentAt,
  threadIds,
  withoutQuote,
} from '../../src/domain/inboundEmail.js';
import { imapFromEnv, inboundSmtpFromEnv } from '../../src/lib/inboundConfig.js';

const headers =
  (h: Record<string, string>) =>
  (name: string): string | undefined =>
    h[name];

describe('inbound email rules', () => {
  it('takes any recipient without a list, else exact addresses and whole domains', () => {
    expect(recipientAllowed(null, 'x@y.test')).toBe(true);
    const list = parseAllowList(' Support@Acme.test, @help.acme.test  acme.io ');
    expect(recipientAllowed(list, 'support@acme.test')).toBe(true);
    expect(recipientAllowed(list, 'sales@acme.test')).toBe(false);
    expect(recipientAllowed(list, 'Anyone@HELP.acme.test')).toBe(true);
    expect(recipientAllowed(list, 'a@acme.io')).toBe(true);
    expect(recipientAllowed(list, 'a@sub.acme.io')).toBe(false);
    expect(parseAllowList('  ')).toBeNull();
  });

  it('knows automatic mail from a person’s', () => {
    const person = automaticReason(headers({}), 'peter@initech.test', 'peter@initech.test');
    expect(person).toBeNull();
    expect(automaticReason(headers({}), '', 'peter@initech.test')).toMatch(/bounce/);
    expect(
      automaticReason(headers({ 'auto-submitted': 'auto-replied' }), 'a@b.test', null),
    ).toMatch(/Auto-Submitted/);
    expect(automaticReason(headers({ 'auto-submitted': 'No' }), 'a@b.test', null)).toBeNull();
    expect(automaticReason(headers({ precedence: 'Bulk' }), 'a@b.test', null)).toMatch(/bulk/);
    expect(automaticReason(headers({ precedence: 'first-class' }), 'a@b.test', null)).toBeNull();
    expect(automaticReason(headers({ 'x-flare-delivery': 'abc' }), 'a@b.test', null)).toMatch(
      /Flare/,
    );
    expect(automaticReason(headers({}), null, 'MAILER-DAEMON@mx.test')).toMatch(/mailer-daemon/);
  });

  it('threads to In-Reply-To first, then References from the last', () => {
    expect(threadIds('<c@x>', '<a@x> <b@x>\r\n <c@x>')).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(threadIds(undefined, ['<a@x>', '<b@x>'])).toEqual(['<b@x>', '<a@x>']);
    expect(threadIds(undefined, undefined)).toEqual([]);
  });

  it('keeps a reply’s own words, without the quoted message', () => {
    expect(withoutQuote('Thanks!\n\nOn Fri, 20 Nov 2026, Acme wrote:\n> old\n> older')).toBe(
      'Thanks!',
    );
    expect(withoutQuote('Yes.\r\n-----Original Message-----\r\nFrom: x')).toBe('Yes.');
    expect(withoutQuote('Hi\n> quoted\nmy answer\n> more')).toBe('Hi\n> quoted\nmy answer');
    expect(withoutQuote('Hi\n\n> quoted')).toBe('Hi');
    expect(withoutQuote('> only a quote')).toBe('> only a quote');
  });

  it('takes the sender’s date unless it is missing or in the future', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    expect(sentAt(new Date('2026-11-20T11:00:00Z'), now)).toBe('2026-11-20T11:00:00.000Z');
    expect(sentAt(new Date('2026-11-21T11:00:00Z'), now)).toBe(now.toISOString());
    expect(sentAt(undefined, now)).toBe(now.toISOString());
    expect(sentAt(new Date('nope'), now)).toBe(now.toISOString());
  });
});

describe('inbound email settings', () => {
  it('starts no listener and polls no mailbox unless asked', () => {
    expect(inboundSmtpFromEnv({})).toBeNull();
    expect(imapFromEnv({})).toBeNull();
  });

  it('reads the SMTP listener’s port, host, recipients and size', () => {
    const s = inboundSmtpFromEnv({
      FLARE_INBOUND_SMTP_PORT: '2525',
      FLARE_INBOUND_SMTP_RCPT: 'support@acme.test',
      FLARE_INBOUND_MAX_BYTES: '2048',
    });
    expect(s).toMatchObject({ port: 2525, host: '127.0.0.1', maxBytes: 2048 });
    expect(inboundSmtpFromEnv({ FLARE_INBOUND_SMTP_PORT: '25' })?.maxBytes).toBe(10 * 1024 * 1024);
    expect(() => inboundSmtpFromEnv({ FLARE_INBOUND_SMTP_PORT: 'smtp' })).toThrow(
      /FLARE_INBOUND_SMTP_PORT/,
    );
  });

  it('reads the mailbox URL and poll interval', () => {
    expect(
      imapFromEnv({
        FLARE_IMAP_URL: 'imaps://help%40acme.test:p%40ss@imap.acme.test/Support%20Box',
        FLARE_IMAP_POLL_SECONDS: '30',
      }),
    ).toMatchObject({
      host: 'imap.acme.test',
      port: 993,
      secure: true,
      user: 'help@acme.test',
      pass: 'p@ss',
      mailbox: 'Support Box',
      pollMs: 30_000,
    });
    expect(imapFromEnv({ FLARE_IMAP_URL: 'imap://u:p@localhost?tls=off' })).toMatchObject({
      port: 143,
      secure: false,
      ignoreTLS: true,
      mailbox: 'INBOX',
      pollMs: 60_000,
    });
    expect(() => imapFromEnv({ FLARE_IMAP_URL: 'https://u:p@x' })).toThrow(/imaps:\/\//);
    expect(() => imapFromEnv({ FLARE_IMAP_URL: 'imaps://host' })).toThrow(/user/);
    expect(() =>
      imapFromEnv({ FLARE_IMAP_URL: 'imaps://u:p@h', FLARE_IMAP_POLL_SECONDS: '1' }),
    ).toThrow(/FLARE_IMAP_POLL_SECONDS/);
  });
});
