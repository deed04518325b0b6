/** `flare accounts import` and `flare accounts list`, run as the real CLI against a real database. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/app.js';
import { flare, flareJson, pgSchema } from '../helpers/cli.js';

for (const engine of ENGINES) {
  describe(`flare accounts [${engine}]`, { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'flare-accounts-'));
    let url = `sqlite:${join(dir, 'flare.db')}`;
    const schema = pgSchema('acc');
    beforeAll(async () => {
      if (engine === 'postgres') {
        await schema.create();
        url = schema.url;
      }
    });
    afterAll(async () => {
      if (engine === 'postgres') await schema.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports CSV, then again as updates, and lists what it imported', async () => {
      const csv = join(dir, 'accounts.csv');
      writeFileSync(
        csv,
        [
          'external_id,name,tier,criticality,tags,contact_name,contact_email,contact_role',
          'a-1,"Acme, Inc.",enterprise,critical,key;eu,Jo,jo@acme.example,technical',
          'a-1,,,,,Bill,bill@acme.example,billing',
          'a-2,Beta,free,,,,,',
          'a-3,Gamma,gold,,,,,',
        ].join('\n'),
      );
      const first = await flareJson(url, 'accounts', 'import', csv);
      expect(first).toMatchObject({ created: 2, updated: 0, contacts: 2, rejected_total: 1 });
      expect(first.rejected[0]).toMatchObject({ row: 5, external_id: 'a-3', field: 'tier' });
      const again = await flareJson(url, 'accounts', 'import', csv);
      expect(again).toMatchObject({ created: 0, updated: 2, contacts: 2 });

      const strict = await flare(url, 'accounts', 'import', csv, '--strict');
      expect(strict.code).toBe(2);
      expect(strict.stdout).toMatch(/row 5 \(a-3\): tier "gold" is not a tier/);

      const json = join(dir, 'accounts.json');
      writeFileSync(
        json,
        JSON.stringify([{ external_id: 'a-4', name: 'Delta', tier: 'business', tags: ['key'] }]),
      );
      expect(await flareJson(url, 'accounts', 'import', json)).toMatchObject({ created: 1 });

      const listed = await flareJson(url, 'accounts', 'list', '--tag', 'key');
      expect(listed.map((a: { external_id: string }) => a.external_id).sort()).toEqual([
        'a-1',
        'a-4',
      ]);
    });

    it('says which file it cannot read', async () => {
      const r = await flare(url, 'accounts', 'import', join(dir, 'missing.csv'));
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/file cannot be read \(ENOENT\)/);
    });
  });
}
