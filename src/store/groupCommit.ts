/**
 * Group commit: jobs that arrive while a transaction is running share the next one, each in its
 * own savepoint. A job that throws rolls back only its savepoint and rejects only its own promise;
 * the others commit. Every promise settles after the commit (or with the commit's error), so a
 * caller that was told "stored" is never lost. Used where many small writes arrive at once (the
 * enquiry intake at a thousand a second), where one commit per write would be most of the cost.
 */
import { sql } from 'kysely';
import type { Db, Store } from './db.js';

export type Job<T> = (trx: Db, at: string) => Promise<T>;

interface Pending {
  job: Job<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Queue {
  items: Pending[];
  /** groups running now */
  running: number;
}

/** The most jobs one transaction takes; the rest wait for the next. */
export const GROUP_MAX = 100;

/**
 * Groups that may run at once. SQLite has one writer, so one. PostgreSQL runs each statement as
 * a round trip, so one group at a time would queue every job behind one connection: several
 * groups run side by side on the pool's connections (leaving some for reads).
 */
export const lanesFor = (store: Store) => (store.engine === 'sqlite' ? 1 : 6);

const queues = new WeakMap<Store, Queue>();

/**
 * Runs `fn` in a savepoint of `trx` named `name`: its writes are undone when it throws, and the
 * transaction goes on. The savepoint is not released (each release is a round trip on
 * PostgreSQL); the commit ends it, and a later savepoint of the same name hides it.
 */
export async function inSavepoint<T>(trx: Db, name: string, fn: () => Promise<T>): Promise<T> {
  const id = sql.id(name);
  await sql`savepoint ${id}`.execute(trx);
  try {
    return await fn();
  } catch (err) {
    await sql`rollback to savepoint ${id}`.execute(trx);
    throw err;
  }
}

/** Queues `job` for the store's next group transaction; `now` gives the transaction's time. */
export function groupCommit<T>(store: Store, now: () => Date, job: Job<T>): Promise<T> {
  let q = queues.get(store);
  if (!q) {
    q = { items: [], running: 0 };
    queues.set(store, q);
  }
  const queue = q;
  return new Promise<T>((resolve, reject) => {
    queue.items.push({ job, resolve: resolve as (v: unknown) => void, reject });
    if (queue.running < lanesFor(store)) {
      queue.running++;
      setImmediate(() => void drain(store, now, queue));
    }
  });
}

async function drain(store: Store, now: () => Date, q: Queue): Promise<void> {
  while (q.items.length) {
    const batch = q.items.splice(0, GROUP_MAX);
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      await store.db.transaction().execute(async (trx) => {
        const at = now().toISOString();
        for (const p of batch) {
          try {
            results.push({ ok: true, value: await inSavepoint(trx, 'job', () => p.job(trx, at)) });
          } catch (err) {
            results.push({ ok: false, value: err });
          }
        }
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
      continue;
    }
    for (const [i, p] of batch.entries()) {
      if (results[i].ok) p.resolve(results[i].value);
      else p.reject(results[i].value);
    }
  }
  q.running--;
}
