/**
 * The real `flare team`, `flare role` and `flare severity` commands, run as child processes
 * against a real database: output, JSON, exit codes and errors named by the option typed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, Role, Severity } from '../../src/store/queries/team.js';
import { PG_URL } from '../helpers/app.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function flare(databaseUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function ok(url: string, ...args: string[]): Promise<string> {
  const r = await flare(url, ...args);
  if (r.code !== 0) throw new Error(`flare ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const json = async <T>(url: string, ...args: string[]) =>
  JSON.parse(await ok(url, ...args, '--json')) as T;

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
  const schema = `team_cli_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  let url = '';
  beforeAll(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    const u = new URL(PG_URL!);
    u.searchParams.set('options', `-c search_path=${schema}`);
    url = u.toString();
  });
  afterAll(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

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
        `select channel, audience, person_id from ${schema}.subscribers order by channel`,
      );
      expect(rows.rows).toEqual([{ channel: 'email', audience: 'internal', person_id: p.id }]);
    } finally {
      await c.end();
    }
  });
});
