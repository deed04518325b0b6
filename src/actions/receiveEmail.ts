/**
 * An email becomes an enquiry (issue #11): the one path that both the SMTP listener and the
 * mailbox poller take. It parses the RFC 822 message (mailparser), leaves out automatic mail
 * (auto-replies, bounces, lists: Flare must never answer them), finds a message already stored
 * (an MTA's retry, or the same message forwarded and polled), threads a reply to the incident
 * of the enquiry it answers (In-Reply-To and References against the Message-IDs of enquiries
 * and of Flare's replies), and hands the rest to receiveEnquiry, which stores the raw message
 * first. The promise resolves only after that insert has committed; it rejects when it did not.
 */
import { type ParsedMail, simpleParser } from 'mailparser';
import { ENQUIRY_TEXT_MAX } from '../domain/enquiry.js';
import { automaticReason, sentAt, threadIds, withoutQuote } from '../domain/inboundEmail.js';
import type { Db } from '../store/db.js';
import type { Enquiry } from '../store/queries/enquiries.js';
import type { Ctx } from './context.js';
import { receiveEnquiry } from './receiveEnquiry.js';

/** How the message came: the SMTP envelope, or the mailbox it was polled from. */
export interface EmailArrival {
  transport: 'smtp' | 'imap';
  /** the envelope sender (MAIL FROM, '' for a bounce); undefined when polled: Return-Path is read */
  mailFrom?: string;
  rcptTo?: string[];
  remoteAddress?: string;
  /** the SMTP session was encrypted (STARTTLS) */
  tls?: boolean;
  mailbox?: string;
}

export type EmailOutcome =
  | { outcome: 'stored'; enquiry: Enquiry; thread: Thread | null }
  | { outcome: 'duplicate'; enquiryId: string }
  | { outcome: 'skipped'; reason: string };

interface Thread {
  enquiry_id: string;
  message_id: string;
  incident_id: string | null;
}

/** The part of the raw message kept with the enquiry (the rest of a large one is attachments). */
export const RAW_KEEP_BYTES = 1024 * 1024;
/** The sources an email enquiry is stored under; a Message-ID is stored once across them. */
export const EMAIL_SOURCES = ['smtp', 'imap'] as const;

export async function receiveEmail(
  ctx: Ctx,
  message: Buffer,
  arrival: EmailArrival,
): Promise<EmailOutcome> {
  const mail = await simpleParser(message, {
    skipHtmlToText: false,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const header = headerReader(mail);
  const from = mail.from?.value.find((a) => a.address);
  const mailFrom = arrival.mailFrom ?? returnPath(header('return-path'));
  const why = automaticReason(header, mailFrom ?? null, from?.address ?? null);
  if (why) return { outcome: 'skipped', reason: why };
  const address = from?.address || mailFrom;
  if (!address) return { outcome: 'skipped', reason: 'no sender address' };

  const messageId = validMessageId(mail.messageId);
  if (messageId) {
    const known = await storedEmail(ctx.store.db, messageId);
    if (known) return { outcome: 'duplicate', enquiryId: known };
  }
  const thread = await findThread(ctx.store.db, threadIds(mail.inReplyTo, mail.references));
  const subject = mail.subject?.trim().slice(0, 500) || undefined;
  const text = bodyText(mail).slice(0, ENQUIRY_TEXT_MAX) || subject || '(no text)';
  const input = {
    channel: 'email',
    from: (from?.name ? `${from.name.replace(/[<>"]/g, '')} <${address}>` : address).slice(0, 320),
    text,
    ...(subject ? { subject } : {}),
    received_at: sentAt(mail.date, ctx.clock.now()),
    ...(messageId ? { message_id: messageId } : {}),
    ...(thread?.incident_id ? { incident_id: thread.incident_id } : {}),
  };
  const raw = {
    transport: arrival.transport,
    envelope: {
      mail_from: mailFrom ?? null,
      rcpt_to: arrival.rcptTo ?? [],
      remote_address: arrival.remoteAddress ?? null,
      tls: arrival.tls ?? null,
      mailbox: arrival.mailbox ?? null,
    },
    size: message.length,
    truncated: message.length > RAW_KEEP_BYTES,
    // the reply this answers: the enquiry and the incident it was linked to
    thread,
    rfc822: message.subarray(0, RAW_KEEP_BYTES).toString('utf8'),
  };
  try {
    const enquiry = await receiveEnquiry(ctx, input, { source: arrival.transport, raw });
    return { outcome: 'stored', enquiry, thread };
  } catch (err) {
    // two deliveries of one message at once: the unique index let one in
    const known = messageId ? await storedEmail(ctx.store.db, messageId).catch(() => null) : null;
    if (known) return { outcome: 'duplicate', enquiryId: known };
    throw err;
  }
}

/** A header's value as written (unfolded), whatever mailparser made of it. */
function headerReader(mail: ParsedMail): (name: string) => string | undefined {
  return (name) => {
    const line = mail.headerLines.find((h) => h.key === name)?.line;
    return line === undefined
      ? undefined
      : line
          .slice(line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim();
  };
}

function returnPath(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.match(/<([^<>]*)>/)?.[1] ?? value;
}

function validMessageId(id: string | undefined): string | undefined {
  const v = id?.trim();
  return v && v.length >= 3 && v.length <= 998 ? v : undefined;
}

/** The text part, else the HTML part as text; without the quoted message a reply carries. */
function bodyText(mail: ParsedMail): string {
  let text = mail.text ?? '';
  if (!text.trim() && typeof mail.html === 'string') text = htmlToText(mail.html);
  return withoutQuote(text);
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

async function storedEmail(db: Db, messageId: string): Promise<string | null> {
  const r = await db
    .selectFrom('enquiries')
    .select('id')
    .where('message_id', '=', messageId)
    .where('source', 'in', [...EMAIL_SOURCES])
    .executeTakeFirst();
  return r?.id ?? null;
}

/** The enquiry a reply answers: the nearest Message-ID that is an enquiry's or one of Flare's replies. */
async function findThread(db: Db, ids: string[]): Promise<Thread | null> {
  if (ids.length === 0) return null;
  const [replies, enquiries] = await Promise.all([
    db
      .selectFrom('enquiry_replies')
      .select(['enquiry_id', 'message_id'])
      .where('message_id', 'in', ids)
      .execute(),
    db
      .selectFrom('enquiries')
      .select(['id', 'message_id'])
      .where('message_id', 'in', ids)
      .orderBy('id')
      .execute(),
  ]);
  for (const id of ids) {
    const enquiryId =
      replies.find((r) => r.message_id === id)?.enquiry_id ??
      enquiries.find((e) => e.message_id === id)?.id;
    if (!enquiryId) continue;
    const linked = await db
      .selectFrom('enquiries as e')
      .leftJoin('incidents as i', 'i.id', 'e.incident_id')
      .select('i.id as incident_id')
      .where('e.id', '=', enquiryId)
      .executeTakeFirst();
    return { enquiry_id: enquiryId, message_id: id, incident_id: linked?.incident_id ?? null };
  }
  return null;
}
