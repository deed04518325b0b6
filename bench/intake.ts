/**
 * Alert intake (issue #13): Alertmanager webhooks (version 4) posted to an integration's URL at
 * 50 connections on 127.0.0.1, each carrying `--per` alerts of one group (as Alertmanager
 * sends them), spread over `--groups` groups: every body stored raw, read, grouped and its group's
 * draft opened or updated. The same-run baseline inserts the same bodies raw into the receipts
 * table (no parsing, no grouping, no audit) with the same DB client (the app's Kysely), 50 at a
 * time. Reports alerts per second for both, and the drafts made (at most one per group).
 *
 *   node --import tsx bench/intake.ts --quick        (a small run that shows it works)
 *   node --import tsx bench/intake.ts [--alerts 100000] [--per 20] [--groups 50] [--pg]
 * Every loop is bounded; the server listens on 127.0.0.1 only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { Pool } from 'undici';
import { CLI } from '../src/actions/context.js';
import { createComponent } from '../src/actions/createComponent.js';
import { createIntegration } from '../src/actions/createIntegration.js';
import { setPlanSetting } from '../src/actions/setPlanSetting.js';
import { openApp } from '../src/app.js';
import { intakePath } from '../src/http/routes/v1/integrations.js';
import { buildServer } from '../src/http/server.js';
import { newId } from '../src/lib/ids.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    alerts: { type: 'string' },
    per: { type: 'string' },
    groups: { type: 'string' },
    pg: { type: 'boolean', default: false },
    connections: { type: 'string' },
  },
});
const QUICK = args.quick;
const PER = Math.max(1, Math.min(Number(args.per ?? 20), 1000));
const ALERTS = Math.min(Number(args.alerts ?? (QUICK ? 10_000 : 100_000)), 10_000_000);
const GROUPS = Math.max(1, Math.min(Number(args.groups ?? 50), 100_000));
const CONNECTIONS = Math.min(Number(args.connections ?? 50), 200);
const REQUESTS = Math.ceil(ALERTS / PER);
const PG_URL = process.env.FLARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One Alertmanager v4 webhook: `PER` firing alerts of group `g`. */
function payload(i: number): string {
  const g = i % GROUPS;
  const startsAt = new Date(Date.UTC(2026, 11, 1, 10, 0, 0)).toISOString();
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="HighErrorRate", service="svc${g}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'flare',
    groupLabels: { alertname: 'HighErrorRate', service: `svc${g}` },
    commonLabels: { alertname: 'HighErrorRate', service: `svc${g}`, severity: 'critical' },
    commonAnnotations: { summary: `Error rate above 5% on svc${g}` },
    externalURL: 'http://alertmanager.example:9093',
    alerts: Array.from({ length: PER }, (_, k) => ({
      status: 'firing',
      labels: {
        alertname: 'HighErrorRate',
        service: `svc${g}`,
        instance: `i${(i * PER + k) % 997}`,
        severity: 'critical',
      },
      annotations: { summary: `Error rate above 5% on svc${g}` },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: `${g.toString(16).padStart(8, '0')}${(k % 997).toString(16).padStart(8, '0')}`,
    })),
  });
}

async function inParallel(n: number, width: number, job: (i: number) => Promise<void>) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await job(next++);
    }),
  );
  return performance.now() - t0;
}

async function main() {
  const engine = args.pg ? 'postgres' : 'sqlite';
  const dir = mkdtempSync(join(tmpdir(), 'flare-bench-intake-'));
  let schema: string | undefined;
  if (engine === 'postgres') {
    schema = `bench_intake_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const app = await openApp({
    logger: pino({ level: 'silent' }),
    config: {
      databaseUrl: engine === 'sqlite' ? `sqlite:${join(dir, 'flare.db')}` : PG_URL,
      host: '127.0.0.1',
      port: 0,
      // one client posts everything: the per-IP limit (600 a minute) would refuse most of it
      inboundRateLimit: 100_000_000,
    },
    ...(schema ? { store: { schema } } : {}),
  });
  const server = await buildServer(app);
  try {
    const ctx = app.ctx(CLI);
    await createComponent(ctx, { name: 'API' });
    // drafts open on the first alert (no flap window), so every request does the full work
    await setPlanSetting(ctx, { key: 'alert_flap_minutes', value: 0 });
    const integ = await createIntegration(ctx, { name: 'Prometheus', kind: 'alertmanager' });
    const path = intakePath(integ.id, integ.secret);
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    const pool = new Pool(address, { connections: CONNECTIONS, pipelining: 1 });
    const bodies = Array.from({ length: Math.min(REQUESTS, GROUPS * 4) }, (_, i) => payload(i));
    const body = (i: number) => bodies[i % bodies.length];
    let failed = 0;
    const intakeMs = await inParallel(REQUESTS, CONNECTIONS, async (i) => {
      const r = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: body(i),
      });
      await r.body.dump();
      if (r.statusCode >= 300) failed++;
    });
    await pool.close();
    const drafts = await app.store.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const processed = await app.store.db
      .selectFrom('alert_receipts')
      .select((eb) => eb.fn.sum<number>('alert_count').as('n'))
      .where('processed', '=', 1)
      .executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    const baselineMs = await inParallel(REQUESTS, CONNECTIONS, async (i) => {
      await app.store.db
        .insertInto('alert_receipts')
        .values({
          id: newId(),
          integration_id: integ.id,
          body: body(i),
          received_at: at,
          processed: 1,
          attempts: 0,
          next_attempt_at: at,
          alert_count: PER,
          last_error: null,
        })
        .execute();
    });
    const alerts = REQUESTS * PER;
    console.log(
      JSON.stringify(
        {
          engine,
          connections: CONNECTIONS,
          alerts_per_request: PER,
          groups: GROUPS,
          intake: {
            requests: REQUESTS,
            alerts,
            alerts_per_sec: Math.round(alerts / (intakeMs / 1000)),
            requests_per_sec: Math.round(REQUESTS / (intakeMs / 1000)),
            processed_alerts: Number(processed.n),
            drafts: Number(drafts.n),
            failed,
          },
          baseline_raw_inserts: {
            alerts,
            alerts_per_sec: Math.round(alerts / (baselineMs / 1000)),
            requests_per_sec: Math.round(REQUESTS / (baselineMs / 1000)),
          },
          peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
        },
        null,
        2,
      ),
    );
  } finally {
    await server.close();
    await app.close();
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
