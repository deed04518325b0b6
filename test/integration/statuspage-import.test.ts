/**
 * `flare import statuspage` (issue #13 part 2) against a local server that answers like a
 * Statuspage page's /api/v2: components with groups, 50 incidents with their updates, and
 * maintenances. On SQLite and PostgreSQL the import makes Flare's /api/v2 show the same
 * components and incidents, writes their history without notifying anyone, and a rerun changes
 * nothing; an upstream change is picked up. The CLI exits 0, prints counts, and imports
 * Statuspage's subscriber export.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importStatuspage } from '../../src/actions/importStatuspage.js';
import { readStatuspage } from '../../src/channels/import/statuspage.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { type StatuspageServer, startStatuspage } from '../helpers/statuspageServer.js';

const byName = <T extends { name: string }>(xs: T[]) =>
  [...xs].sort((a, b) => a.name.localeCompare(b.name));

describeEachEngine('Statuspage import', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let sp: StatuspageServer;
  const run = async () => importStatuspage(app.ctx(), await readStatuspage(sp.url, true));
  const v2 = async (path: string) => {
    for (let i = 0; i < 40; i++) {
      const body = JSON.parse((await server.inject({ url: path })).body);
      if ((body.components ?? body.incidents ?? []).length) return body;
      await new Promise((r) => setTimeout(r, 50));
    }
    return JSON.parse((await server.inject({ url: path })).body);
  };
  const count = async (
    table: 'notifications' | 'deliveries' | 'incident_updates' | 'component_status_history',
  ) =>
    Number(
      (
        await app.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    app = await makeTestApp(engine);
    server = await buildServer(app);
    sp = await startStatuspage();
  });
  afterAll(async () => {
    await sp?.close();
    await server?.close();
    await app?.cleanup();
  });

  it('imports the components with their groups and the incidents with every update, as history', async () => {
    const r = await run();
    expect(r.components).toEqual({ created: 7, updated: 0, unchanged: 0 });
    expect(r.incidents).toEqual({ created: 50, updated: 0, unchanged: 0 });
    expect(r.maintenances).toEqual({ created: 3, updated: 0, unchanged: 0 });

    const comps = (await v2('/api/v2/components.json')).components as any[];
    const name = (id: string | null) => comps.find((c) => c.id === id)?.name ?? null;
    expect(byName(comps).map((c) => [c.name, c.status, c.group, name(c.group_id)])).toEqual(
      byName(sp.data.components).map((c) => [
        c.name,
        c.status,
        c.group,
        sp.data.components.find((g) => g.id === c.group_id)?.name ?? null,
      ]),
    );

    const mine = (await v2('/api/v2/incidents.json')).incidents as any[];
    expect(mine).toHaveLength(50);
    const theirs = sp.data.incidents;
    const shape = (i: any) => [
      i.name,
      i.status,
      i.impact,
      i.started_at,
      i.resolved_at,
      i.incident_updates.map((u: any) => [u.status, u.body, u.display_at]),
    ];
    expect(byName(mine).map(shape)).toEqual(byName(theirs).map(shape));

    // the history the updates set: Dashboard down 09:05–10:20 on the third day, back after
    const dash = comps.find((c) => c.name === 'Dashboard').id;
    const hist = await app.store.db
      .selectFrom('component_status_history')
      .select(['status', 'at'])
      .where('component_id', '=', dash)
      .orderBy('at')
      .execute();
    expect(hist.slice(0, 2)).toEqual([
      { status: 'major_outage', at: '2026-09-03T09:05:00.000Z' },
      { status: 'operational', at: '2026-09-03T10:20:00.000Z' },
    ]);
    // nobody was told
    expect(await count('notifications')).toBe(0);
    expect(await count('deliveries')).toBe(0);
  });

  it('changes nothing when run again, and picks up what changed upstream', async () => {
    const before = [await count('incident_updates'), await count('component_status_history')];
    const again = await run();
    expect([again.components, again.incidents, again.maintenances]).toEqual([
      { created: 0, updated: 0, unchanged: 7 },
      { created: 0, updated: 0, unchanged: 50 },
      { created: 0, updated: 0, unchanged: 3 },
    ]);
    expect([await count('incident_updates'), await count('component_status_history')]).toEqual(
      before,
    );

    const open = sp.data.incidents[0];
    const t = '2026-09-01T11:00:00.000Z';
    open.status = 'resolved';
    open.resolved_at = t;
    open.updated_at = t;
    open.incident_updates.unshift({
      id: 'upd_0_9',
      status: 'resolved',
      body: 'All good now.',
      created_at: t,
      updated_at: t,
      display_at: t,
      affected_components: null,
    });
    const third = await run();
    expect(third.incidents).toEqual({ created: 0, updated: 1, unchanged: 49 });
    const mine = (await v2('/api/v2/incidents.json')).incidents as any[];
    const got = mine.find((i) => i.name === open.name);
    expect(got.status).toBe('resolved');
    expect(got.incident_updates[0].body).toBe('All good now.');
    expect(await count('incident_updates')).toBe(before[0] + 1);
  });

  it('names the document when a page does not answer like Statuspage', async () => {
    await expect(readStatuspage(`${sp.url}/nothing-here`, true)).rejects.toThrow(
      /summary\.json answered 404/,
    );
  });
});

describe('flare import statuspage [sqlite CLI]', { timeout: 120_000 }, () => {
  let sp: StatuspageServer;
  const dir = mkdtempSync(join(tmpdir(), 'flare-import-'));
  const dbUrl = `sqlite:${join(dir, 'flare.db')}`;
  beforeAll(async () => {
    sp = await startStatuspage();
  });
  afterAll(async () => {
    await sp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0, prints the counts, imports the subscriber export, and a rerun changes nothing', async () => {
    const csv = join(dir, 'subscribers.csv');
    writeFileSync(
      csv,
      [
        'Type,Email,Phone Number,Phone Country,Endpoint,Components',
        'email,ana@customer.example,,,,REST API;Dashboard',
        'sms,,4155550123,US,,',
        'webhook,ops@customer.example,,,https://hooks.customer.example/status,',
        'slack,,,,,',
      ].join('\n'),
    );
    const env = { FLARE_ALLOW_PRIVATE_NETWORK: '1' };
    const first = await runCli(['import', 'statuspage', '--url', sp.url, '--subscribers', csv], {
      dbUrl,
      env,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('components:   7 created, 0 updated, 0 unchanged');
    expect(first.stdout).toContain('incidents:    50 created, 0 updated, 0 unchanged');
    expect(first.stdout).toContain('maintenances: 3 created, 0 updated, 0 unchanged');
    expect(first.stdout).toContain('subscribers:  3 created');
    expect(first.stdout).toMatch(/line 5: .*type must be email, sms or webhook/);

    const again = await runCli(['import', 'statuspage', '--url', sp.url, '--json'], { dbUrl, env });
    expect(again.code, again.stderr).toBe(0);
    const r = JSON.parse(again.stdout);
    expect(r.incidents).toEqual({ created: 0, updated: 0, unchanged: 50 });

    const subs = JSON.parse(
      (await runCli(['subscribers', 'list', '--json'], { dbUrl })).stdout,
    ) as any[];
    const ana = subs.find((s) => s.address === 'ana@customer.example');
    expect(ana).toMatchObject({ channel: 'email', state: 'active' });
    expect(subs.find((s) => s.channel === 'sms')?.address).toBe('+14155550123');
  });
});
