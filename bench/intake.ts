import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { CLI } from '../src/actions/context.js';
import { createComponent } from '../src/actions/createComponent.js';
import { createIntegration } from '../src/actions/createIntegration.js';
import { setPlanSetting } from '../src/actions/setPlanSetting.js';
import { intakePath } from '../src/http/routes/v1/integrations.js';
import { newId } from '../src/lib/ids.js';
import { inParallel, withBenchApp } from './benchApp.js';

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
const _PG_URL = process.env.FLARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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

async function main() {
  const engine = args.pg ? 'postgres' : 'sqlite';
  await withBenchApp(
    engine,
    'intake',
    {
      // one client posts everything: the per-IP limit (600 a minute) would refuse most of it
      inboundRateLimit: 100_000_000,
    },
    async (app, server) => {
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
    },
  );
}

await main();
