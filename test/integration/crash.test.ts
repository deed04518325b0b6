/**
 * The crash test: a worker process fanning out to 20,000 webhook subscribers is killed with
 * SIGKILL midway, and a new one finishes the job. Nothing is lost, and the only duplicates are
 * deliveries that were leased (in flight) at the kill, each carrying its first receipt's
 * idempotency key (webhook-id).
 */
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type HttpReceiver, startHttpReceiver, waitFor } from '../helpers/receivers.js';
import {
  childDatabaseUrl,
  seedWebhookSubscribers,
  spawnWorker,
  type WorkerProcess,
  waitUntil,
} from '../helpers/workerProcess.js';

const N = 20_000;
const MAX_INFLIGHT = 1000;

describeEachEngine('crash in the middle of a fan-out', (engine) => {
  let app: TestApp | undefined;
  let rx: HttpReceiver | undefined;
  const children: WorkerProcess[] = [];
  afterEach(async () => {
    for (const c of children) c.child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    children.length = 0;
    await rx?.close();
    await app?.cleanup();
  });

  it('delivers to every subscriber after a SIGKILL, duplicating only leased deliveries, with their keys', async () => {
    app = await makeTestApp(engine);
    rx = await startHttpReceiver();
    const received = rx.requests;
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    await seedWebhookSubscribers(app, N, rx.url);
    await createIncident(ctx, { name: 'Everything is down', body: 'We are on it.' });

    const env = {
      DATABASE_URL: childDatabaseUrl(app),
      FLARE_WORKER_LEASE_MS: '2000',
      FLARE_WORKER_MAX_INFLIGHT: String(MAX_INFLIGHT),
    };
    const first = spawnWorker(env);
    children.push(first);
    const firstId = await first.ready;
    await waitFor(() => received.length >= N * 0.35, 20_000, '35% of the messages');
    first.child.kill('SIGKILL');
    await first.exited;
    const seenAtKill = new Set(received.map((r) => r.url)).size;
    await new Promise((r) => setTimeout(r, 200));
    const states = await countStates(app);
    const leasedAtKill = states.sending ?? 0;
    expect(seenAtKill).toBeLessThan(N);
    expect(leasedAtKill).toBeLessThanOrEqual(MAX_INFLIGHT);

    const second = spawnWorker(env);
    children.push(second);
    const secondId = await second.ready;
    expect(secondId).not.toBe(firstId);
    const db = app;
    await waitUntil(
      async () => (await countStates(db)).sent === N,
      30_000,
      'every delivery to be recorded as sent',
    );
    await second.stop(5_000);

    // every subscriber received the message
    const keysByPath = new Map<string, Set<string>>();
    const pathsByKey = new Map<string, Set<string>>();
    for (const r of received) {
      const key = String(r.headers['webhook-id']);
      add(keysByPath, r.url, key);
      add(pathsByKey, key, r.url);
    }
    expect(keysByPath.size).toBe(N);
    for (let i = 1; i <= N; i += 997) expect(keysByPath.has(`/s/${i}`)).toBe(true);
    // a duplicate carries its first receipt's key: one key per subscriber, one subscriber per key
    expect(pathsByKey.size).toBe(N);
    expect([...keysByPath.values()].every((k) => k.size === 1)).toBe(true);
    expect([...pathsByKey.values()].every((p) => p.size === 1)).toBe(true);
    // duplicates only from deliveries leased at the kill
    const duplicates = received.length - N;
    expect(duplicates).toBeLessThanOrEqual(leasedAtKill);
    const rows = await app.store.db
      .selectFrom('deliveries')
      .select(({ fn }) => [fn.countAll<number>().as('n'), fn.max('attempts').as('max')])
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(N);
    expect(Number(rows.max)).toBeLessThanOrEqual(2);
    console.log(
      `[crash ${engine}] killed at ${seenAtKill}/${N} received, ${leasedAtKill} leased; ` +
        `${duplicates} duplicates after the restart`,
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

function add(m: Map<string, Set<string>>, k: string, v: string): void {
  let s = m.get(k);
  if (!s) {
    s = new Set();
    m.set(k, s);
  }
  s.add(v);
}
