/**
 * The real `flare` CLI as a child process: declare a SEV1 and take it to resolved in three
 * commands, preview templates, decide approvals and publish drafts; errors name the option.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { ENGINES } from '../helpers/app.js';
import { flare, flareJson, flareOk, pgSchema } from '../helpers/cli.js';

for (const engine of ENGINES) {
  describe(`flare declare, template, approval [${engine}]`, { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'flare-declare-cli-'));
    const schema = pgSchema('declare_cli');
    let url = `sqlite:${join(dir, 'flare.db')}`;

    const ok = (...args: string[]) => flareOk(url, ...args);
    const json = (...args: string[]) => flareJson(url, ...args);

    beforeAll(async () => {
      if (engine !== 'postgres') return;
      await schema.create();
      url = schema.url;
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') await schema.drop();
    });

    it('declares a SEV1, updates and resolves it from templates in three commands', async () => {
      const api = await json('component', 'add', 'API');
      const v = ['--var', 'issue=failed logins', '--var', 'contact=help@acme.test'];
      const d = await json(
        ...['declare', '--severity', 'SEV1', ...v, '--component', `${api.id}=major_outage`],
      );
      expect(d.incident).toMatchObject({ severity: 'SEV1', draft: false, status: 'investigating' });
      expect(d.approvalId).toBeNull();
      const id = d.incident.id;
      const u = await json('incident', 'update', id, '--template', 'identified', ...v);
      expect(u.incident.status).toBe('identified');
      expect(u.incident.next_update_at).not.toBeNull();
      const r = await ok('incident', 'update', id, '--template', 'resolved', ...v);
      expect(r).toContain(`Updated incident ${id}: Failed logins`);
      expect(r).toContain('status resolved');

      const app = await openApp({ config: { databaseUrl: url, logLevel: 'silent' } });
      try {
        const doc = JSON.parse((await app.site.get('/api/v2/incidents.json'))!.body.toString());
        const shown = doc.incidents.find((i: { id: string }) => i.id === id);
        expect(shown.status).toBe('resolved');
        expect(shown.incident_updates[0].body).toContain(
          'The problem behind failed logins is fixed',
        );
        expect(shown.incident_updates[1].body).toContain('We have identified the cause');
      } finally {
        await app.close();
      }

      // stdout is the bare id, as `ID=$(flare declare …)` needs; the rest goes to stderr
      const second = await flare(url, 'declare', '--severity', 'SEV3', ...v, '--name', 'Second');
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
      const secondId = second.stdout.trim();
      expect(second.stderr).toMatch(new RegExp(`^Declared SEV3 incident ${secondId}: Second`));
      expect(second.stderr).toContain('published');
    });

    it('lists and previews templates for a channel, locale and time zone', async () => {
      const list = await ok('template', 'list', '--locale', 'fr');
      expect(list).toMatch(/KEY\s+LOCALE\s+STAGE\s+PRE-APPROVED\s+NAME/);
      expect(list).toMatch(/resolved\s+fr\s+resolved\s+yes/);
      const p = await ok(
        ...['template', 'preview', 'investigating', '--channel', 'sms', '--locale', 'fr'],
        ...['--tz', 'Europe/Paris', '--var', 'issue=panne de connexion'],
        ...['--var', 'next_update_at=2026-01-15T13:30:00Z'],
      );
      expect(p).toContain('[sms]');
      expect(p).toContain('14:30 CET');
      expect(p).not.toContain('[page]');
      expect(p).toContain('warning: The message gives no way to reach you');
      const all = await json('template', 'preview', 'resolved', '--var', 'issue=x');
      expect(Object.keys(all.renderings)).toHaveLength(7);
      const bad = await flare(url, 'template', 'preview', 'investigating', '--channel', 'fax');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('--channel');
      const zone = await flare(url, 'template', 'preview', 'investigating', '--tz', 'Mars/Base');
      expect(zone.code).toBe(2);
      expect(zone.stderr).toContain('--tz is not a time zone');
    });

    it('decides approvals and publishes drafts', async () => {
      const held = await json(
        ...['declare', '--severity', 'SEV2', '--name', 'Held', '--body', 'Free text.'],
      );
      expect(held.approvalId).toBeTruthy();
      expect(await ok('approval', 'list')).toContain(held.approvalId);
      const noBody = await flare(url, 'approval', 'decide', held.approvalId, 'edit');
      expect(noBody.code).toBe(2);
      expect(noBody.stderr).toContain('--body');
      // the CLI wrote it, so approving it from the CLI is self-approval (outage-cli.test.ts)
      await ok('plan', 'set', 'allow_self_approval', 'true');
      expect(await ok('approval', 'decide', held.approvalId, 'approve')).toBe(
        `Approval ${held.approvalId}: approved.\n`,
      );
      expect(await json('approval', 'list')).toEqual([]);
      const twice = await flare(url, 'approval', 'decide', held.approvalId, 'reject');
      expect(twice.code).toBe(5);

      const v = ['--var', 'issue=quiet', '--var', 'contact=help@acme.test'];
      const draft = await json('declare', '--severity', 'SEV3', ...v, '--draft');
      expect(draft.incident.draft).toBe(true);
      const pub = await json('incident', 'publish', draft.incident.id);
      expect(pub.draft).toBe(false);
      const drill = await json('declare', '--severity', 'SEV1', ...v, '--drill');
      const refused = await flare(url, 'incident', 'publish', drill.incident.id);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toContain('drill');

      // free text on a SEV1 from the plain update command still waits for the approver
      const live = await json('declare', '--severity', 'SEV1', ...v);
      const freeText = await ok(
        ...[
          'incident',
          'update',
          live.incident.id,
          '--status',
          'identified',
          '--body',
          'Unreviewed.',
        ],
      );
      expect(freeText).toMatch(/^Waiting for approval /);
    });

    it('names the option to fix', async () => {
      const est = await flare(
        ...[url, 'declare', '--severity', 'SEV1', '--var', 'issue=x', '--var', 'estimate=soon'],
      );
      expect(est.code).toBe(2);
      expect(est.stderr).toContain('--var (unconfirmed_estimate)');
      const sev = await flare(url, 'declare', '--severity', 'SEV9', '--var', 'issue=x');
      expect(sev.code).toBe(2);
      expect(sev.stderr).toContain('--severity no severity named "SEV9"');
      const v = await flare(url, 'declare', '--severity', 'SEV1', '--var', 'no equals');
      expect(v.code).not.toBe(0);
      expect(v.stderr).toContain('--var');
      const upd = await flare(url, 'incident', 'update', 'x');
      expect(upd.code).not.toBe(0);
    });
  });
}
