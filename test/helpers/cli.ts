/**
 * The real `flare` CLI as a child process (`node --import tsx src/cli/main.ts …`) against a
 * database URL, and a throwaway PostgreSQL schema whose URL a child process can open.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { PG_URL } from './app.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** the last line of stdout, trailing newlines dropped */
  lastLine: string;
}

export interface CliOptions {
  dbUrl: string;
  /** added to the child's environment; a key set to undefined is removed from it */
  env?: Record<string, string | undefined>;
}

export function runCli(args: readonly string[], opts: CliOptions): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: opts.dbUrl,
    LOG_LEVEL: 'silent',
    NO_COLOR: '1',
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (code) =>
      done({ code, stdout, stderr, lastLine: stdout.trimEnd().split('\n').at(-1) ?? '' }),
    );
  });
}

/** `flare …args` against `dbUrl`. */
export const flare = (dbUrl: string, ...args: string[]) => runCli(args, { dbUrl });

/** Its stdout; throws with its stderr unless it exits 0. */
export async function runCliOk(args: readonly string[], opts: CliOptions): Promise<string> {
  const r = await runCli(args, opts);
  if (r.code !== 0) throw new Error(`flare ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

export const flareOk = (dbUrl: string, ...args: string[]) => runCliOk(args, { dbUrl });

/** Its `--json` output, parsed. */
export async function flareJson<T = any>(dbUrl: string, ...args: string[]): Promise<T> {
  return JSON.parse(await flareOk(dbUrl, ...args, '--json')) as T;
}

/** A fresh PostgreSQL schema on FLARE_TEST_DATABASE_URL: create() it, drop() it, and `url` opens it. */
export function pgSchema(prefix: string) {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    name,
    get url(): string {
      const u = new URL(PG_URL as string);
      u.searchParams.set('options', `-c search_path=${name}`);
      return u.toString();
    },
    create: () => admin(`create schema ${name}`),
    drop: () => admin(`drop schema if exists ${name} cascade`),
  };
}
