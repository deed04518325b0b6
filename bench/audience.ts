/**
 * Audience benchmark: 1,000,000 contacts in 200,000 accounts; one audience-only update to the
 * accounts whose footprint touches the affected components (100,000 contacts). Measures what
 * Flare does for it, the preview count (resolving the audience) and the durable chunked
 * expansion into deliveries (expandStep, as the worker runs it), against the raw baseline in the
 * same run: the same driver running one hand-written INSERT … SELECT that walks the index from
 * the affected components to their contacts, with no chunks and no cursor.
 *
 *   node bench/out/audience.mjs [--db sqlite|postgres] [--accounts 200000] [--per 5] [--json]
 *
 * (`npm run bench:audience -- --db postgres` builds and runs it.) The run stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { expandStep } from '../src/dispatch/expand.js';
import type { ResolvedTarget } from '../src/domain/audience.js';
import { type Db, openStore } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { audienceContactsSql } from '../src/store/queries/audienceSql.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    accounts: { type: 'string', default: '200000' },
    per: { type: 'string', default: '5' },
    components: { type: 'string', default: '50' },
    affected: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const ACCOUNTS = Number(args.accounts);
const PER = Number(args.per);
const COMPONENTS = Number(args.components);
const AFFECTED = Number(args.affected);
const engine = args.db === 'postgres' ? 'postgres' : 'sqlite';
const PG_URL = process.env.FLARE_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const guard = setTimeout(() => {
  console.error('audience bench: gave up after 20 minutes');
  process.exit(2);
}, 20 * 60_000);
guard.unref();

const MB = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const AT = '2026-12-01T12:00:00.000Z';

async function open(): Promise<{ db: Db; done: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flare-audience-'));
    const store = openStore(`sqlite:${join(dir, 'flare.db')}`);
    return {
      db: store.db,
      done: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_audience_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const store = openStore(PG_URL, { schema });
  return {
    db: store.db,
    done: async () => {
      await store.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

/** 0 … n-1 as rows `i`, in each engine's idiom; and a zero-padded id from i. */
const series = (n: number) =>
  engine === 'sqlite'
    ? sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${n - 1}) select i from n`
    : sql`select generate_series(0, ${n - 1}) as i`;
const padded = (prefix: string, expr: ReturnType<typeof sql>) =>
  engine === 'sqlite'
    ? sql`${prefix} || printf('%08d', ${expr})`
    : sql`${prefix} || lpad((${expr})::text, 8, '0')`;

async function seed(db: Db): Promise<string[]> {
  const t = Date.now();
  for (let c = 0; c < COMPONENTS; c++) {
    await db
      .insertInto('components')
      .values({
        id: `comp${String(c).padStart(3, '0')}`,
        name: `Component ${c}`,
        description: null,
        status: 'operational',
        position: c,
        group_id: null,
        is_group: 0,
        showcase: 1,
        only_show_if_degraded: 0,
        start_date: null,
        created_at: AT,
        updated_at: AT,
      } as never)
      .execute();
  }
  const tier = sql`case i % 3 when 0 then 'enterprise' when 1 then 'business' else 'free' end`;
  await sql`insert into accounts (id, name, external_id, tier, criticality, tags, created_at, updated_at)
    select ${padded('acc', sql`i`)}, 'Account ' || i, ${padded('crm', sql`i`)}, ${tier}, 'normal', '[]', ${AT}, ${AT}
    from (${series(ACCOUNTS)}) s`.execute(db);
  // each account uses one component; the first AFFECTED components' accounts are the affected ones
  await sql`insert into account_components (account_id, component_id)
    select ${padded('acc', sql`i`)}, 'comp' || ${engine === 'sqlite' ? sql`printf('%03d', i % ${COMPONENTS})` : sql`lpad((i % ${COMPONENTS})::text, 3, '0')`}
    from (${series(ACCOUNTS)}) s`.execute(db);
  // contacts: PER per account, interleaved in id order with the other accounts' contacts
  await sql`insert into subscribers (id, channel, address, address_key, all_components, state, confirm_attempts,
      locale, audience, consecutive_failures, source, created_at, updated_at, confirmed_at, account_id, contact_role)
    select ${padded('sub', sql`i`)}, 'email', 'c' || i || '@bench.example', 'c' || i || '@bench.example', 1, 'active', 0,
      'en', 'public', 0, 'bench', ${AT}, ${AT}, ${AT}, ${padded('acc', sql`i % ${ACCOUNTS}`)}, 'technical'
    from (${series(ACCOUNTS * PER)}) s`.execute(db);
  await sql`analyze`.execute(db);
  console.error(
    `seeded ${ACCOUNTS} accounts, ${ACCOUNTS * PER} contacts in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  return Array.from({ length: AFFECTED }, (_, c) => `comp${String(c).padStart(3, '0')}`);
}

const TARGET: ResolvedTarget = {
  key: 'affected_customers',
  match: { affected_only: true },
  channels: ['email'],
  outreach: false,
};
const KEY_RULE = { tiers: ['enterprise'], criticality: ['critical' as const] };

async function notification(db: Db, id: string, comps: string[]): Promise<void> {
  await db
    .insertInto('incidents')
    .values({
      id: `inc_${id}`,
      kind: 'incident',
      name: 'Bench',
      status: 'investigating',
      impact: 'major',
      impact_override: 0,
      created_at: AT,
      updated_at: AT,
      started_at: AT,
      monitoring_at: null,
      resolved_at: null,
      scheduled_for: null,
      scheduled_until: null,
      auto_transition: 0,
      next_update_at: null,
      postmortem_body: null,
      postmortem_published_at: null,
      severity: null,
      visibility: 'audiences',
    })
    .execute();
  for (const c of comps)
    await db
      .insertInto('incident_components')
      .values({ incident_id: `inc_${id}`, component_id: c, status: 'major_outage' })
      .execute();
  await db
    .insertInto('notifications')
    .values({
      id,
      kind: 'incident.created',
      incident_id: `inc_${id}`,
      update_id: null,
      component_id: null,
      payload: JSON.stringify({ targets: [TARGET], key_rule: KEY_RULE, public: false }),
      state: 'pending',
      created_at: AT,
      expanded_at: null,
    })
    .execute();
}

async function flare(db: Db, comps: string[]) {
  await notification(db, 'n_flare', comps);
  const t0 = performance.now();
  const counted = await sql<{ n: number }>`
    select count(*) as n from ${audienceContactsSql([TARGET], comps, KEY_RULE)}`.execute(db);
  const resolveMs = performance.now() - t0;
  const t1 = performance.now();
  let queued = 0;
  let chunks = 0;
  for (;;) {
    const step = await expandStep(db, engine, () => new Date(AT));
    if (!step) break;
    queued += step.queued;
    chunks++;
  }
  const expandMs = performance.now() - t1;
  return { contacts: Number(counted.rows[0]?.n), resolveMs, expandMs, queued, chunks };
}

/** The raw client: one statement from the affected components to their contacts. */
async function baseline(db: Db, comps: string[]) {
  await db
    .insertInto('notifications')
    .values({
      id: 'n_base',
      kind: 'incident.created',
      incident_id: null,
      update_id: null,
      component_id: null,
      payload: '{}',
      state: 'expanded',
      created_at: AT,
      expanded_at: AT,
    })
    .execute();
  const t0 = performance.now();
  const r = await sql`
    insert into deliveries (notification_id, subscriber_id, channel, state, attempts, next_attempt_at, queued_at)
    select 'n_base', s.id, s.channel, 'queued', 0, ${AT}, ${AT}
    from account_components ac join subscribers s on s.account_id = ac.account_id
    where ac.component_id in (${sql.join(comps)}) and s.state = 'active' and s.channel = 'email'`.execute(
    db,
  );
  return { queued: Number(r.numAffectedRows ?? 0), ms: performance.now() - t0 };
}

const { db, done } = await open();
try {
  await migrateToLatest(db);
  const comps = await seed(db);
  peak = process.memoryUsage().rss;
  const f = await flare(db, comps);
  const b = await baseline(db, comps);
  clearInterval(sampler);
  const result = {
    engine,
    accounts: ACCOUNTS,
    contacts: ACCOUNTS * PER,
    audience: f.contacts,
    flare: {
      resolveMs: Math.round(f.resolveMs),
      expandMs: Math.round(f.expandMs),
      totalMs: Math.round(f.resolveMs + f.expandMs),
      queued: f.queued,
      chunks: f.chunks,
    },
    baseline: { ms: Math.round(b.ms), queued: b.queued },
    peakRss: peak,
  };
  if (f.queued !== f.contacts || b.queued !== f.contacts)
    throw new Error(
      `counts differ: preview ${f.contacts}, Flare ${f.queued}, baseline ${b.queued}`,
    );
  if (args.json) console.log(JSON.stringify(result));
  else {
    console.log(
      `${engine}: ${ACCOUNTS.toLocaleString()} accounts, ${(ACCOUNTS * PER).toLocaleString()} contacts, audience ${f.contacts.toLocaleString()}`,
    );
    console.log(
      `  Flare: resolve ${result.flare.resolveMs} ms + expand ${result.flare.expandMs} ms (${f.chunks} chunks) = ${result.flare.totalMs} ms`,
    );
    console.log(`  baseline (one raw INSERT … SELECT): ${result.baseline.ms} ms`);
    console.log(`  peak RSS ${MB(peak)}`);
  }
} finally {
  await done();
}
