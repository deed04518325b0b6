/**
 * The real `flare` CLI in an outage: `ID=$(flare declare …)` gets the bare id, a preview with
 * linter errors exits 1, and the CLI may not approve what it wrote unless the plan allows it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/app.js';
import { flare, flareOk, pgSchema } from '../helpers/cli.js';

for (const engine of ENGINES) {
  describe(`flare in an outage [${engine}]`, { timeout: 300_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'flare-outage-cli-'));
    const schema = pgSchema('outage_cli');
    let url = `sqlite:${join(dir, 'flare.db')}`;

    beforeAll(async () => {
      if (engine !== 'postgres') return;
      await schema.create();
      url = schema.url;
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') await schema.drop();
    });

    it('prints the bare id of a declared incident on stdout, the rest on stderr', async () => {
      const v = ['--var', 'issue=failed logins', '--var', 'contact=help@acme.test'];
      const r = await flare(url, 'declare', '--severity', 'SEV3', ...v);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
      const id = r.stdout.trim();
      expect(r.stderr).toMatch(new RegExp(`^Declared SEV3 incident ${id}: Failed logins`));
      expect(r.stderr).toContain('published');
    });

    it('exits 1 from a preview with linter errors, and 0 without', async () => {
      const base = ['template', 'preview', 'investigating', '--channel', 'sms', '--var', 'issue=x'];
      const next = ['--var', 'next_update_at=2026-01-15T13:30:00Z'];
      const clean = await flare(url, ...base, ...next);
      expect(clean.code, clean.stderr).toBe(0);
      // an estimate nobody confirmed is an error: the preview prints, and says so in its exit code
      const bad = await flare(url, ...base, ...next, '--var', 'estimate=15:00');
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('[sms]');
      expect(bad.stdout).toContain('error: An estimated fix time is set');
    });

    it('refuses to approve from the CLI what the CLI wrote, unless the plan allows it', async () => {
      const held = await flare(
        url,
        'declare',
        '--severity',
        'SEV2',
        '--name',
        'Held',
        '--body',
        'Free text.',
      );
      expect(held.stderr).toMatch(/waiting for approval (\S+)/);
      const approvalId = /waiting for approval (\S+)/.exec(held.stderr)![1];
      const self = await flare(url, 'approval', 'decide', approvalId, 'approve');
      expect(self.code).toBe(4);
      expect(self.stderr).toContain('the approver may not be the requester');
      expect(self.stderr).toContain('allow_self_approval');
      await flareOk(url, 'plan', 'set', 'allow_self_approval', 'true');
      expect(await flareOk(url, 'approval', 'decide', approvalId, 'approve')).toBe(
        `Approval ${approvalId}: approved.\n`,
      );
    });
  });
}
