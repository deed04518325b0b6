/**
 * A YAML alias ("billion laughs") or merge-key bomb in a plan answers 400 naming the problem,
 * through the API and `flare plan import`, and nothing is written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';

const YAML = { 'content-type': 'application/yaml' };

function aliasBomb(): string {
  const lines = ['flare_plan: 1', 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

function mergeBomb(): string {
  const lines = ['flare_plan: 1', 'm0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `m${i}: &m${i} {<<: [${Array(9)
        .fill(`*m${i - 1}`)
        .join(', ')}], k${i}: ${i}}`,
    );
  return `${lines.join('\n')}\n`;
}

const BOMBS = { alias: aliasBomb(), merge: mergeBomb() };

describeEachEngine('a YAML bomb in a plan', (engine) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await makeApiHarness(engine);
  });
  afterAll(() => h.close());

  for (const [kind, yaml] of Object.entries(BOMBS)) {
    it(`answers 400 to the ${kind} bomb, for an import and a dry run, and writes nothing`, async () => {
      for (const url of ['/api/v1/plan', '/api/v1/plan?dry_run=true']) {
        const t = performance.now();
        const r = await h.call('admin', 'PUT', url, yaml, YAML);
        expect(performance.now() - t).toBeLessThan(5_000);
        expect(r.status, r.body).toBe(400);
        expect(r.json.error.code).toBe('validation_failed');
        expect(r.json.error.fields['(document)']).toMatch(/too many aliases/);
      }
      expect((await h.call('read', 'GET', '/api/v1/plan/versions')).json.versions).toEqual([]);
    });
  }
});

describe('flare plan import of a YAML bomb [sqlite]', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-plan-bomb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 with one line naming the file and the problem', async () => {
    const file = join(dir, 'bomb.yaml');
    writeFileSync(file, BOMBS.alias);
    const r = await runCli(['plan', 'import', file], { dbUrl: `sqlite:${join(dir, 'flare.db')}` });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: .*too many aliases`),
    );
    expect(r.stderr).toContain('Nothing was imported.');
  });
});
