/**
 * Worker processes for the crash and multi-worker tests: the DATABASE_URL a child needs to
 * reach the test app's database (its PostgreSQL schema rides in the URL's `options`), a fast
 * seed of webhook subscribers, and a spawned `test/fixtures/fanout-child.ts`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { sql } from 'kysely';
import type { TestApp } from './app.js';

/** The DATABASE_URL that opens the same database (and PostgreSQL schema) as `app`. */
export function childDatabaseUrl(app: TestApp): string {
  if (app.store.engine === 'sqlite') return app.config.databaseUrl;
  const u = new URL(app.store.url);
  if (app.store.schema) u.searchParams.set('options', `-c search_path=${app.store.schema}`);
  return u.toString();
}

/**
 * Inserts `n` active webhook subscribers for every component in one INSERT … SELECT. Subscriber
 * i posts to `${base}/s/${i}`, so each one's receipts can be told apart.
 */
export async function seedWebhookSubscribers(
  app: TestApp,
  n: number,
  base: string,
  secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
): Promise<void> {
  const at = app.clock.now().toISOString();
  await sql`
    insert into subscribers (id, channel, address, address_key, all_components, state,
      confirm_attempts, secret, locale, audience, consecutive_failures, source,
      created_at, updated_at, confirmed_at)
    with recursive seq(i) as (select 1 union all select i + 1 from seq where i < ${n})
    select 's' || (100000 + i), 'webhook', cast(${base} as text) || '/s/' || i,
      cast(${base} as text) || '/s/' || i, 1, 'active', 0, cast(${secret} as text), 'en',
      'public', 0, 'test', cast(${at} as text), cast(${at} as text), cast(${at} as text)
    from seq`.execute(app.store.db);
}

export interface WorkerProcess {
  child: ChildProcess;
  /** the worker's id, once it has started */
  ready: Promise<string>;
  exited: Promise<number | null>;
  /** asks it to stop (SIGTERM) and waits, killing it if it takes longer than `ms` */
  stop(ms?: number): Promise<void>;
  /** the tail of what it printed (logs go to stdout) */
  output(): string;
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/fanout-child.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: 'warn', FLARE_ALLOW_PRIVATE_NETWORK: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let log = '';
  child.stderr?.on('data', (d) => {
    log = (log + String(d)).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      if (out.length < 10_000) out += String(d);
      log = (log + String(d)).slice(-4000);
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`worker exited (${code}) before ready: ${log}`)));
  });
  ready.catch(() => {});
  return {
    child,
    ready,
    exited,
    output: () => log,
    async stop(ms = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Polls an async check every 50 ms until it holds; fails after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
