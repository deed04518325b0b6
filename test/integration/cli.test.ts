/**
 * The real `flare` CLI, run as a child process against a real database: token, component,
 * incident, maintenance, demo and export commands, their output and their exit codes.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { buildServer } from '../../src/http/server.js';
import type { ExportResult } from '../../src/main/export.js';
import { siteFiles } from '../../src/pages/site.js';
import type { Component, Incident, Token } from '../../src/store/queries/models.js';
import { loadSnapshot } from '../../src/store/queries/snapshot.js';
import { findTokenBySecret } from '../../src/store/queries/tokens.js';
import { PG_URL } from '../helpers/app.js';
import { flare, flareJson as json, flareOk as ok, pgSchema } from '../helpers/cli.js';

describe('flare CLI [sqlite]', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-cli-'));
  const url = `sqlite:${join(dir, 'flare.db')}`;
  let group: Component;
  let api: Component;
  let db: Component;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a token, alone on the last line, that the admin API accepts until it is revoked', async () => {
    const out = await ok(url, 'token', 'create', '--name', 'ci', '--scope', 'write');
    const secret = out.trimEnd().split('\n').at(-1)!;
    expect(secret).toMatch(/^flare_[A-Za-z0-9_-]{20,}$/);
    const app = await openApp({ config: { databaseUrl: url, logLevel: 'silent' } });
    const server = await buildServer(app);
    try {
      const token = await findTokenBySecret(app.store.db, secret);
      expect(token).toMatchObject({ name: 'ci', scope: 'write', revoked_at: null });
      const headers = { authorization: `Bearer ${secret}` };
      expect((await server.inject({ url: '/api/v1/components', headers })).statusCode).toBe(200);

      const listed = await json<Token[]>(url, 'token', 'list');
      expect(listed.map((t) => t.id)).toEqual([token!.id]);
      expect(JSON.stringify(listed)).not.toContain(secret);
      expect(await ok(url, 'token', 'list')).toMatch(/ID\s+NAME\s+SCOPE[^\n]*\n\S+\s+ci\s+write/);

      expect(await ok(url, 'token', 'revoke', token!.id)).toContain(`Revoked token ${token!.id}`);
      expect((await server.inject({ url: '/api/v1/components', headers })).statusCode).toBe(401);
    } finally {
      await server.close();
      await app.close();
    }
  });

  it('adds components and groups, lists them as a table and as JSON, and sets a status', async () => {
    group = await json(url, 'component', 'add', 'Core platform', '--is-group');
    api = await json(url, 'component', 'add', 'API', '--group', group.id, '--description', 'REST');
    db = await json(url, 'component', 'add', 'Database', '--status', 'degraded_performance');
    expect(group).toMatchObject({ group: true, name: 'Core platform' });
    expect(api).toMatchObject({ group_id: group.id, description: 'REST', status: 'operational' });

    const list = await json<Component[]>(url, 'component', 'list');
    expect(list.map((c) => [c.name, c.group_id, c.status])).toEqual([
      ['Core platform', null, 'operational'],
      ['API', group.id, 'operational'],
      ['Database', null, 'degraded_performance'],
    ]);
    const table = (await ok(url, 'component', 'list')).trimEnd().split('\n');
    expect(table[0]).toMatch(/^ID\s+NAME\s+GROUP\s+STATUS$/);
    expect(table[2]).toMatch(new RegExp(`^${api.id}\\s+API\\s+Core platform\\s+operational$`));

    const set = await json<Component>(url, 'component', 'set-status', db.id, 'operational');
    expect(set.status).toBe('operational');
    expect(await ok(url, 'component', 'set-status', db.id, 'partial_outage')).toContain('Database');
    await ok(url, 'component', 'set-status', db.id, 'operational');
  });

  it('opens, updates, resolves and lists an incident, setting and restoring components', async () => {
    const opened = await json<Incident>(
      url,
      ...['incident', 'open', '--name', 'API errors', '--body', 'We are investigating.'],
      ...['--component', `${api.id}=major_outage`, '--component', `${db.id}=partial_outage`],
      ...['--next-update', '20'],
    );
    expect(opened).toMatchObject({ status: 'investigating', impact: 'critical', kind: 'incident' });
    expect(opened.next_update_at).not.toBeNull();
    expect(opened.component_ids.sort()).toEqual([api.id, db.id].sort());

    const open = await json<Incident[]>(url, 'incident', 'list');
    expect(open.map((i) => [i.id, i.impact, i.status])).toEqual([
      [opened.id, 'critical', 'investigating'],
    ]);
    expect(await ok(url, 'incident', 'list')).toMatch(
      new RegExp(`${opened.id}\\s+investigating\\s+critical\\s+.*API errors`),
    );

    const updated = await json<Incident>(
      url,
      ...['incident', 'update', opened.id, '--status', 'identified', '--body', 'Found it.'],
      ...['--component', `${api.id}=partial_outage`, '--next-update', '30'],
    );
    expect(updated.status).toBe('identified');
    expect(updated.updates[0].affected_components).toEqual([
      { code: api.id, name: 'API', old_status: 'major_outage', new_status: 'partial_outage' },
    ]);

    const text = await ok(url, 'incident', 'resolve', opened.id);
    expect(text).toContain(`Resolved incident ${opened.id}: API errors`);
    const all = await json<Incident[]>(url, 'incident', 'list', '--all');
    const resolved = all.find((i) => i.id === opened.id)!;
    expect(resolved.status).toBe('resolved');
    expect(resolved.updates.map((u) => u.status)).toEqual([
      'resolved',
      'identified',
      'investigating',
    ]);
    expect(resolved.updates[0].body).toMatch(/has been resolved/);
    expect(await json<Incident[]>(url, 'incident', 'list')).toEqual([]);
    const comps = await json<Component[]>(url, 'component', 'list');
    expect(comps.filter((c) => !c.group).map((c) => c.status)).toEqual([
      'operational',
      'operational',
    ]);
  });

  it('schedules a maintenance window', async () => {
    const from = new Date(Date.now() + 86400_000).toISOString();
    const until = new Date(Date.now() + 2 * 86400_000).toISOString();
    const m = await json<Incident>(
      url,
      ...['maintenance', 'schedule', '--name', 'Database upgrade', '--body', 'Patching.'],
      ...['--from', from, '--until', until, '--component', db.id],
    );
    expect(m).toMatchObject({ kind: 'maintenance', status: 'scheduled', scheduled_for: from });
    expect(m.scheduled_until).toBe(until);
    expect(m.component_ids).toEqual([db.id]);
    const listed = await json<Incident[]>(url, 'maintenance', 'list');
    expect(listed.map((x) => x.id)).toEqual([m.id]);
  });

  it('rejects bad input with exit 2 naming the option, and unknown ids with exit 3', async () => {
    const before = await json<Incident[]>(url, 'incident', 'list', '--all');
    const open = ['incident', 'open', '--name', 'X', '--body', 'Y'];
    const window = ['--name', 'M', '--body', 'B', '--from', '2030-01-02T00:00:00Z'];
    const cases: [string[], number, RegExp][] = [
      [[...open, '--component', 'not-a-pair'], 2, /--component/],
      [[...open, '--component', 'nope=major_outage'], 2, /--component nope is not a known/],
      [[...open, '--component', `${api.id}=on_fire`], 2, new RegExp(`--component ${api.id}`)],
      [[...open, '--component', `${group.id}=major_outage`], 2, /is a group/],
      [['incident', 'open', '--body', 'Y'], 2, /--name/],
      [['incident', 'open', '--name', '  ', '--body', 'Y'], 2, /--name must not be empty/],
      [[...open, '--impact', 'huge'], 2, /--impact/],
      [[...open, '--status', 'bogus'], 2, /--status/],
      [[...open, '--next-update', 'soon'], 2, /--next-update/],
      [['maintenance', 'schedule', ...window, '--until', 'tomorrow'], 2, /--until/],
      [
        ['maintenance', 'schedule', ...window, '--until', '2030-01-01T00:00:00Z'],
        2,
        /--until must be after --from/,
      ],
      [['token', 'create', '--name', 'x', '--scope', 'root'], 2, /--scope/],
      [['component', 'add', 'X', '--status', 'fine'], 2, /--status/],
      [['component', 'add', 'X', '--group', 'nope'], 2, /--group is not a known group id/],
      [['component', 'set-status', api.id, 'fine'], 2, /STATUS/],
      [['export'], 2, /--out/],
      [['frobnicate'], 2, /unknown command/],
      [
        ['incident', 'update', 'nope', '--status', 'identified', '--body', 'x'],
        3,
        /"nope" was not found/,
      ],
      [['incident', 'resolve', 'nope'], 3, /"nope" was not found/],
      [['token', 'revoke', 'nope'], 3, /"nope" was not found/],
      [['component', 'set-status', 'nope', 'operational'], 3, /"nope" was not found/],
    ];
    for (let i = 0; i < cases.length; i += 4) {
      await Promise.all(
        cases.slice(i, i + 4).map(async ([args, code, message]) => {
          const r = await flare(url, ...args);
          expect({ args, code: r.code }).toEqual({ args, code });
          expect(r.stderr).toMatch(message);
          expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
        }),
      );
    }
    expect(await json<Incident[]>(url, 'incident', 'list', '--all')).toEqual(before);
  });

  it('loads the demo into an empty database only, refusing with exit 5 otherwise', async () => {
    const refused = await flare(url, 'demo');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/already has components.*--force/);

    const demoUrl = `sqlite:${join(dir, 'demo.db')}`;
    expect(await ok(demoUrl, 'demo')).toMatch(/Loaded the demo/);
    const comps = await json<Component[]>(demoUrl, 'component', 'list');
    expect(comps.length).toBeGreaterThan(5);
    const again = await flare(demoUrl, 'demo');
    expect(again.code).toBe(5);
    expect(await json<Component[]>(demoUrl, 'component', 'list')).toHaveLength(comps.length);
  });

  it('exports every registered site file, with a manifest, and never replaces a foreign directory', async () => {
    const demoUrl = `sqlite:${join(dir, 'demo.db')}`;
    const out = join(dir, 'site');
    const r = await json<ExportResult>(demoUrl, 'export', '--out', out);
    expect(r.dir).toBe(out);

    const app = await openApp({ config: { databaseUrl: demoUrl, logLevel: 'silent' } });
    let expected: string[];
    let incidents: string[];
    try {
      const snap = await loadSnapshot(app.store.db, new Date(), app.site.defaultPage());
      expected = siteFiles(snap).map((f) => f.path);
      incidents = snap.incidents.map((i) => i.id);
    } finally {
      await app.close();
    }
    expect(r.files.map((f) => f.path).sort()).toEqual([...expected].sort());
    for (const f of r.files) {
      expect(readFileSync(join(out, f.file)).length, f.file).toBe(f.bytes);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'flare-export.json'), 'utf8'));
    expect(manifest).toEqual({ generated_at: r.generated_at, files: r.files });

    // the sections other parts of the site register: pages, /api/v2 and feeds
    const written = new Set(r.files.map((f) => f.file));
    expect(written).toContain('api/v2/summary.json');
    expect(written).toContain('history.atom');
    expect(written).toContain('index.html');
    expect(written).toContain('history/index.html');
    expect(written).toContain(`incidents/${incidents[0]}/index.html`);

    // a second export replaces the first, dropping files that no longer exist
    writeFileSync(join(out, 'stale.html'), 'old');
    const text = await ok(demoUrl, 'export', '--out', out);
    expect(text).toMatch(new RegExp(`^Wrote ${r.files.length} files .* to ${out}`));
    expect(existsSync(join(out, 'stale.html'))).toBe(false);

    const foreign = join(dir, 'www');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'mine.txt'), 'keep me');
    const refused = await flare(demoUrl, 'export', '--out', foreign);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/not empty/);
    expect(readFileSync(join(foreign, 'mine.txt'), 'utf8')).toBe('keep me');
  });
});

describe.skipIf(!PG_URL)('flare CLI [postgres]', { timeout: 300_000 }, () => {
  const schema = pgSchema('cli');
  let url: string;
  beforeAll(async () => {
    await schema.create();
    url = schema.url;
  });
  afterAll(() => schema.drop());

  it('migrates, adds a component, opens an incident and lists it, in the schema the URL names', async () => {
    expect(await ok(url, 'migrate')).toMatch(/^applied 001_core/);
    expect(await ok(url, 'migrate')).toMatch(/up to date/);
    const api = await json<Component>(url, 'component', 'add', 'API');
    const inc = await json<Incident>(
      url,
      ...['incident', 'open', '--name', 'Errors', '--body', 'Looking.'],
      ...['--component', `${api.id}=partial_outage`],
    );
    expect(inc.impact).toBe('major');
    const list = await json<Incident[]>(url, 'incident', 'list');
    expect(list.map((i) => [i.id, i.impact])).toEqual([[inc.id, 'major']]);
    const bad = await flare(url, 'incident', 'resolve', 'nope');
    expect(bad.code).toBe(3);

    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      const rows = await c.query(`select name, status from ${schema.name}.components`);
      expect(rows.rows).toEqual([{ name: 'API', status: 'partial_outage' }]);
    } finally {
      await c.end();
    }
  });
});
