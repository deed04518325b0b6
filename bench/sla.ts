/**
 * The SLA credits report for a month: 200,000 accounts, 2,000 component status changes over the
 * month (with maintenance windows and incidents), the whole report produced as the billing CSV,
 * on SQLite (default) or PostgreSQL (--pg). Targets: ≤ 5 s and peak RSS ≤ 300 MB.
 *
 * The data is seeded first (not timed); the report then runs in a child process of its own, so
 * its time and peak RSS (the OS's maxRSS) are the report's alone. The npm script runs it built
 * (scripts/bench-build.mjs), as `npm start` runs Flare, without the TypeScript loader's memory.
 *   npm run bench:sla                 (SQLite, 200,000 accounts)
 *   npm run bench:sla -- --pg         (PostgreSQL at FLARE_TEST_DATABASE_URL or 127.0.0.1:5432/test)
 *   npm run bench:sla -- --quick      (5,000 accounts: a smoke run)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { type App, openApp } from '../src/app.js';
import { newId } from '../src/lib/ids.js';
import { slaReportChunks } from '../src/present/slaReport.js';
import { loadSlaMonth, SlaCalculator, slaReportRows } from '../src/store/queries/slaReport.js';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const PG = args.includes('--pg');
const N = Number(process.env.N ?? (QUICK ? 5_000 : 200_000));
const CHANGES = 2_000;
const COMPONENTS = 60;
const MONTH = '2026-10';
const PG_URL = process.env.FLARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/Los_Angeles',
];
const TIERS = ['enterprise', 'business', 'free'];
const STATUSES = ['major_outage', 'partial_outage', 'degraded_performance', 'under_maintenance'];
const MB = (kb: number) => Math.round(kb / 1024);

/** A small deterministic generator, so every run seeds the same data. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

async function open(url: string, schema?: string): Promise<App> {
  return openApp({
    logger: pino({ level: 'silent' }),
    config: { databaseUrl: url, logLevel: 'silent' },
    store: schema ? { schema } : undefined,
  });
}

async function insertMany<T extends Record<string, unknown>>(
  app: App,
  table:
    | 'accounts'
    | 'account_components'
    | 'component_status_history'
    | 'components'
    | 'incidents'
    | 'incident_components',
  rows: T[],
) {
  const per = table === 'accounts' ? 500 : 1000;
  for (let i = 0; i < rows.length; i += per)
    await app.store.db
      .insertInto(table)
      .values(rows.slice(i, i + per) as any)
      .execute();
}

async function seed(app: App) {
  const r = rng(42);
  const at = '2026-09-01T00:00:00.000Z';
  const components = Array.from({ length: COMPONENTS }, (_, i) => ({
    id: `c${String(i).padStart(3, '0')}`,
    name: `Component ${i}`,
    description: null,
    status: 'operational',
    position: i,
    group_id: null,
    is_group: 0,
    showcase: 1,
    only_show_if_degraded: 0,
    start_date: null,
    created_at: at,
    updated_at: at,
    manual_status: null,
  }));
  await insertMany(app, 'components', components);
  await app.store.db
    .insertInto('sla_policies')
    .values({
      key: 'standard',
      name: 'Standard',
      tiers: JSON.stringify(['enterprise', 'business']),
      account_ids: '[]',
      target: 99.99,
      credits: JSON.stringify([
        { below: 99.99, percent: 10 },
        { below: 99, percent: 30 },
        { below: 95, percent: 100 },
      ]),
      partial_outage_weight: 0.5,
      exclude_maintenance: 1,
      goodwill: JSON.stringify([
        { severity: 'SEV1', tiers: ['enterprise'], over_minutes: 60, percent: 5 },
      ]),
      position: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  // 2,000 changes: outages of 5–240 minutes on random components, each a start and an end
  const start = Date.parse('2026-10-01T00:00:00Z');
  const span = 31 * 86_400_000;
  const history = [];
  const incidents = [];
  const links = [];
  for (let k = 0; k < CHANGES / 2; k++) {
    const c = components[Math.floor(r() * COMPONENTS)].id;
    const from = start + Math.floor(r() * span);
    const to = from + (5 + Math.floor(r() * 235)) * 60_000;
    const status = STATUSES[Math.floor(r() * STATUSES.length)];
    const id = newId();
    history.push(
      {
        id: newId(),
        component_id: c,
        status,
        previous_status: 'operational',
        at: new Date(from).toISOString(),
        cause_type: 'incident',
        cause_id: id,
      },
      {
        id: newId(),
        component_id: c,
        status: 'operational',
        previous_status: status,
        at: new Date(to).toISOString(),
        cause_type: 'incident',
        cause_id: id,
      },
    );
    const maintenance = status === 'under_maintenance';
    incidents.push({
      id,
      kind: maintenance ? 'maintenance' : 'incident',
      name: `Event ${k}`,
      status: maintenance ? 'completed' : 'resolved',
      impact: maintenance ? 'maintenance' : 'major',
      impact_override: 0,
      created_at: new Date(from).toISOString(),
      updated_at: new Date(to).toISOString(),
      started_at: new Date(from).toISOString(),
      monitoring_at: null,
      resolved_at: new Date(to).toISOString(),
      scheduled_for: maintenance ? new Date(from).toISOString() : null,
      scheduled_until: maintenance ? new Date(to).toISOString() : null,
      auto_transition: 0,
      next_update_at: null,
      postmortem_body: null,
      postmortem_published_at: null,
      severity: maintenance ? null : k % 5 === 0 ? 'SEV1' : 'SEV2',
    });
    links.push({ incident_id: id, component_id: c, status: null });
  }
  await insertMany(app, 'component_status_history', history);
  await insertMany(app, 'incidents', incidents);
  await insertMany(app, 'incident_components', links);
  // accounts: footprints of 1–5 components from a few hundred combinations, six zones
  const footprints = Array.from({ length: 400 }, () => {
    const n = 1 + Math.floor(r() * 5);
    return [
      ...new Set(Array.from({ length: n }, () => components[Math.floor(r() * COMPONENTS)].id)),
    ];
  });
  for (let i = 0; i < N; i += 10_000) {
    const accounts: Record<string, unknown>[] = [];
    const foot: Record<string, unknown>[] = [];
    for (let j = i; j < Math.min(N, i + 10_000); j++) {
      const id = `a${String(j).padStart(7, '0')}`;
      accounts.push({
        id,
        name: `Customer ${j}`,
        external_id: null,
        tier: TIERS[j % 3],
        criticality: 'normal',
        region: null,
        time_zone: ZONES[j % ZONES.length],
        locale: null,
        account_manager_id: null,
        tags: '[]',
        mrr: j % 7 === 0 ? null : 100 + (j % 50) * 20,
        sla_start: null,
        created_at: at,
        updated_at: at,
      });
      for (const c of footprints[j % footprints.length])
        foot.push({ account_id: id, component_id: c });
    }
    await app.store.db.transaction().execute(async (trx) => {
      const tx = { ...app, store: { ...app.store, db: trx } } as App;
      await insertMany(tx, 'accounts', accounts);
      await insertMany(tx, 'account_components', foot);
    });
  }
}

/** The timed part, in its own process: the whole month's report as CSV. */
async function report(url: string, schema?: string) {
  const app = await open(url, schema);
  try {
    const t0 = performance.now();
    const data = await loadSlaMonth(app.store.db, MONTH, new Date('2026-11-15T00:00:00Z'));
    const calc = new SlaCalculator(data);
    let bytes = 0;
    let rows = 0;
    const counted = (async function* () {
      for await (const r of slaReportRows(app.store.db, data, { calculator: calc })) {
        rows++;
        yield r;
      }
    })();
    for await (const chunk of slaReportChunks(MONTH, counted, 'csv')) bytes += chunk.length;
    const ms = performance.now() - t0;
    process.stdout.write(
      `${JSON.stringify({ ms: Math.round(ms), rows, bytes, footprints: calc.computed, peakRssMB: MB(process.resourceUsage().maxRSS) })}\n`,
    );
  } finally {
    await app.close();
  }
}

async function main() {
  if (args[0] === '--report') return report(args[1], args[2] || undefined);
  const dir = mkdtempSync(join(tmpdir(), 'flare-bench-sla-'));
  let url = `sqlite:${join(dir, 'flare.db')}`;
  let schema: string | undefined;
  if (PG) {
    schema = `bench_sla_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    url = PG_URL;
  }
  try {
    const app = await open(url, schema);
    const t0 = performance.now();
    try {
      await seed(app);
    } finally {
      await app.close();
    }
    const seedMs = Math.round(performance.now() - t0);
    // the same way this process runs: built code (npm run bench:sla), or through tsx
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, process.argv[1], '--report', url, schema ?? ''],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    if (child.status !== 0) throw new Error(`report run failed (${child.status})`);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
    const ok = r.ms <= 5000 && r.peakRssMB <= 300;
    console.log(
      JSON.stringify({
        engine: PG ? 'postgres' : 'sqlite',
        accounts: N,
        changes: CHANGES,
        seedMs,
        ...r,
        target: '≤ 5000 ms, ≤ 300 MB',
        ok,
      }),
    );
    if (!ok && !QUICK) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (schema) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  }
}

await main();
