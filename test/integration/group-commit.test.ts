/**
 * Group commit (store/groupCommit.ts) on real SQLite and PostgreSQL: jobs queued together share
 * one transaction; a job that throws undoes only its own writes and rejects only its own promise;
 * a job queued while a group runs goes into the next one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { groupCommit } from '../../src/store/groupCommit.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

describeEachEngine('group commit', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeTestApp(engine);
  });
  afterAll(() => app.cleanup());

  const now = () => new Date('2026-12-01T10:00:00Z');
  const put = (trx: Parameters<Parameters<typeof groupCommit>[2]>[0], key: string) =>
    trx.insertInto('plan_settings').values({ key, value: 'x' }).execute();
  const keys = async () =>
    (
      await app.store.db
        .selectFrom('plan_settings')
        .select('key')
        .where('key', 'like', 'gc.%')
        .execute()
    )
      .map((r) => r.key)
      .sort();

  it('shares one transaction and isolates the job that fails', async () => {
    const trxs = new Set<unknown>();
    const jobs = Array.from({ length: 12 }, (_, i) =>
      groupCommit(app.store, now, async (trx, at) => {
        trxs.add(trx);
        expect(at).toBe('2026-12-01T10:00:00.000Z');
        await put(trx, `gc.${String(i).padStart(2, '0')}`);
        if (i === 5) {
          await put(trx, 'gc.half-written');
          throw new Error('job 5 fails');
        }
        return i;
      }),
    );
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(
      jobs.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')),
    );
    expect((settled[5] as PromiseRejectedResult).reason.message).toBe('job 5 fails');
    expect((settled[3] as PromiseFulfilledResult<number>).value).toBe(3);
    expect(trxs.size).toBe(1);
    const want = Array.from({ length: 12 }, (_, i) => `gc.${String(i).padStart(2, '0')}`).filter(
      (k) => k !== 'gc.05',
    );
    expect(await keys()).toEqual(want);
  });

  it('puts a job queued while a group is running into the next group', async () => {
    const trxs: unknown[] = [];
    let late: Promise<unknown> | undefined;
    const first = groupCommit(app.store, now, async (trx) => {
      trxs.push(trx);
      late = groupCommit(app.store, now, async (t2) => {
        trxs.push(t2);
        await put(t2, 'gc.late');
      });
      await put(trx, 'gc.first');
    });
    await first;
    await late;
    expect(trxs).toHaveLength(2);
    expect(trxs[0]).not.toBe(trxs[1]);
    expect(await keys()).toContain('gc.late');
  });
});
