/** Test apps on real SQLite (a temp file per app) and, when a PostgreSQL server is found (vitest.config.ts), real PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { describe } from 'vitest';
import { type App, type AppOptions, openApp } from '../../src/app.js';
import type { Clock } from '../../src/domain/types.js';

export type EngineName = 'sqlite' | 'postgres';

// vitest.config.ts sets it: to FLARE_TEST_DATABASE_URL, or to the local server when one answers.
export const PG_URL = process.env.FLARE_TEST_DATABASE_URL || undefined;

export const ENGINES: EngineName[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

if (!PG_URL) {
  console.log(
    '[flare tests] no PostgreSQL: FLARE_TEST_DATABASE_URL is not set (or is "off") and nothing answers at ' +
      'postgres://postgres@127.0.0.1:5432/test, so the PostgreSQL suites are skipped.',
  );
}

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(public t = Date.parse('2026-11-20T12:00:00Z')) {}
  now() {
    return new Date(this.t);
  }
  set(iso: string) {
    this.t = Date.parse(iso);
  }
  advance(ms: number) {
    this.t += ms;
  }
  advanceMinutes(m: number) {
    this.t += m * 60_000;
  }
}

export interface TestApp extends App {
  engine: EngineName;
  cleanup(): Promise<void>;
}

export async function makeTestApp(engine: EngineName, opts: AppOptions = {}): Promise<TestApp> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flare-test-'));
    const app = await openApp({
      logger,
      ...opts,
      config: {
        databaseUrl: `sqlite:${join(dir, 'flare.db')}`,
        port: 0,
        allowPrivateNetwork: true,
        ...opts.config,
      },
    });
    return {
      ...app,
      engine,
      cleanup: async () => {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error('FLARE_TEST_DATABASE_URL is not set');
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const app = await openApp({
    logger,
    ...opts,
    store: { schema, ...opts.store },
    config: { databaseUrl: PG_URL, port: 0, allowPrivateNetwork: true, ...opts.config },
  });
  return {
    ...app,
    engine,
    cleanup: async () => {
      await app.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** Runs a suite once per available engine. */
export function describeEachEngine(title: string, fn: (engine: EngineName) => void): void {
  for (const engine of ENGINES) describe(`${title} [${engine}]`, () => fn(engine));
}
