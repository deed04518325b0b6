/**
 * The inbound email settings (issue #11) from the environment: the SMTP listener that `flare
 * serve` starts when FLARE_INBOUND_SMTP_PORT is set, and the mailbox the scheduler polls when
 * FLARE_IMAP_URL is set. A bad value stops the start with a message naming the variable.
 */
import { parseAllowList, type RecipientAllowList } from '../domain/inboundEmail.js';

export interface InboundSmtpSettings {
  port: number;
  host: string;
  /** recipients taken; null: any */
  recipients: RecipientAllowList | null;
  /** the largest message, in bytes (bigger: 552) */
  maxBytes: number;
  /** recipients per message (more: 452) */
  maxRecipients: number;
  /** open connections per client address (more: 421) */
  connectionsPerClient: number;
}

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  /** never upgrade with STARTTLS (`?tls=off`, a plain local server) */
  ignoreTLS: boolean;
  /** accept a self-signed certificate (`?tls=insecure`) */
  rejectUnauthorized: boolean;
  user: string;
  pass: string;
  mailbox: string;
  pollMs: number;
  maxBytes: number;
  /** the most messages one poll takes (default 50) */
  batch?: number;
}

export const INBOUND_MAX_BYTES = 10 * 1024 * 1024;

export function inboundSmtpFromEnv(env: NodeJS.ProcessEnv): InboundSmtpSettings | null {
  const raw = env.FLARE_INBOUND_SMTP_PORT;
  if (raw === undefined || raw === '') return null;
  return {
    port: whole(raw, 'FLARE_INBOUND_SMTP_PORT', 0, 65535),
    host: env.FLARE_INBOUND_SMTP_HOST || '127.0.0.1',
    recipients: parseAllowList(env.FLARE_INBOUND_SMTP_RCPT),
    maxBytes: maxBytes(env),
    maxRecipients: 50,
    connectionsPerClient: 10,
  };
}

/** imaps://user:pass@host:993/INBOX, or imap://…:143 (STARTTLS when offered; `?tls=off`, `?tls=insecure`). */
export function imapFromEnv(env: NodeJS.ProcessEnv): ImapSettings | null {
  const raw = env.FLARE_IMAP_URL;
  if (raw === undefined || raw === '') return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(
      'FLARE_IMAP_URL must be a URL such as imaps://user:pass@imap.example.com/INBOX',
    );
  }
  if (u.protocol !== 'imap:' && u.protocol !== 'imaps:')
    throw new Error('FLARE_IMAP_URL must start with imaps:// (or imap://)');
  if (!u.username) throw new Error('FLARE_IMAP_URL must name the user: imaps://user:pass@host/');
  const secure = u.protocol === 'imaps:';
  const seconds = env.FLARE_IMAP_POLL_SECONDS;
  return {
    host: u.hostname,
    port: Number(u.port || (secure ? 993 : 143)),
    secure,
    ignoreTLS: u.searchParams.get('tls') === 'off',
    rejectUnauthorized: u.searchParams.get('tls') !== 'insecure',
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox: decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX',
    pollMs: (seconds ? whole(seconds, 'FLARE_IMAP_POLL_SECONDS', 5, 86_400) : 60) * 1000,
    maxBytes: maxBytes(env),
  };
}

function maxBytes(env: NodeJS.ProcessEnv): number {
  const v = env.FLARE_INBOUND_MAX_BYTES;
  return v ? whole(v, 'FLARE_INBOUND_MAX_BYTES', 1024, 100 * 1024 * 1024) : INBOUND_MAX_BYTES;
}

function whole(v: string, name: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${v})`);
  return n;
}
