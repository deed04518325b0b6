import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { CLI } from '../src/actions/context.js';
import { createAccount } from '../src/actions/createAccount.js';
import { createComponent } from '../src/actions/createComponent.js';
import { createContact } from '../src/actions/createContact.js';
import { createIncident } from '../src/actions/createIncident.js';
import { createToken } from '../src/actions/createToken.js';
import { newId } from '../src/lib/ids.js';
import { inParallel, withBenchApp } from './benchApp.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    count: { type: 'string' },
    stored: { type: 'string' },
    pages: { type: 'string' },
    pg: { type: 'boolean', default: false },
    connections: { type: 'string' },
  },
});
const QUICK = args.quick;
const COUNT = Math.min(Number(args.count ?? (QUICK ? 500 : 20_000)), 1_000_000);
const STORED = Math.min(Number(args.stored ?? (QUICK ? 5_000 : 100_000)), 2_000_000);
const PAGES = Math.min(Number(args.pages ?? (QUICK ? 100 : 1_000)), 100_000);
const CONNECTIONS = Math.min(Number(args.connections ?? 50), 200);
const ACCOUNTS = QUICK ? 50 : 1_000;
const _PG_URL = process.env.FLARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const TEXTS = [
  'Checkout fails with the Payments API, our customers cannot pay. This is unacceptable.',
  'Payments down again? Any ETA?',
  'Thanks for the quick update, we appreciate it.',
  'Is the payments outage affecting refunds too?',
];
const CHANNELS = ['email', 'sms', 'social', 'helpdesk', 'phone'];
const body = (i: number) => ({
  channel: CHANNELS[i % CHANNELS.length],
  from: `c${i % (ACCOUNTS * 2)}@customer${i % (ACCOUNTS * 2)}.example`,
  text: TEXTS[i % TEXTS.length],
});

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const engine = args.pg ? 'postgres' : 'sqlite';
  await withBenchApp(engine, 'enq', {}, async (app, server) => {
    const ctx = app.ctx(CLI);
    const api = (await createComponent(ctx, { name: 'Payments API' })).id;
    await createIncident(ctx, {
      name: 'Payments failing',
      body: 'Card payments are failing.',
      components: { [api]: 'major_outage' },
      deliver_notifications: false,
    });
    for (let i = 0; i < ACCOUNTS; i++) {
      const a = await createAccount(ctx, {
        name: `Customer ${i}`,
        tier: 'business',
        criticality: 'normal',
      });
      await createContact(ctx, a.id, { email: `c${i}@customer${i}.example` });
    }
    const { secret } = await createToken(ctx, { name: 'bench', scope: 'write' });
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    const pool = new Pool(address, { connections: CONNECTIONS, pipelining: 1 });
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };

    // 1. the intake over HTTP, then the raw baseline with the same DB client
    let failed = 0;
    const intakeMs = await inParallel(COUNT, CONNECTIONS, async (i) => {
      const r = await pool.request({
        method: 'POST',
        path: '/api/v1/enquiries',
        headers,
        body: JSON.stringify(body(i)),
      });
      await r.body.dump();
      if (r.statusCode !== 201) failed++;
    });
    const processed = await app.store.db
      .selectFrom('enquiries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('processed', '=', 1)
      .where('incident_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    const rawRow = (i: number) => {
      const b = body(i);
      return {
        id: newId(),
        channel: b.channel,
        source: 'bench',
        sender: b.from,
        body: b.text,
        raw: JSON.stringify(b),
        received_at: at,
        created_at: at,
        updated_at: at,
        status: 'new',
        flags: '[]',
        key_account: 0,
        negative: 0,
        processed: 1,
        attempts: 0,
        incident_pinned: 0,
      };
    };
    const baselineMs = await inParallel(COUNT, CONNECTIONS, async (i) => {
      await app.store.db.insertInto('enquiries').values(rawRow(i)).execute();
    });

    // 2. fill the table up to STORED, then time the inbox's first page
    const have = 2 * COUNT;
    for (let i = have; i < STORED; i += 500) {
      const rows = Array.from({ length: Math.min(500, STORED - i) }, (_, k) => rawRow(i + k));
      await app.store.db.insertInto('enquiries').values(rows).execute();
    }
    const times: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      const t0 = performance.now();
      const r = await pool.request({ method: 'GET', path: '/api/v1/enquiries?limit=50', headers });
      await r.body.dump();
      if (r.statusCode !== 200) failed++;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    await pool.close();
    const out = {
      engine,
      connections: CONNECTIONS,
      intake: {
        enquiries: COUNT,
        per_sec: Math.round(COUNT / (intakeMs / 1000)),
        processed_and_linked: Number(processed.n),
        failed,
      },
      baseline_raw_inserts: { rows: COUNT, per_sec: Math.round(COUNT / (baselineMs / 1000)) },
      inbox_first_page: {
        stored: Math.max(STORED, have),
        requests: PAGES,
        p50_ms: Number(pct(times, 50).toFixed(2)),
        p99_ms: Number(pct(times, 99).toFixed(2)),
      },
    };
    console.log(JSON.stringify(out, null, 2));
  });
}

await main();
