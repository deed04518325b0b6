/**
 * Bulk account import: 100,000 accounts (one contact each) from a CSV file, streamed through
 * the importAccounts action, on SQLite and PostgreSQL, against a same-run raw baseline.
 *
 * The baseline is the best a raw client does with the same library and the same rows: the same
 * streaming CSV reader, then plain multi-row INSERTs (1,000 rows a statement, prepared once)
 * of the accounts, their footprints and their contacts (the same columns Flare sets) in one
 * transaction, with no validation, no upsert and no audit. better-sqlite3 for SQLite; pg for
 * PostgreSQL. Both run built code, as `npm start` does (no TypeScript loader).
 *
 * Each run is its own child process, so its peak RSS (the OS's maxRSS) is its own.
 *   npm run bench:accounts   (N=100000 and ROUNDS=3 by default; FLARE_BENCH_PG=off skips PostgreSQL)
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import { CLI } from '../src/actions/context.js';
import { createComponent } from '../src/actions/createComponent.js';
import { createPerson } from '../src/actions/createPerson.js';
import { importAccounts } from '../src/actions/importAccounts.js';
import { openApp } from '../src/app.js';
import { csvRecordGroups } from '../src/lib/csvStream.js';
import { newId } from '../src/lib/ids.js';

const N = Number(process.env.N ?? 100_000);
/** raw and Flare runs per engine (ROUNDS=1 for a quick look) */
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const PG_URL =
  process.env.FLARE_BENCH_PG === 'off'
    ? undefined
    : (process.env.FLARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const TIERS = ['enterprise', 'business', 'free'];
const CRIT = ['critical', 'high', 'normal', 'normal'];
const REGIONS = ['eu', 'us', 'apac'];
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo'];
const COMPONENTS = ['API', 'Dashboard', 'Database'];

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(
    'external_id,name,tier,criticality,region,time_zone,locale,account_manager,tags,mrr,components,contact_name,contact_email,contact_phone,contact_role\n',
  );
  for (let i = 0; i < N; i++) {
    const comps = COMPONENTS.slice(0, 1 + (i % 3)).join(';');
    await write(
      `crm-${i},"Customer ${i}, Ltd",${TIERS[i % 3]},${CRIT[i % 4]},${REGIONS[i % 3]},${ZONES[i % 3]},en,am@bench.example,"tag${i % 10};all",${(i % 500) * 10},${comps},Contact ${i},c${i}@customer${i % 100}.example,,technical\n`,
    );
  }
  await new Promise<void>((r) => out.end(r));
}

interface RunResult {
  mode: string;
  rows: number;
  ms: number;
  rowsPerSec: number;
  peakRssMB: number;
  startRssMB: number;
  created?: number;
  rejected?: number;
}

const MB = (n: number) => Math.round(n / 1024 / 1024);

/** A fresh database: a temp SQLite file, or a new PostgreSQL schema. */
async function freshDb(engine: string, dir: string): Promise<{ url: string; schema?: string }> {
  if (engine === 'sqlite') return { url: `sqlite:${join(dir, `${newId()}.db`)}` };
  const schema = `bench_acc_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  return { url: PG_URL!, schema };
}

async function dropSchema(schema?: string) {
  if (!schema) return;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}

/** The Flare side: the importAccounts action over a file stream. */
async function runFlare(engine: string, file: string, dir: string): Promise<RunResult> {
  const db = await freshDb(engine, dir);
  const app = await openApp({
    logger: pino({ level: 'silent' }),
    config: { databaseUrl: db.url, logLevel: 'silent' },
    store: db.schema ? { schema: db.schema } : undefined,
  });
  try {
    const ctx = app.ctx(CLI);
    for (const name of COMPONENTS) await createComponent(ctx, { name });
    await createPerson(ctx, { name: 'AM', email: 'am@bench.example', time_zone: 'Etc/UTC' });
    const startRss = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = await importAccounts(ctx, createReadStream(file, { highWaterMark: 256 * 1024 }), {
      format: 'csv',
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    const ms = performance.now() - t0;
    if (r.created !== N || r.contacts !== N || r.rejected_total)
      throw new Error(
        `unexpected result: ${JSON.stringify({ ...r, rejected: r.rejected.slice(0, 3) })}`,
      );
    return result(`flare-${engine}`, ms, startRss, {
      created: r.created,
      rejected: r.rejected_total,
    });
  } finally {
    await app.close();
    await dropSchema(db.schema);
  }
}

function result(mode: string, ms: number, startRss: number, extra = {}): RunResult {
  return {
    mode,
    rows: N,
    ms: Math.round(ms),
    rowsPerSec: Math.round(N / (ms / 1000)),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    startRssMB: MB(startRss),
    ...extra,
  };
}

const ACCOUNT_COLS = [
  'id',
  'name',
  'external_id',
  'tier',
  'criticality',
  'region',
  'time_zone',
  'locale',
  'account_manager_id',
  'tags',
  'mrr',
  'created_at',
  'updated_at',
];
/** the columns Flare's import sets; the others take the table's defaults in both */
const CONTACT_COLS = [
  'id',
  'channel',
  'address',
  'address_key',
  'state',
  'locale',
  'time_zone',
  'source',
  'created_at',
  'updated_at',
  'confirmed_at',
  'account_id',
  'contact_role',
  'contact_name',
];

/** The same rows as plain tuples, read with the same CSV reader, a group per chunk read. */
async function* tuples(file: string, componentIds: Map<string, string>, managerId: string) {
  const at = new Date().toISOString();
  let header = true;
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  for await (const records of csvRecordGroups(source)) {
    const group = [];
    for (const rec of records) {
      if (header) {
        header = false;
        continue;
      }
      const c = rec.cells;
      const id = newId();
      const account = [
        id,
        c[1],
        c[0],
        c[2],
        c[3],
        c[4],
        c[5],
        c[6],
        managerId,
        JSON.stringify(c[8].split(';')),
        Number(c[9]),
        at,
        at,
      ];
      const email = c[12];
      const contact = [
        newId(),
        'email',
        email,
        email.toLowerCase(),
        'active',
        c[6],
        c[5],
        'contact',
        at,
        at,
        at,
        id,
        c[14],
        c[11],
      ];
      const footprint = c[10].split(';').map((n) => [id, componentIds.get(n)!]);
      group.push({ account, contact, footprint });
    }
    yield group;
  }
}

/** The raw baseline: better-sqlite3 or pg, multi-row INSERTs in one transaction. */
async function runRaw(engine: string, file: string, dir: string): Promise<RunResult> {
  const db = await freshDb(engine, dir);
  // the schema, by Flare's migrations; then the raw client alone
  const app = await openApp({
    logger: pino({ level: 'silent' }),
    config: { databaseUrl: db.url, logLevel: 'silent' },
    store: db.schema ? { schema: db.schema } : undefined,
  });
  const ctx = app.ctx(CLI);
  const componentIds = new Map<string, string>();
  for (const name of COMPONENTS) componentIds.set(name, (await createComponent(ctx, { name })).id);
  const managerId = (
    await createPerson(ctx, { name: 'AM', email: 'am@bench.example', time_zone: 'Etc/UTC' })
  ).id;
  await app.close();
  const B = 1000;
  try {
    if (engine === 'sqlite') {
      const sqlite = new SQLite(db.url.slice('sqlite:'.length));
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      const stmt = (table: string, cols: string[], n: number) =>
        sqlite.prepare(
          `insert into ${table} (${cols.join(',')}) values ${Array.from({ length: n }, () => `(${cols.map(() => '?').join(',')})`).join(',')}`,
        );
      const fullA = stmt('accounts', ACCOUNT_COLS, B);
      const fullC = stmt('subscribers', CONTACT_COLS, B);
      const fullF = stmt('account_components', ['account_id', 'component_id'], B);
      const startRss = process.memoryUsage().rss;
      const t0 = performance.now();
      let accts: unknown[][] = [];
      let contacts: unknown[][] = [];
      let fps: unknown[][] = [];
      const flush = () => {
        if (accts.length)
          (accts.length === B ? fullA : stmt('accounts', ACCOUNT_COLS, accts.length)).run(
            accts.flat(),
          );
        if (contacts.length)
          (contacts.length === B ? fullC : stmt('subscribers', CONTACT_COLS, contacts.length)).run(
            contacts.flat(),
          );
        for (let i = 0; i < fps.length; i += B) {
          const part = fps.slice(i, i + B);
          (part.length === B
            ? fullF
            : stmt('account_components', ['account_id', 'component_id'], part.length)
          ).run(part.flat());
        }
        accts = [];
        contacts = [];
        fps = [];
      };
      sqlite.exec('begin');
      for await (const group of tuples(file, componentIds, managerId))
        for (const t of group) {
          accts.push(t.account);
          contacts.push(t.contact);
          fps.push(...t.footprint);
          if (accts.length === B) flush();
        }
      flush();
      sqlite.exec('commit');
      const ms = performance.now() - t0;
      sqlite.close();
      return result(`raw-${engine}`, ms, startRss);
    }
    const client = new pg.Client({
      connectionString: PG_URL,
      options: `-c search_path=${db.schema}`,
    });
    await client.connect();
    const text = (table: string, cols: string[], n: number) =>
      `insert into ${table} (${cols.join(',')}) values ${Array.from({ length: n }, (_, r) => `(${cols.map((_c, k) => `$${r * cols.length + k + 1}`).join(',')})`).join(',')}`;
    const startRss = process.memoryUsage().rss;
    const t0 = performance.now();
    let accts: unknown[][] = [];
    let contacts: unknown[][] = [];
    let fps: unknown[][] = [];
    const flush = async () => {
      if (accts.length)
        await client.query({
          name: `a${accts.length}`,
          text: text('accounts', ACCOUNT_COLS, accts.length),
          values: accts.flat(),
        });
      if (contacts.length)
        await client.query({
          name: `c${contacts.length}`,
          text: text('subscribers', CONTACT_COLS, contacts.length),
          values: contacts.flat(),
        });
      for (let i = 0; i < fps.length; i += B) {
        const part = fps.slice(i, i + B);
        await client.query({
          name: `f${part.length}`,
          text: text('account_components', ['account_id', 'component_id'], part.length),
          values: part.flat(),
        });
      }
      accts = [];
      contacts = [];
      fps = [];
    };
    await client.query('begin');
    for await (const group of tuples(file, componentIds, managerId))
      for (const t of group) {
        accts.push(t.account);
        contacts.push(t.contact);
        fps.push(...t.footprint);
        if (accts.length === B) await flush();
      }
    await flush();
    await client.query('commit');
    const ms = performance.now() - t0;
    await client.end();
    return result(`raw-${engine}`, ms, startRss);
  } finally {
    await dropSchema(db.schema);
  }
}

async function child(mode: string, file: string, dir: string) {
  const [kind, engine] = mode.split('-');
  const r = kind === 'flare' ? await runFlare(engine, file, dir) : await runRaw(engine, file, dir);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

/**
 * Between runs: delete the last run's database and let the kernel finish writing back what is
 * left, so that one run's writeback (the raw client writes about 850 MB of pages) does not
 * slow the next.
 */
function settle(dir: string, keep: string) {
  for (const f of readdirSync(dir))
    if (join(dir, f) !== keep) rmSync(join(dir, f), { force: true });
  spawnSync('sync');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'flare-bench-accounts-'));
  try {
    const file = join(dir, 'accounts.csv');
    await writeCsv(file);
    settle(dir, file);
    const engines = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
    const results: RunResult[] = [];
    // raw and Flare alternate, so that a slower spell of a shared host falls on both
    for (const engine of engines)
      for (let round = 1; round <= ROUNDS; round++)
        for (const kind of ['raw', 'flare']) {
          const mode = `${kind}-${engine}`;
          const r = spawnSync(
            process.execPath,
            [...process.execArgv, process.argv[1], '--child', mode, file, dir],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
          );
          if (r.status !== 0) throw new Error(`${mode} failed (${r.status})`);
          settle(dir, file);
          const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as RunResult;
          results.push(res);
          console.error(
            `round ${round} ${mode.padEnd(16)} ${String(res.rowsPerSec).padStart(7)} rows/s  ${String(res.ms).padStart(6)} ms  peak RSS ${res.peakRssMB} MB (before import ${res.startRssMB} MB)`,
          );
        }
    for (const engine of engines) {
      const raw = median(
        results.filter((r) => r.mode === `raw-${engine}`).map((r) => r.rowsPerSec),
      );
      const fl = median(
        results.filter((r) => r.mode === `flare-${engine}`).map((r) => r.rowsPerSec),
      );
      const rss = Math.max(
        ...results.filter((r) => r.mode === `flare-${engine}`).map((r) => r.peakRssMB),
      );
      console.error(
        `${engine}, median of ${ROUNDS}: Flare ${fl} rows/s = ${Math.round((100 * fl) / raw)}% of the raw baseline (${raw} rows/s), peak RSS at most ${rss} MB; target 20,000 rows/s: ${fl >= 20_000 ? 'met' : 'NOT met'}`,
      );
    }
    console.log(JSON.stringify({ n: N, results }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
