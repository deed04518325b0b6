/**
 * The CLI publishes to audiences: `flare declare --audience KEY --audiences-only` keeps the
 * incident off the public surfaces and tells the audience's contacts; `--audiences-only`
 * without an audience is refused naming the option. Real child processes on SQLite (the
 * actions underneath are covered on both engines by audience-targeting.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { expandStep } from '../../src/dispatch/expand.js';
import { flare, flareJson, flareOk } from '../helpers/cli.js';

describe('flare declare to audiences [sqlite]', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-audience-cli-'));
  const url = `sqlite:${join(dir, 'flare.db')}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('declares for the key accounts only, and refuses --audiences-only alone', async () => {
    const api = await flareJson(url, 'component', 'add', 'API');
    const csv = join(dir, 'accounts.csv');
    writeFileSync(
      csv,
      'external_id,name,tier,criticality,components,contact_name,contact_email,contact_role\n' +
        'crm-1,Big Co,enterprise,critical,API,Jo,jo@big.example,technical\n' +
        'crm-2,Small Co,free,normal,API,Al,al@small.example,technical\n',
    );
    await flareOk(url, 'accounts', 'import', csv);
    await flareOk(url, 'subscribers', 'import', writeSubs(dir));
    const d = await flareJson(
      url,
      'declare',
      '--severity',
      'SEV2',
      '--var',
      'issue=slow API for some customers',
      '--var',
      'contact=support@example.com',
      '--component',
      `${api.id}=degraded_performance`,
      '--audience',
      'key_accounts',
      '--audiences-only',
      '--json',
    );
    expect(d.incident.visibility).toBe('audiences');
    expect(d.incident.updates[0].audiences).toEqual(['key_accounts']);
    const app = await openApp({ config: { databaseUrl: url, logLevel: 'silent' } });
    try {
      while (await expandStep(app.store.db, app.store.engine, () => new Date())) {}
      const rows = await app.store.db
        .selectFrom('deliveries as d')
        .innerJoin('notifications as n', 'n.id', 'd.notification_id')
        .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
        .select(['s.address'])
        .where('n.incident_id', '=', d.incident.id)
        .where('s.audience', '=', 'public')
        .execute();
      // the key account's contact only: not the free account, not the plain subscriber
      expect(rows.map((r) => r.address)).toEqual(['jo@big.example']);
    } finally {
      await app.close();
    }
    const bad = await flare(
      url,
      'declare',
      '--severity',
      'SEV2',
      '--var',
      'issue=x',
      '--var',
      'contact=support@example.com',
      '--audiences-only',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--audience');
  });
});

function writeSubs(dir: string): string {
  const p = join(dir, 'subs.csv');
  writeFileSync(p, 'email\nplain@example.com\n');
  return p;
}
