import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flare-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FLARE_SECRET_KEY', () => {
  const saved = process.env.FLARE_SECRET_KEY;
  const apps: TestApp[] = [];
  afterEach(async () => {
    if (saved === undefined) delete process.env.FLARE_SECRET_KEY;
    else process.env.FLARE_SECRET_KEY = saved;
    for (const a of apps.splice(0)) await a.cleanup();
  });

  for (const short of ['', 'x', 'a'.repeat(31)]) {
    it(`refuses to open the app with a ${short.length}-byte key, naming the variable`, async () => {
      process.env.FLARE_SECRET_KEY = short;
      await expect(makeTestApp('sqlite')).rejects.toThrow(
        /FLARE_SECRET_KEY must be at least 32 bytes/,
      );
    });
  }

  it('signs with a key of 32 bytes or more', async () => {
    const key = 'k'.repeat(32);
    process.env.FLARE_SECRET_KEY = key;
    const app = await makeTestApp('sqlite');
    apps.push(app);
    expect(app.secretKey.equals(Buffer.from(key))).toBe(true);
    expect(app.ctx().secretKey.equals(Buffer.from(key))).toBe(true);
  });

  it('makes and keeps a 32-byte key when the variable is unset', async () => {
    delete process.env.FLARE_SECRET_KEY;
    const app = await makeTestApp('sqlite');
    apps.push(app);
    expect(app.secretKey.length).toBe(32);
    expect(app.ctx().secretKey.equals(app.secretKey)).toBe(true);
    const stored = await app.store.db
      .selectFrom('flare_meta')
      .select('value')
      .where('key', '=', 'secret_key')
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.value, 'base64').equals(app.secretKey)).toBe(true);
  });

  it('`flare serve` exits non-zero with one line naming the variable', async () => {
    const run = await runCli(['serve', '--port', '0'], {
      dbUrl: `sqlite:${join(dir, 'flare.db')}`,
      env: { FLARE_SECRET_KEY: 'too-short' },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      'flare: FLARE_SECRET_KEY must be at least 32 bytes long (it is 9)',
    );
  });
});
