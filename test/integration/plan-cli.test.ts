/**
 * The real `flare plan` CLI as a child process on a real SQLite file: `plan check` exits 1 on a
 * critical gap and 0 once the plan is ready; import errors name the file, line and field and
 * exit 2; export, dry run, settings and versions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE, edit } from '../fixtures/plan.js';
import { runCli } from '../helpers/cli.js';

const SMTP_UNSET = {
  FLARE_SMTP_URL: undefined,
  FLARE_SMTP_FALLBACK_URL: undefined,
  FLARE_SMS_FALLBACK_URL: undefined,
};
const flare = (dbUrl: string, ...args: string[]) => runCli(args, { dbUrl, env: SMTP_UNSET });

describe('flare plan [sqlite]', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-plan-cli-'));
  const url = `sqlite:${join(dir, 'flare.db')}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 on a critical gap, listing each gap with its fix', async () => {
    const r = await flare(url, 'plan', 'check');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Readiness: \d+\/100 \(not ready: 2 critical gaps\)/);
    expect(r.stdout).toContain(
      'CRITICAL  Nobody is on the comms lead rotation (called in by SEV1, SEV2, SEV3).',
    );
    expect(r.stdout).toContain(
      'Fix: Add someone with `flare role rotation comms_lead PERSON_ID` (see `flare team list`).',
    );
    expect(r.stdout).toContain('warning   Nobody owns the debrief after an incident.');
  });

  it('refuses a plan with mistakes: each on its own line with file and line, exit 2, nothing written', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      edit(30, '        firstMinutes: 3').replace('email: bob@acme.test', 'email: ana@acme.test'),
    );
    const r = await flare(url, 'plan', 'import', file);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      `${file}:30: severities.SEV1.settings.cadence.firstMinutes must be at least 5 minutes`,
      'Nothing was imported.',
    ]);
    const dup = join(dir, 'dup.yaml');
    writeFileSync(dup, edit(9, '    email: ana@acme.test'));
    const d = await flare(url, 'plan', 'import', dup);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain(`${dup}:9: team.1.email duplicates the email of team.0`);
  });

  it('imports (after a dry run), exports the same plan, and exits 0 once ready', async () => {
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, BASE);
    const dry = await flare(url, 'plan', 'import', file, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: would change: \+2 people, .*Nothing was written\.$/m);
    const r = await flare(url, 'plan', 'import', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(plan version 1\)\.$/m);

    const check = await flare(url, 'plan', 'check', '--json');
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report.ready).toBe(true);
    expect(report.gaps.every((g: { severity: string }) => g.severity === 'warning')).toBe(true);

    const set = await flare(url, 'plan', 'set', 'debrief_owner', 'bob@acme.test');
    expect(set.code).toBe(0);
    const out = join(dir, 'out.yaml');
    expect((await flare(url, 'plan', 'export', '--out', out)).code).toBe(0);
    const exported = readFileSync(out, 'utf8');
    expect(exported).toContain('debrief_owner: bob@acme.test');
    expect(exported).toContain('rotation: [ana@acme.test, bob@acme.test]');

    const versions = await flare(url, 'plan', 'versions', '--json');
    expect(
      JSON.parse(versions.stdout).map((v: { version: number; changed_by: string }) => [
        v.version,
        v.changed_by,
      ]),
    ).toEqual([
      [2, 'cli'],
      [1, 'cli'],
    ]);
  });
});
