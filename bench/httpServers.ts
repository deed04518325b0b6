/**
 * The servers of the HTTP benchmark, each a child process on 127.0.0.1: Flare as it runs in
 * production (`node bin/flare.js serve`, built code), a bare node:http server with Flare's bytes
 * (httpNodeServer.ts), and Debian's nginx serving the static export from a generated config. Plus /proc readers for CPU time and peak memory.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { extname, join } from 'node:path';

export interface Child {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

export const ROOT = new URL('..', import.meta.url).pathname;
const FLARE = join(ROOT, 'bin/flare.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion (bounded by `timeoutMs`) and returns its stdout. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`,
    );
  }
  return r.stdout;
}

/** Waits for `child` to exit after `signal`, escalating to SIGKILL after 10 s. */
function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill(signal);
  });
}

/** Resolves once the child has printed `ready` on stdout; rejects if it exits or times out. */
function waitFor(child: ChildProcess, ready: RegExp | null, probe: () => Promise<boolean>) {
  return new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`${why}\n${out}${err}`));
    };
    const timer = setTimeout(() => fail('server did not start within 30 s'), 30_000);
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve();
    };
    child.stdout?.on('data', (d: Buffer) => {
      out += d;
      if (ready?.test(out)) done();
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d;
    });
    child.once('exit', (code, sig) => fail(`server exited early (${code ?? sig})`));
    const poll = setInterval(() => {
      if (!ready)
        probe().then(
          (ok) => ok && done(),
          () => undefined,
        );
    }, 100);
  });
}

/**
 * `node bin/flare.js serve --no-worker [--web-processes N]` on 127.0.0.1 (the scheduler runs,
 * as in production).
 */
export async function startFlare(
  env: NodeJS.ProcessEnv,
  port: number,
  webProcesses: number,
): Promise<Child> {
  const args = ['serve', '--port', String(port), '--host', '127.0.0.1', '--no-worker'];
  if (webProcesses > 1) args.push('--web-processes', String(webProcesses));
  const child = spawn(process.execPath, [FLARE, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitFor(child, /Flare is serving at/, async () => false);
  child.stdout?.resume();
  child.stderr?.pipe(process.stderr);
  return {
    pid: child.pid ?? 0,
    url: `http://127.0.0.1:${port}`,
    stop: () => stopChild(child, 'SIGTERM'),
  };
}

/**
 * The bare node:http server of bench/httpNodeServer.ts, serving what Flare at `flareUrl` sends
 * for `paths` (one process, one thread, no framework).
 */
export async function startNodeBaseline(
  flareUrl: string,
  paths: string[],
  port: number,
): Promise<Child> {
  const script = join(ROOT, 'bench/httpNodeServer.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, String(port), flareUrl, ...paths],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitFor(child, /ready/, async () => false);
  child.stdout?.resume();
  child.stderr?.pipe(process.stderr);
  return {
    pid: child.pid ?? 0,
    url: `http://127.0.0.1:${port}`,
    stop: () => stopChild(child, 'SIGTERM'),
  };
}

/** nginx's version line, or null when there is no nginx on PATH. */
export function nginxVersion(): string | null {
  const r = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return (r.stderr || r.stdout).trim().replace(/^nginx version:\s*/, '');
}

interface ManifestFile {
  path: string;
  file: string;
  type: string;
}

/**
 * A minimal production-like nginx.conf for the export in `siteDir`. Content types come from the
 * export's manifest (the same strings Flare sends); a file whose type differs from the one for
 * its extension gets an exact-match location. Flare's Cache-Control and CORS headers are added
 * so both servers send comparable headers.
 */
export function writeNginxConf(dir: string, siteDir: string, port: number): string {
  const manifest = JSON.parse(readFileSync(join(siteDir, 'flare-export.json'), 'utf8')) as {
    files: ManifestFile[];
  };
  const byExt = new Map<string, string>();
  for (const f of manifest.files) {
    const ext = extname(f.file).slice(1);
    if (ext && !byExt.has(ext)) byExt.set(ext, f.type);
  }
  const exact = manifest.files.filter((f) => byExt.get(extname(f.file).slice(1)) !== f.type);
  const types = [...byExt].map(([ext, type]) => `      "${type}" ${ext};`).join('\n');
  const cache = 'add_header Cache-Control "public, max-age=10, stale-while-revalidate=60";';
  const cors = 'add_header Access-Control-Allow-Origin "*";';
  const conf = `daemon off;
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  types {
${types}
  }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  server_tokens off;
  client_body_temp_path ${dir}/nginx-tmp/body;
  proxy_temp_path ${dir}/nginx-tmp/proxy;
  fastcgi_temp_path ${dir}/nginx-tmp/fastcgi;
  uwsgi_temp_path ${dir}/nginx-tmp/uwsgi;
  scgi_temp_path ${dir}/nginx-tmp/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${siteDir};
    index index.html;
    ${cache}
    location / { try_files $uri $uri/ =404; }
    location /api/v2/ { ${cache} ${cors} try_files $uri =404; }
${exact.map((f) => `    location = ${f.path} { types { } default_type "${f.type}"; ${cache} ${cors} }`).join('\n')}
  }
}
`;
  const path = join(dir, 'nginx.conf');
  writeFileSync(path, conf);
  return path;
}

export async function startNginx(conf: string, dir: string, port: number): Promise<Child> {
  const args = ['-p', dir, '-e', join(dir, 'nginx-error.log'), '-c', conf];
  const test = spawnSync('nginx', [...args, '-t'], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx rejected ${conf}:\n${test.stderr}`);
  const child = spawn('nginx', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(child, null, () => fetch(`${url}/`).then((r) => r.ok));
  child.stdout?.resume();
  child.stderr?.pipe(process.stderr);
  // SIGQUIT: graceful shutdown of the master and its workers
  return { pid: child.pid ?? 0, url, stop: () => stopChild(child, 'SIGQUIT') };
}

const TICK = 100; // USER_HZ on Linux

/** `pid` and its direct children (nginx's workers, Flare's web processes). */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (const p of readdirSync('/proc')) {
    if (/^\d+$/.test(p) && statFields(Number(p))?.[1] === pid) pids.push(Number(p));
  }
  return pids;
}

/** CPU seconds (user + system) used so far by `pids`. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const p of pids) {
    const f = statFields(p);
    if (f) ticks += f[11] + f[12];
  }
  return ticks / TICK;
}

/** /proc/<pid>/stat fields after the command name, as numbers (index 0 is the state). */
function statFields(pid: number): number[] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s
      .slice(s.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
  } catch {
    return null;
  }
}

/** Peak resident set size (VmHWM) of each of `pids`, in bytes. */
export function peakRss(pids: number[]): number[] {
  return pids.map((pid) => {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  });
}
