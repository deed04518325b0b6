/**
 * The real `flare team`, `flare role` and `flare severity` commands, run as child processes
 * against a real database: output, JSON, exit codes and errors named by the option typed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, Role, Severity } from '../../src/store/queries/team.js';
import { PG_URL } from '../helpers/app.js';
import { flare, flareJson as json, flareOk as ok, pgSchema } from '../helpers/cli.js';

describe('flare team, role and severity [sqlite]', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-team-cli-'));
  const url = `sqlite:${join(dir, 'flare.db')}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let ana: Person;
  let raj: Person;
  it('adds people and lists them', async () => {
    ana = await json<Person>(
      url,
      ...['team', 'add', '--name', 'Ana Lima', '--email', 'ana@example.com'],
      ...['--slack', '@ana', '--tz', 'Europe/London', '--hours', '9:00-17:30 mon-fri'],
    );
    expect(ana).toMatchObject({ name: 'Ana Lima', working_hours: '09:00-17:30 Mon-Fri' });
    const out = await ok(url, 'team', 'add', '--name', 'Raj', '--phone', '+919800000000');
    expect(out).toMatch(/^Added Raj \(/);
    const people = await json<Person[]>(url, 'team', 'list');
    expect(people.map((p) => p.name)).toEqual(['Ana Lima', 'Raj']);
    raj = people[1];
    const text = await ok(url, 'team', 'list');
    expect(text).toContain('09:00-17:30 Mon-Fri');
    expect(text).toContain('any time');
  });

  it('names the option the user typed when input is bad, exiting 2', async () => {
    const r = await flare(
      url,
      'team',
      'add',
      '--name',
      'Bad',
      '--hours',
      'whenever',
      '--tz',
      'Mars',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--hours');
    expect(r.stderr).toContain('--tz');
    const k = await flare(url, 'role', 'add', 'Bad-Key', '--name', 'x');
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('KEY must be lowercase snake case');
  });

  it('adds a custom role, sets a rotation and lists roles in on-call order', async () => {
    expect(await ok(url, 'role', 'add', 'scribe', '--name', 'Scribe')).toContain(
      'Added role scribe: Scribe',
    );
    expect(await ok(url, 'role', 'rotation', 'incident_lead', raj.id, ana.id)).toContain(
      'Incident lead rotation: Raj → Ana Lima',
    );
    const roles = await json<Role[]>(url, 'role', 'list');
    expect(roles.map((r) => r.key)).toEqual([
      'incident_lead',
      'comms_lead',
      'internal_liaison',
      'customer_liaison',
      'support_lead',
      'executive_sponsor',
      'account_manager',
      'scribe',
    ]);
    expect(roles[0].rotation.map((p) => p.name)).toEqual(['Raj', 'Ana Lima']);
    expect(await ok(url, 'role', 'list')).toMatch(/scribe\s+Scribe \(custom\)/);
    const bad = await flare(url, 'role', 'rotation', 'incident_lead', 'ghost');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PERSON_ID 0 ghost is not a known person id');
  });

  it('refuses to remove someone on call (exit 5) unless --force', async () => {
    const r = await flare(url, 'team', 'remove', raj.id);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('Incident lead (incident_lead)');
    expect(await ok(url, 'team', 'remove', raj.id, '--force')).toContain(`Removed ${raj.id}`);
    const roles = await json<Role[]>(url, 'role', 'list');
    expect(roles[0].rotation.map((p) => p.name)).toEqual(['Ana Lima']);
    expect((await flare(url, 'team', 'remove', raj.id)).code).toBe(3);
  });

  it('lists the default severities', async () => {
    const sevs = await json<Severity[]>(url, 'severity', 'list');
    expect(sevs.map((s) => [s.key, s.settings.ackTimeoutMinutes])).toEqual([
      ['SEV1', 5],
      ['SEV2', 10],
      ['SEV3', 15],
    ]);
    const text = await ok(url, 'severity', 'list');
    expect(text).toMatch(
      /SEV1\s+Critical\s+7\s+5m, then publish\s+every 20m for 120m, then 60m\s+5m/,
    );
    expect(text).toMatch(/SEV3\s+Minor\s+2\s+none/);
  });
});

describe.skipIf(!PG_URL)('flare team, role and severity [postgres]', { timeout: 120_000 }, () => {
  const schema = pgSchema('team_cli');
  let url = '';
  beforeAll(async () => {
    await schema.create();
    url = schema.url;
  });
  afterAll(() => schema.drop());

  it('adds a person, puts them on call and shows the defaults, in the schema the URL names', async () => {
    const p = await json<Person>(url, 'team', 'add', '--name', 'Pat', '--email', 'pat@example.com');
    expect(await ok(url, 'role', 'rotation', 'comms_lead', p.id)).toContain(
      'Comms lead rotation: Pat',
    );
    const sevs = await json<Severity[]>(url, 'severity', 'list');
    expect(sevs.map((s) => s.key)).toEqual(['SEV1', 'SEV2', 'SEV3']);
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      const rows = await c.query(
        `select channel, audience, person_id from ${schema.name}.subscribers order by channel`,
      );
      expect(rows.rows).toEqual([{ channel: 'email', audience: 'internal', person_id: p.id }]);
    } finally {
      await c.end();
    }
  });
});
