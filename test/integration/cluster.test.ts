/**
 * `flare serve --web-processes 2`, run for real as child processes on each engine: two web
 * processes answer, a write made through one is visible at once from the other (their caches
 * trade invalidations through the primary), and SIGTERM stops them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL } from '../helpers/app.js';
import { pgSchema, runCliOk } from '../helpers/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');

function cli(databaseUrl: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const ok = (dbUrl: string, ...args: string[]) =>
  runCliOk(args, { dbUrl, env: { LOG_LEVEL: 'warn' } });

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** One request on a new connection, so the cluster hands each to the next web process. */
function call(url: string, opts: { method?: string; token?: string; body?: object } = {}) {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const body = opts.body ? JSON.stringify(opts.body) : undefined;
    const req = request(
      url,
      {
        method: opts.method ?? 'GET',
        agent: false,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const childrenOf = (pid: number) =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);

const statusOf = (doc: string, id: string) =>
  (JSON.parse(doc) as { components: { id: string; status: string }[] }).components.find(
    (c) => c.id === id,
  )?.status;

function suite(engine: string, databaseUrl: () => string) {
  describe(`flare serve --web-processes 2 [${engine}]`, { timeout: 120_000 }, () => {
    let server: ChildProcess;
    let base: string;
    let token: string;
    let componentId: string;

    beforeAll(async () => {
      const url = databaseUrl();
      token = (await ok(url, 'token', 'create', '--name', 'ops', '--scope', 'admin'))
        .trimEnd()
        .split('\n')
        .at(-1)!;
      componentId = JSON.parse(await ok(url, 'component', 'add', 'API', '--json')).id;
      const port = await freePort();
      server = cli(url, ['serve', '--port', String(port), '--no-worker', '--web-processes', '2']);
      base = `http://127.0.0.1:${port}`;
      let out = '';
      await new Promise<void>((done, fail) => {
        server.stdout?.on('data', (d) => {
          out += d;
          if (out.includes('Flare is serving at')) done();
        });
        server.on('exit', (code) => fail(new Error(`serve exited ${code}`)));
      });
      expect(out).toContain(`Flare is serving at ${base} (2 web processes)`);
    });
    afterAll(() => {
      if (server.exitCode === null) server.kill('SIGKILL');
    });

    it('serves from two processes, and a write through one shows at once from both', async () => {
      expect(childrenOf(server.pid!)).toHaveLength(2);
      const doc = `${base}/api/v2/components.json`;
      for (let i = 0; i < 4; i++) {
        const r = await call(doc); // both processes now hold it in their caches
        expect(statusOf(r.body, componentId)).toBe('operational');
      }
      const patched = await call(`${base}/api/v1/components/${componentId}`, {
        method: 'PATCH',
        token,
        body: { status: 'major_outage' },
      });
      expect(patched.status).toBe(200);
      for (let i = 0; i < 4; i++) {
        expect(statusOf((await call(doc)).body, componentId)).toBe('major_outage');
      }
    });

    it('replaces a web process that dies', async () => {
      const [victim] = childrenOf(server.pid!);
      process.kill(victim, 'SIGKILL');
      const until = Date.now() + 30_000;
      let now = childrenOf(server.pid!);
      while ((now.length < 2 || now.includes(victim)) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        now = childrenOf(server.pid!);
      }
      expect(now).toHaveLength(2);
      expect(now).not.toContain(victim);
      for (let i = 0; i < 4; i++) expect((await call(`${base}/`)).status).toBe(200);
    });

    it('stops every web process on SIGTERM', async () => {
      const kids = childrenOf(server.pid!);
      const exited = new Promise((r) => server.on('exit', r));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const pid of kids) expect(() => process.kill(pid, 0)).toThrow();
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'flare-cluster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
suite('sqlite', () => `sqlite:${join(dir, 'flare.db')}`);

if (PG_URL) {
  const schema = pgSchema('cl');
  beforeAll(() => schema.create());
  afterAll(() => schema.drop());
  suite('postgres', () => schema.url);
}
