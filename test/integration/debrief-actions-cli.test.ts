/**
 * The real `flare debrief actions ID` as a child process on SQLite and PostgreSQL: an incident's
 * action items, soonest due first, with the overdue one marked; --open leaves the done one out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../src/actions/context.js';
import { createDebriefAction } from '../../src/actions/createDebriefAction.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { updateDebriefAction } from '../../src/actions/updateDebriefAction.js';
import { openApp } from '../../src/app.js';
import { ENGINES, TestClock } from '../helpers/app.js';
import { flare, flareJson, flareOk, pgSchema } from '../helpers/cli.js';

for (const engine of ENGINES) {
  describe(`flare debrief actions [${engine}]`, { timeout: 600_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'flare-debrief-cli-'));
    const schema = pgSchema('debrief_cli');
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

    it("lists an incident's action items", async () => {
      // written a year ago by the clock, so the first item is overdue now
      const clock = new TestClock(Date.parse('2025-01-10T09:00:00Z'));
      const app = await openApp({ config: { databaseUrl: url, logLevel: 'silent' }, clock });
      let incident: string;
      try {
        const ctx = app.ctx(CLI);
        await createPerson(ctx, { name: 'Ana', email: 'ana@x.test' });
        incident = (
          await createIncident(ctx, { name: 'Outage', body: 'x', deliver_notifications: false })
        ).id;
        const add = (text: string, due_at: string) =>
          createDebriefAction(ctx, incident, { text, owner_id: 'Ana', due_at });
        await add('Check the SMS provider', '2025-01-11T09:00:00Z');
        await add('Write the runbook', '2099-01-01T00:00:00Z');
        const done = await add('Pre-approve the wording', '2025-01-12T09:00:00Z');
        await updateDebriefAction(ctx, done.id, { status: 'done' });
      } finally {
        await app.close();
      }
      const text = await flareOk(url, 'debrief', 'actions', incident);
      expect(text).toMatch(/ID\s+TEXT\s+OWNER\s+DUE\s+STATUS/);
      const rows = text.split('\n').filter((l) => /Ana/.test(l));
      expect(rows.map((l) => /(OVERDUE|open|done)\s*$/.exec(l)?.[1])).toEqual([
        'OVERDUE',
        'done',
        'open',
      ]);
      const open = await flareJson(url, 'debrief', 'actions', incident, '--open');
      expect(open.map((a: { text: string; overdue: boolean }) => [a.text, a.overdue])).toEqual([
        ['Check the SMS provider', true],
        ['Write the runbook', false],
      ]);
      const missing = await flare(url, 'debrief', 'actions', 'inc_nope');
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toMatch(/not found|no incident/i);
    });
  });
}
