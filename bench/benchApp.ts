/**
 * What the HTTP intake benches share (bench/enquiries.ts, bench/intake.ts): the app on a
 * throwaway SQLite file or PostgreSQL schema with its server, and a bounded parallel runner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { type App, openApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import { buildServer } from '../src/http/server.js';

export const PG_URL =
  process.env.FLARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function onPg(sql: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Runs `body` with the app and its (not yet listening) server on `engine`, then closes them and
 * drops the file or schema, whatever happens.
 */
export async function withBenchApp(
  engine: 'sqlite' | 'postgres',
  name: string,
  config: Partial<Config>,
  body: (app: App, server: Awaited<ReturnType<typeof buildServer>>) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `flare-bench-${name}-`));
  const schema = engine === 'postgres' ? `bench_${name}_${Date.now().toString(36)}` : undefined;
  if (schema) await onPg(`create schema ${schema}`);
  const app = await openApp({
    logger: pino({ level: 'silent' }),
    config: {
      databaseUrl: engine === 'sqlite' ? `sqlite:${join(dir, 'flare.db')}` : PG_URL,
      host: '127.0.0.1',
      port: 0,
      ...config,
    },
    ...(schema ? { store: { schema } } : {}),
  });
  const server = await buildServer(app);
  try {
    await body(app, server);
  } finally {
    await server.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    if (schema) await onPg(`drop schema if exists ${schema} cascade`);
  }
}

/** Runs `n` jobs with `width` in flight at a time; returns the elapsed milliseconds. */
export async function inParallel(n: number, width: number, job: (i: number) => Promise<void>) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await job(next++);
    }),
  );
  return performance.now() - t0;
}
