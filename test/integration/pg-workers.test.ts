/**
 * Two `flare worker`-style processes claim from one PostgreSQL schema at once (FOR UPDATE SKIP
 * LOCKED): both do part of a 5,000-subscriber fan-out, and no delivery is sent by both.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { makeTestApp, PG_URL, type TestApp } from '../helpers/app.js';
import { type HttpReceiver, startHttpReceiver } from '../helpers/receivers.js';
import {
  childDatabaseUrl,
  seedWebhookSubscribers,
  spawnWorker,
  type WorkerProcess,
  waitUntil,
} from '../helpers/workerProcess.js';

const N = 5_000;

if (!PG_URL) console.log('[pg-workers] skipped: no PostgreSQL server found');

describe.skipIf(!PG_URL)('two worker processes on one PostgreSQL database', () => {
  let app: TestApp | undefined;
  let rx: HttpReceiver | undefined;
  const children: WorkerProcess[] = [];
  afterEach(async () => {
    for (const c of children) c.child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await rx?.close();
    await app?.cleanup();
  });

  it('share a fan-out of 5,000 webhooks and send each delivery exactly once', async () => {
    const db = await makeTestApp('postgres');
    app = db;
    rx = await startHttpReceiver();
    const received = rx.requests;
    const ctx = db.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    await seedWebhookSubscribers(db, N, rx.url);

    // small windows, so neither worker can take the whole fan-out in one claim
    const env = {
      DATABASE_URL: childDatabaseUrl(db),
      FLARE_WORKER_BATCH: '100',
      FLARE_WORKER_MAX_INFLIGHT: '200',
    };
    const workers = [spawnWorker(env), spawnWorker(env)];
    children.push(...workers);
    const ids = await Promise.all(workers.map((w) => w.ready));
    expect(new Set(ids).size).toBe(2);

    // both are polling before there is anything to claim
    await createIncident(ctx, { name: 'Everything is down', body: 'We are on it.' });
    await waitUntil(
      async () => (await countStates(db)).sent === N,
      45_000,
      'every delivery to be recorded as sent',
    );
    await Promise.all(workers.map((w) => w.stop()));

    const keys = received.map((r) => String(r.headers['webhook-id']));
    expect(new Set(keys).size).toBe(N);
    expect(received.length).toBe(N);
    expect(new Set(received.map((r) => r.url)).size).toBe(N);

    const byWorker = await db.store.db
      .selectFrom('deliveries')
      .select(['worker', ({ fn }) => fn.countAll<number>().as('n')])
      .groupBy('worker')
      .execute();
    expect(byWorker.map((r) => r.worker).sort()).toEqual([...ids].sort());
    for (const r of byWorker) expect(Number(r.n)).toBeGreaterThan(0);
    const retried = await db.store.db
      .selectFrom('deliveries')
      .select('id')
      .where('attempts', '!=', 1)
      .execute();
    expect(retried).toEqual([]);
    console.log(
      `[pg-workers] ${byWorker.map((r) => `${r.worker}: ${r.n}`).join(', ')} of ${N} deliveries`,
    );
  }, 90_000);
});

async function countStates(app: TestApp): Promise<Record<string, number>> {
  const r = await sql<{
    state: string;
    n: number;
  }>`select state, count(*) as n from deliveries group by state`.execute(app.store.db);
  return Object.fromEntries(r.rows.map((x) => [x.state, Number(x.n)]));
}
