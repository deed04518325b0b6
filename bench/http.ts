/**
 * HTTP benchmark: Flare's live public pages against the same bytes from the static export
 * served by nginx, in the same run, on 127.0.0.1.
 *
 *   npm run bench:http -- [--duration 10] [--warmup 2] [--connections 100]
 *       [--web-processes 1,2] [--generator autocannon|wrk|both] [--threads 2] [--rounds 1]
 *       [--paths /,/api/v2/summary.json] [--no-build] [--json]
 *       [--with-fanout N] [--fanout-mix both|webhook|email]
 *
 * Builds Flare, loads the demo page into a fresh SQLite database in a temp dir, writes the
 * static export and serves it with nginx, and for each --web-processes count starts
 * `node bin/flare.js serve --no-worker` (a child process, on its own copy of the database).
 * It checks that every server sends the same bytes, then loads each path on each server in
 * turn, after a warm-up, `--rounds` times (the median run is kept). Every child is stopped and
 * the temp dir removed at the end; the run gives up by itself after --timeout-s.
 *
 * With --with-fanout N, the fan-out bench (bench/fanout.ts) runs on the same machine during the
 * load runs, delivering one update to N subscribers (httpFanout.ts); each result says whether
 * the fan-out was still running from its start to its end.
 */

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { type Fanout, startFanout } from './httpFanout.js';
import { type Generator, load, type Run, wrkAvailable } from './httpLoad.js';
import { printResults, type Result } from './httpReport.js';
import {
  type Child,
  freePort,
  nginxVersion,
  peakRss,
  processTree,
  run,
  startFlare,
  startNginx,
  startNodeBaseline,
  writeNginxConf,
} from './httpServers.js';

const nproc = cpus().length;
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '100' },
    'web-processes': { type: 'string', default: [...new Set([1, nproc])].join(',') },
    generator: { type: 'string', default: wrkAvailable() ? 'both' : 'autocannon' },
    threads: { type: 'string', default: String(nproc) },
    rounds: { type: 'string', default: '1' },
    paths: { type: 'string', default: '/,/api/v2/summary.json' },
    'no-build': { type: 'boolean', default: false },
    'timeout-s': { type: 'string', default: '900' },
    json: { type: 'boolean', default: false },
    /** subscribers of a fan-out (bench/fanout.ts) run on the same machine during the load runs */
    'with-fanout': { type: 'string' },
    'fanout-mix': { type: 'string', default: 'both' },
  },
});
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const threads = Number(args.threads);
const rounds = Number(args.rounds);
const webProcesses = args['web-processes'].split(',').map(Number);
const generators: Generator[] =
  args.generator === 'both' ? ['autocannon', 'wrk'] : [args.generator as Generator];
const paths = args.paths.split(',').filter(Boolean);
const fanoutN = args['with-fanout'] === undefined ? 0 : Number(args['with-fanout']);
if (!Number.isInteger(fanoutN) || fanoutN < 0) throw new Error('--with-fanout: a subscriber count');
if (!(duration > 0 && duration <= 300)) throw new Error('--duration must be within (0, 300] s');
if (!(warmup >= 0 && warmup <= 60)) throw new Error('--warmup must be within [0, 60] s');
if (!Number.isInteger(connections) || connections < 1) throw new Error('--connections: integer');
if (!Number.isInteger(threads) || threads < 0 || threads > 16) throw new Error('--threads: 0..16');
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9) throw new Error('--rounds: 1..9');
if (!webProcesses.every((n) => Number.isInteger(n) && n >= 1 && n <= 16))
  throw new Error('--web-processes: a list of counts from 1 to 16');
if (!generators.every((g) => g === 'autocannon' || g === 'wrk'))
  throw new Error('--generator: autocannon, wrk or both');
if (generators.includes('wrk') && !wrkAvailable())
  throw new Error('--generator wrk: wrk is not on PATH (apt-get install -y wrk)');

const log = (...a: unknown[]) => (args.json ? console.error(...a) : console.log(...a));

const nginx = nginxVersion() ?? '';
if (!nginx) {
  console.error(
    'bench:http needs nginx for the static baseline, and `nginx` is not on PATH.\n' +
      'Install it (Debian/Ubuntu: apt-get install -y nginx) and run again.',
  );
  process.exit(1);
}

const children = new Set<Child>();
let fanout: Fanout | null = null;
const tmp = mkdtempSync(join(tmpdir(), 'flare-bench-http-'));
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  fanout?.stop();
  await Promise.all([...children].map((c) => c.stop()));
  rmSync(tmp, { recursive: true, force: true });
}
const overall = setTimeout(() => {
  console.error(`bench:http: gave up after ${args['timeout-s']} s`);
  cleanup().finally(() => process.exit(2));
}, Number(args['timeout-s']) * 1000);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => cleanup().finally(() => process.exit(130)));
}

async function body(url: string) {
  const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return { bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

/** Null when every path has the same bytes and type from both servers, else what differs. */
async function compare(flareUrl: string, nginxUrl: string): Promise<string | null> {
  const lines: string[] = [];
  for (const p of paths) {
    const [a, b] = await Promise.all([body(flareUrl + p), body(nginxUrl + p)]);
    if (a.type !== b.type) return `${p}: content-type ${a.type} from Flare, ${b.type} from nginx`;
    if (!a.bytes.equals(b.bytes)) {
      let i = 0;
      while (a.bytes[i] === b.bytes[i]) i++;
      const at = (x: Buffer) => JSON.stringify(x.subarray(Math.max(0, i - 40), i + 40).toString());
      return `${p}: Flare sent ${a.bytes.length} bytes, nginx ${b.bytes.length}; first difference at byte ${i}:\n    Flare ${at(a.bytes)}\n    nginx ${at(b.bytes)}`;
    }
    lines.push(
      `  ${p.padEnd(24)} ${String(a.bytes.length).padStart(7)} bytes  ${a.type}  identical`,
    );
  }
  log(lines.join('\n'));
  return null;
}

interface Target {
  name: string;
  url: string;
  pids: number[];
}

/**
 * Each path and load generator against every server in turn, `rounds` times, so that other work
 * on the machine falls on all of them alike. Each run has its own warm-up. The run with the
 * median requests/s of its rounds is kept.
 */
async function measure(targets: Target[]): Promise<{ kept: Result[]; all: Result[] }> {
  const all: Result[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const path of paths) {
      for (const generator of generators) {
        for (const t of targets) {
          log(`  round ${round}: ${t.name} ${path} (${generator})…`);
          const o = { url: t.url + path, connections, threads, serverPids: t.pids };
          if (warmup > 0) await load(generator, { ...o, seconds: warmup });
          const before = fanout?.running();
          const r: Run = await load(generator, { ...o, seconds: duration });
          const during = fanout ? Boolean(before && fanout.running()) : undefined;
          if (fanout && !during) log('    (the fan-out was not running for all of this run)');
          all.push({ path, generator, server: t.name, ...r, duringFanout: during, round });
        }
      }
    }
  }
  const kept: Result[] = [];
  for (const path of paths)
    for (const generator of generators)
      for (const t of targets) {
        const runs = all
          .filter((r) => r.path === path && r.generator === generator && r.server === t.name)
          .sort((a, b) => a.rps - b.rps);
        kept.push(runs[Math.floor((runs.length - 1) / 2)]);
      }
  return { kept, all };
}

async function main() {
  await chmod(tmp, 0o755); // nginx workers run as an unprivileged user
  mkdirSync(join(tmp, 'nginx-tmp'));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(tmp, 'flare.db')}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  if (!args['no-build']) {
    log('building (npm run build)…');
    run('npm', ['run', 'build'], process.env, 300_000);
  }
  run(process.execPath, ['bin/flare.js', 'demo'], env, 60_000);
  // The demo's open incident keeps today's uptime moving minute by minute, so a page exported
  // now differs from the live one a moment later. Resolve what is open: the pages stay the
  // same size and shape, and both servers serve one moment's bytes.
  const open = JSON.parse(
    run(process.execPath, ['bin/flare.js', 'incident', 'list', '--json'], env, 60_000),
  ) as { id: string }[];
  for (const i of open)
    run(
      process.execPath,
      [
        'bin/flare.js',
        'incident',
        'resolve',
        i.id,
        '--no-notify',
        '--body',
        'Resolved for the benchmark.',
      ],
      env,
      60_000,
    );
  // One language, so the live page (which offers a language switcher and hreflang links when
  // several are offered) and the static export (which cannot negotiate) are the same bytes.
  const pageDb = new Database(join(tmp, 'flare.db'));
  pageDb.prepare("update page set languages = 'en'").run();
  pageDb.close();
  const site = join(tmp, 'site');
  const exportSite = () =>
    run(process.execPath, ['bin/flare.js', 'export', '--out', site], env, 60_000);
  exportSite();
  const nginxPort = await freePort();
  const ngx = await startNginx(writeNginxConf(tmp, site, nginxPort), tmp, nginxPort);
  children.add(ngx);

  const load0 = loadavg()[0];
  log(`1-minute load average before the runs: ${load0.toFixed(2)}`);
  if (load0 > 0.5) log('  (other work is running on this machine: expect noisy figures)');

  // one database copy per Flare server, so they can run side by side with their own scheduler
  const db = join(tmp, 'flare.db');
  const targets: Target[] = [];
  const flares: Child[] = [];
  for (const n of webProcesses) {
    const copy = join(tmp, `flare-${n}.db`);
    copyFileSync(db, copy);
    if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${copy}-wal`);
    const flare = await startFlare({ ...env, DATABASE_URL: `sqlite:${copy}` }, await freePort(), n);
    children.add(flare);
    flares.push(flare);
    targets.push({ name: n > 1 ? `flare×${n}` : 'flare', url: flare.url, pids: [] });
  }
  targets.push({ name: 'nginx', url: ngx.url, pids: processTree(ngx.pid) });
  // The pages move with the clock, so when a live page has moved on from the export, wait
  // out Flare's cache TTL (10 s) and export again, so both come from the same moment.
  for (let attempt = 1; ; attempt++) {
    let diff: string | null = null;
    for (const t of targets.slice(0, -1)) {
      log(`\n${t.name}: the same bytes as nginx?`);
      diff = await compare(t.url, ngx.url);
      if (diff) break;
    }
    if (!diff) break;
    if (attempt === 3) throw new Error(diff);
    log(`  ${diff}\n  (the page moved on between export and request; exporting again)`);
    await new Promise((r) => setTimeout(r, 10_500));
    exportSite();
  }
  // the bare Node server takes Flare's bytes once they are known to be nginx's
  const node = await startNodeBaseline(flares[0].url, paths, await freePort());
  children.add(node);
  const nodeTarget = { name: 'node', url: node.url, pids: processTree(node.pid) };
  const nodeDiff = await compare(node.url, ngx.url);
  if (nodeDiff) throw new Error(`node baseline: ${nodeDiff}`);
  targets.splice(targets.length - 1, 0, nodeTarget);
  flares.forEach((f, i) => {
    targets[i].pids = processTree(f.pid);
  });
  log('');
  if (fanoutN > 0) {
    log(`starting a fan-out to ${fanoutN.toLocaleString()} subscribers (${args['fanout-mix']})…`);
    fanout = await startFanout(fanoutN, args['fanout-mix'], log);
  }
  const { kept: results, all } = await measure(targets);
  if (fanout) {
    log('waiting for the fan-out to finish…');
    await fanout.done;
  }
  const peaks: Record<string, number[]> = {};
  for (const t of targets.slice(0, flares.length)) peaks[t.name] = peakRss(t.pids);
  await cleanup();

  const machine = {
    cores: nproc,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    nginx,
    loadBefore: load0,
    loadAfter: loadavg()[0],
  };
  const setup = {
    connections,
    duration,
    warmup,
    threads,
    rounds,
    generators,
    webProcesses,
    withFanout: fanoutN,
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ machine, setup, results, all, peaks }, null, 2)}\n`);
    return;
  }
  printResults({ machine, setup, results, all, peaks });
}

main()
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    clearTimeout(overall);
  });
