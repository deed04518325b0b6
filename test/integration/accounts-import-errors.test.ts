/**
 * The account import reads the next batch while the last one is written: when a batch fails to
 * write, that failure is what the caller hears, even if reading then also went wrong.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI } from '../../src/actions/context.js';
import { ACCOUNT_BATCH, importAccounts } from '../../src/actions/importAccounts.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

describeEachEngine('account import errors', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await makeTestApp(engine);
  });
  afterEach(async () => {
    await app?.cleanup();
  });

  it('reports a batch that failed to write, not the bad line read after it', async () => {
    const lines = ['external_id,name,tier'];
    for (let i = 0; i < ACCOUNT_BATCH + 5; i++) lines.push(`e-${i},Account ${i},free`);
    lines.push('e-bad,"never closed,free');
    const csv = Readable.from([`${lines.join('\n')}\n`]);
    let calls = 0;
    const run = importAccounts(app.ctx(CLI), csv, {
      format: 'csv',
      onProgress: () => {
        calls++;
        throw new Error('the progress display broke');
      },
    });
    await expect(run).rejects.toThrow('the progress display broke');
    expect(calls).toBe(1);
    // the first batch was written before the failure was seen
    const n = await app.store.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(ACCOUNT_BATCH);
  });

  it('still names the bad line when every batch before it was written', async () => {
    const csv = Readable.from(['external_id,name,tier\ne-1,One,free\ne-2,"never closed,free\n']);
    await expect(importAccounts(app.ctx(CLI), csv, { format: 'csv' })).rejects.toMatchObject({
      fields: { 'line 3': expect.stringMatching(/never closed/) },
    });
  });
});
