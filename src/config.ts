/** Configuration from the environment, read once at start. */
import { dkimFromEnv } from './lib/dkim.js';
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
  };
}

function positive(value: string | undefined, dflt: number, name: string): number {
  if (value === undefined || value === '') return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0`);
  return n;
}
