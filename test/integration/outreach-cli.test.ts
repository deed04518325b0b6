/**
 * The real `flare outreach list|done` as child processes on SQLite and PostgreSQL: a SEV1
 * declared from the CLI gives the affected key account a task, listed and completed from the
 * CLI; a bad outcome names --outcome, a second completion exits with a conflict.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { ENGINES } from '../helpers/app.js';
import { flare, flareJson, flareOk, pgSchema } from '../helpers/cli.js';

for (const engine of ENGINES) {
  describe(`flare outreach [${engine}]`, { timeout: 600_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'flare-outreach-cli-'));
    const schema = pgSchema('outreach_cli');
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

    it('lists an incident’s outreach and records an outcome', async () => {
      const api = await flareJson(url, 'component', 'add', 'API');
      const ana = await flareJson(url, 'team', 'add', '--name', 'Ana', '--email', 'ana@x.test');
      // accounts have no command yet: seed one in the store (the default audiences are seeded)
      const app = await openApp({ config: { databaseUrl: url, logLevel: 'silent' } });
      try {
        const at = new Date().toISOString();
        const db = app.store.db;
        await db
          .insertInto('accounts')
          .values({
            id: 'acct_globex',
            name: 'Globex',
            external_id: null,
            tier: 'enterprise',
            criticality: 'normal',
            region: null,
            time_zone: null,
            locale: null,
            account_manager_id: ana.id,
            tags: '[]',
            mrr: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await db
          .insertInto('account_components')
          .values({ account_id: 'acct_globex', component_id: api.id })
          .execute();
      } finally {
        await app.close();
      }
      const v = ['--var', 'issue=failed logins', '--var', 'contact=help@acme.test'];
      const d = await flareJson(
        url,
        ...['declare', '--severity', 'SEV1', ...v, '--component', `${api.id}=major_outage`],
      );
      const id = d.incident.id;
      const list = await flareJson(url, 'outreach', 'list', id);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        account_name: 'Globex',
        assignee_id: ana.id,
        status: 'open',
      });
      const text = await flareOk(url, 'outreach', 'list', id);
      expect(text).toMatch(/ID\s+ACCOUNT\s+ASSIGNEE\s+STATUS\s+DUE\s+OUTCOME\s+CONTACTS/);
      expect(text).toMatch(/Globex\s+Ana\s+open/);

      const bad = await flare(url, 'outreach', 'done', list[0].id, '--outcome', 'emailed');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--outcome');
      const done = await flareOk(
        url,
        ...['outreach', 'done', list[0].id, '--outcome', 'left_message', '--note', 'voicemail'],
      );
      expect(done.trim()).toBe('Outreach to Globex: left message.');
      const again = await flare(url, 'outreach', 'done', list[0].id, '--outcome', 'reached');
      expect(again.code).toBe(5); // conflict
      expect(again.stderr).toContain('--outcome already recorded as left_message');
      const after = await flareJson(url, 'outreach', 'list', id);
      expect(after[0]).toMatchObject({
        status: 'done',
        outcome: 'left_message',
        note: 'voicemail',
      });

      const missing = await flare(url, 'outreach', 'list', 'no-such-incident');
      expect(missing.code).toBe(3);
    });
  });
}
