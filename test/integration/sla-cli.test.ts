/**
 * The real `flare sla report` as a child process on SQLite and PostgreSQL: a table, the billing
 * CSV (--csv) and JSON (--json) for a month with a backfilled outage; a bad month names --month.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/actions/createAccount.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { upsertSlaPolicy } from '../../src/actions/upsertSlaPolicy.js';
import { openApp } from '../../src/app.js';
import { parseCsv } from '../../src/lib/csv.js';
import { ENGINES } from '../helpers/app.js';
import { flare, flareJson, flareOk, pgSchema } from '../helpers/cli.js';

for (const engine of ENGINES) {
  describe(`flare sla report [${engine}]`, { timeout: 600_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'flare-sla-cli-'));
    const schema = pgSchema('sla_cli');
    let url = `sqlite:${join(dir, 'flare.db')}`;

    beforeAll(async () => {
      if (engine === 'postgres') {
        await schema.create();
        url = schema.url;
      }
      const app = await openApp({ config: { databaseUrl: url, logLevel: 'silent' } });
      try {
        const ctx = app.ctx();
        const api = await createComponent(ctx, { name: 'API' });
        await createAccount(ctx, {
          name: 'Acme',
          tier: 'enterprise',
          time_zone: 'UTC',
          mrr: 2000,
          components: [api.id],
        });
        await upsertSlaPolicy(ctx, 'enterprise', {
          name: 'Enterprise',
          tiers: ['enterprise'],
          target: 99.9,
          credits: [{ below: 99.9, percent: 10 }],
        });
        // 3 hours down on 2 October: (44,640 − 180) / 44,640 × 100 = 99.596774…
        await createIncident(ctx, {
          backfilled: true,
          name: 'API outage',
          body: 'Imported.',
          started_at: '2026-10-02T00:00:00Z',
          resolved_at: '2026-10-02T03:00:00Z',
          components: { [api.id]: 'major_outage' },
        });
      } finally {
        await app.close();
      }
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') await schema.drop();
    });

    it('prints the month as a table, CSV and JSON', async () => {
      const text = await flareOk(url, 'sla', 'report', '--month', '2026-10');
      expect(text).toMatch(/Acme\s+enterprise\s+99\.5968\s+180\s+10%\s+200\.00/);
      const csv = parseCsv(await flareOk(url, 'sla', 'report', '--month', '2026-10', '--csv'));
      expect(csv[0].cells[0]).toBe('month');
      expect(csv).toHaveLength(2);
      expect(csv[1].cells.slice(0, 3)).toEqual(['2026-10', expect.any(String), 'Acme']);
      const json = await flareJson(url, 'sla', 'report', '--month', '2026-10', '--json');
      expect(json.accounts[0]).toMatchObject({
        name: 'Acme',
        downtime_minutes: 180,
        credit_amount: 200,
      });
      const empty = await flareOk(url, 'sla', 'report', '--month', '2026-09');
      expect(empty).toMatch(/Acme\s+enterprise\s+100\.0000\s+0\s+0%/);
    });

    it('names --month when it is not a month', async () => {
      const r = await flare(url, 'sla', 'report', '--month', 'October');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/--month must be a month/);
    });
  });
}
