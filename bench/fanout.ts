/**
 * Fan-out benchmark: N subscribers receive one incident update, published through the real
 * action and delivered by the real Worker and channels to local receivers in separate
 * processes. Then, in the same run, the raw baseline (fanoutBaseline.ts: Flare's own clients and
 * threads, no database) drives the same receivers with the same messages.
 *
 *   node --import tsx bench/fanout.ts [--n 100000] [--mix both|webhook|email|all]
 *        [--email-share 0.5] [--db sqlite|postgres] [--baseline-max N] [--timeout-s 1800]
 *        [--warmup-ms 2000] [--json] [--batch N] [--inflight N]
 *
 * `--mix webhook` and `--mix email` make every subscriber one channel; `both` splits them by
 * --email-share; `all` runs the three in turn, each in a fresh process (fanoutAll.ts).
 * Everything listens on 127.0.0.1; the run stops by itself after --timeout-s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { createComponent } from '../src/actions/createComponent.js';
import { createIncident } from '../src/actions/createIncident.js';
import { updatePage } from '../src/actions/updatePage.js';
import { openApp } from '../src/app.js';
import { startWorker } from '../src/main/worker.js';
import { runBaseline } from './fanoutBaselineRun.js';
import { peakRssSampler, type Report, reset, startReceiver, waitUntil } from './fanoutReceivers.js';
import { report } from './fanoutReport.js';
import { threadCpu, threadCpuSince } from './fanoutThreads.js';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    mix: { type: 'string', default: 'both' },
    'email-share': { type: 'string', default: '0.5' },
    db: { type: 'string', default: 'sqlite' },
    /** messages per channel in the baseline (default: as many as Flare sends) */
    'baseline-max': { type: 'string' },
    'timeout-s': { type: 'string', default: '1800' },
    /** how long the worker runs before the update is published (its send thread loads) */
    'warmup-ms': { type: 'string', default: '2000' },
    json: { type: 'boolean', default: false },
    /** Worker options, to try other settings than the defaults */
    batch: { type: 'string' },
    inflight: { type: 'string' },
  },
});
if (!['both', 'webhook', 'email', 'all'].includes(args.mix))
  throw new Error('--mix must be both, webhook, email or all');
if (args.mix === 'all') {
  const { runAll } = await import('./fanoutAll.js');
  process.exit(await runAll(process.argv.slice(2)));
}
const N = Number(args.n);
const emailShare =
  args.mix === 'webhook' ? 0 : args.mix === 'email' ? 1 : Number(args['email-share']);
const engine = args.db === 'postgres' ? 'postgres' : 'sqlite';
if (!Number.isInteger(N) || N < 1) throw new Error('--n must be a positive integer');
if (!(emailShare >= 0 && emailShare <= 1)) throw new Error('--email-share must be within 0..1');
const overall = setTimeout(() => {
  console.error(`fanout bench: gave up after ${args['timeout-s']} s`);
  process.exit(2);
}, Number(args['timeout-s']) * 1000);

const now = () => performance.timeOrigin + performance.now();
const MB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const log = (...a: unknown[]) => console.log(...a);

// --- setup ----------------------------------------------------------------------------------
const [http, smtp] = await Promise.all([startReceiver('http'), startReceiver('smtp')]);
const dir = mkdtempSync(join(tmpdir(), 'flare-bench-'));
const pgUrl =
  process.env.FLARE_BENCH_DATABASE_URL ??
  process.env.FLARE_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_${Date.now().toString(36)}`;
if (engine === 'postgres') {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
}
const app = await openApp({
  logger: pino({ level: 'warn' }),
  store: engine === 'postgres' ? { schema } : undefined,
  config: {
    databaseUrl: engine === 'postgres' ? pgUrl : `sqlite:${join(dir, 'flare.db')}`,
    port: 0,
    allowPrivateNetwork: true,
    publicUrl: 'https://status.bench.test',
  },
});
const ctx = app.ctx();
await updatePage(ctx, { name: 'Bench', url: 'https://status.bench.test' });
const api = await createComponent(ctx, { name: 'API' });

const hookBase = `http://127.0.0.1:${http.port}/hook`;
const pct = Math.round(emailShare * 100);
const at = new Date().toISOString();
const t = now();
const seq =
  engine === 'postgres'
    ? sql`select n, 'bench-' || lpad(n::text, 9, '0') as id, md5(random()::text) as rnd from generate_series(1, ${N}::int) n`
    : sql`select n, printf('bench-%09d', n) as id, hex(randomblob(24)) as rnd from seq`;
const cte =
  engine === 'postgres'
    ? sql``
    : sql`with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${N})`;
await sql`
  insert into subscribers (id, channel, address, address_key, all_components, state, secret,
    locale, audience, consecutive_failures, confirm_attempts, source, created_at, updated_at, confirmed_at)
  ${cte}
  select c.id, c.channel, c.address, lower(c.address), 1, 'active',
    case when c.channel = 'webhook' then 'whsec_' || c.rnd end,
    'en', 'public', 0, 0, 'bench', ${at}, ${at}, ${at}
  from (select g.id, g.rnd,
    case when g.n % 100 < ${pct} then 'email' else 'webhook' end as channel,
    case when g.n % 100 < ${pct} then 'user' || g.n || '@example.com'
      else cast(${hookBase} as text) || '/' || g.n end as address
    from (${seq}) g) c
`.execute(app.store.db);
const seedMs = now() - t;
const mix = await app.store.db
  .selectFrom('subscribers')
  .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
  .groupBy('channel')
  .execute();
const want = { email: 0, webhook: 0 };
for (const r of mix) want[r.channel as 'email' | 'webhook'] = Number(r.n);
log(
  `seeded ${N.toLocaleString()} subscribers (${want.email} email, ${want.webhook} webhook) in ${(seedMs / 1000).toFixed(1)} s on ${engine}`,
);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  FLARE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}?tls=off`,
};
const running = startWorker(app, {
  env,
  ...(args.batch ? { batchSize: Number(args.batch) } : {}),
  ...(args.inflight ? { maxInflight: Number(args.inflight) } : {}),
});

// a running server's worker has long loaded its send thread when an incident is published
await new Promise((r) => setTimeout(r, Number(args['warmup-ms'])));

// --- the Flare run ---------------------------------------------------------------------------
await reset(http, smtp);
const idleRss = process.memoryUsage().rss;
const rss = peakRssSampler(
  process.env.BENCH_TRACE
    ? (m) =>
        log(
          `rss ${MB(m.rss)} heap ${MB(m.heapUsed)}/${MB(m.heapTotal)} external ${MB(m.external)} http ${http.count} smtp ${smtp.count}`,
        )
    : undefined,
);
const threads0 = threadCpu();
const cpu0 = process.cpuUsage();
const publishAt = now();
const incident = await createIncident(ctx, {
  name: 'Elevated API errors',
  status: 'investigating',
  body: 'We are **investigating** elevated error rates on the API. Next update in 20 minutes.',
  components: { [api.id]: 'major_outage' },
  next_update_in_minutes: 20,
});
await waitUntil(
  () => http.count >= want.webhook && smtp.count >= want.email,
  () => http.count + smtp.count,
);
const flareCpu = process.cpuUsage(cpu0);
const flareThreads = threadCpuSince(threads0);
const flareCpuMs = (flareCpu.user + flareCpu.system) / 1000;
const flareMem = rss.stop();
await running.worker.stop();
const [fh, fs] = await Promise.all([
  http.request<Report>({ type: 'report', publishAt }, 'report'),
  smtp.request<Report>({ type: 'report', publishAt }, 'report'),
]);
const note = await app.store.db
  .selectFrom('notifications')
  .selectAll()
  .where('incident_id', '=', incident.id)
  .executeTakeFirstOrThrow();
const states = await app.store.db
  .selectFrom('deliveries')
  .select(['channel', 'state', (eb) => eb.fn.countAll<number>().as('n')])
  .groupBy(['channel', 'state'])
  .execute();

// --- the raw baseline: same receivers, same messages, same clients and threads, no database --
const cap = args['baseline-max'] ? Number(args['baseline-max']) : Number.POSITIVE_INFINITY;
const counts = { webhook: Math.min(want.webhook, cap), email: Math.min(want.email, cap) };
await reset(http, smtp);
const baseline = await runBaseline({
  db: app.store.db,
  notificationId: note.id,
  now: app.clock.now(),
  page: app.site.defaultPage(),
  hookBase,
  smtpPort: smtp.port,
  env,
  counts,
});
const [bh, bs] = await Promise.all([
  http.request<Report>({ type: 'report', publishAt: baseline.startedAt }, 'report'),
  smtp.request<Report>({ type: 'report', publishAt: baseline.startedAt }, 'report'),
]);

report(
  {
    engine,
    n: N,
    mix: args.mix,
    want,
    seedMs,
    note,
    publishAt,
    flare: {
      webhook: fh,
      email: fs,
      cpuMs: flareCpuMs,
      threads: flareThreads,
      rss: flareMem,
      idleRss,
    },
    baseline: { webhook: bh, email: bs, counts, ...baseline },
    states,
  },
  args.json,
);

// --- cleanup ----------------------------------------------------------------------------------
await running.stop();
await app.close();
for (const r of [http, smtp]) r.child.send({ type: 'exit' });
if (engine === 'postgres') {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}
rmSync(dir, { recursive: true, force: true });
clearTimeout(overall);
process.exit(0);
