/** Configuration from the environment, read once at start. */

import { type SocialEnv, socialFromEnv } from './domain/social.js';
import { INBOUND_SOURCES } from './inbound/registry.js';
import { dkimFromEnv } from './lib/dkim.js';
import { heapGrowingPercentOf } from './lib/heapGrowth.js';
import {
  type ImapSettings,
  type InboundSmtpSettings,
  imapFromEnv,
  inboundSmtpFromEnv,
} from './lib/inboundConfig.js';
import { DEFAULT_DATABASE_URL } from './store/db.js';

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  /** the public URL of the status page, used in links, feeds and emails */
  publicUrl: string | undefined;
  logLevel: string;
  allowPrivateNetwork: boolean;
  /** public subscribe POSTs allowed per IP per minute */
  subscribeRateLimit: number;
  /** confirmation messages public subscribe may send one address (email, phone, URL) per hour */
  subscribeAddressLimit: number;
  /** which proxies may set X-Forwarded-For (fastify's trustProxy); false: none (the default) */
  trustProxy: boolean | number | string;
  /** FLARE_ALLOW_ORIGINS as given: origins webhook, Slack and Teams URLs may use though private */
  allowOrigins: string | undefined;
  /** each inbound source's secret from its environment variable (FLARE_ZENDESK_WEBHOOK_SECRET, …), by source name */
  inboundSecrets: Record<string, string | undefined>;
  /** inbound webhook POSTs (Zendesk, Twilio, …) allowed per client IP per minute */
  inboundRateLimit: number;
  /** the social accounts given by FLARE_MASTODON_* and FLARE_BLUESKY_* (the API's settings win) */
  social?: SocialEnv;
  /** the inbound SMTP listener `flare serve` starts (FLARE_INBOUND_SMTP_*); null: none */
  inboundSmtp?: InboundSmtpSettings | null;
  /** the mailbox the scheduler polls (FLARE_IMAP_URL); null: none */
  imap?: ImapSettings | null;
  /** FLARE_HEAP_GROWING_PERCENT, which the worker's process applies (ADR 0024); default 50 */
  heapGrowingPercent: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (got ${JSON.stringify(env.PORT)})`);
  }
  dkimFromEnv(env); // refuse to start on a partial or unreadable DKIM setting
  return {
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    port,
    host: env.HOST || '127.0.0.1',
    publicUrl: env.FLARE_PUBLIC_URL || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    allowPrivateNetwork: env.FLARE_ALLOW_PRIVATE_NETWORK === '1',
    subscribeRateLimit: positive(env.FLARE_SUBSCRIBE_RATE_LIMIT, 10, 'FLARE_SUBSCRIBE_RATE_LIMIT'),
    subscribeAddressLimit: positive(
      env.FLARE_SUBSCRIBE_ADDRESS_LIMIT,
      3,
      'FLARE_SUBSCRIBE_ADDRESS_LIMIT',
    ),
    trustProxy: trustProxyOf(env.FLARE_TRUST_PROXY),
    allowOrigins: env.FLARE_ALLOW_ORIGINS || undefined,
    inboundSecrets: Object.fromEntries(
      INBOUND_SOURCES.map((s) => [s.name, env[s.env]?.trim() || undefined]),
    ),
    inboundRateLimit: positive(env.FLARE_INBOUND_RATE_LIMIT, 600, 'FLARE_INBOUND_RATE_LIMIT'),
    social: socialFromEnv(env),
    inboundSmtp: inboundSmtpFromEnv(env),
    imap: imapFromEnv(env),
    heapGrowingPercent: heapGrowingPercentOf(env),
  };
}

/**
 * FLARE_TRUST_PROXY: unset, `0` or `false` trusts no proxy (X-Forwarded-For is ignored);
 * `1` or `true` trusts one hop; a number trusts that many hops; otherwise a comma-separated
 * list of proxy addresses or CIDR ranges (`10.0.0.0/8, 127.0.0.1`).
 */
export function trustProxyOf(raw: string | undefined): boolean | number | string {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === 'true') return 1;
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n > 64) throw new Error('FLARE_TRUST_PROXY: a hop count must be 64 or less');
    return n;
  }
  const parts = v.split(',').map((p) => p.trim());
  for (const p of parts)
    if (
      !/^[0-9a-f.:]+(\/\d{1,3})?$/.test(p) &&
      !['loopback', 'linklocal', 'uniquelocal'].includes(p)
    )
      throw new Error(
        `FLARE_TRUST_PROXY: ${JSON.stringify(p)} is not an address, a CIDR range or a hop count`,
      );
  return parts.join(',');
}

function positive(value: string | undefined, dflt: number, name: string): number {
  if (value === undefined || value === '') return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0`);
  return n;
}
