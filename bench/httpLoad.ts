/**
 * The load generators of the HTTP benchmark, behind one shape: autocannon (programmatic, in
 * this process, optionally with worker threads) and wrk (a separate C process, when installed).
 * Both keep `connections` requests in flight for `seconds` against one URL on 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpuSeconds } from './httpServers.js';

export type Generator = 'autocannon' | 'wrk';

export interface Run {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** MiB/s of responses */
  mbps: number;
  /** errors, timeouts and non-2xx answers */
  bad: number;
  /** CPU seconds per wall second of the server under test and of the load generator */
  serverCpu: number;
  loadCpu: number;
}

interface AcResult {
  requests: { total: number };
  latency: { p50: number; p99: number; max: number };
  throughput: { average: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AcResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export function wrkAvailable(): boolean {
  const r = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  return !r.error;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  /** autocannon worker threads (0: none); wrk threads (at least 1) */
  threads: number;
  /** the server's processes, for its CPU time */
  serverPids: number[];
}

export async function load(generator: Generator, o: LoadOptions): Promise<Run> {
  const cpu0 = cpuSeconds(o.serverPids);
  const t0 = performance.now();
  const r = generator === 'wrk' ? await wrk(o) : await cannon(o);
  const wall = (performance.now() - t0) / 1000;
  return {
    ...r,
    serverCpu: (cpuSeconds(o.serverPids) - cpu0) / wall,
    loadCpu: r.loadCpuSeconds / wall,
  };
}

type Measured = Omit<Run, 'serverCpu' | 'loadCpu'> & { loadCpuSeconds: number };

async function cannon(o: LoadOptions): Promise<Measured> {
  const self0 = process.cpuUsage(); // the whole process, worker threads included
  const r = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.seconds,
    ...(o.threads > 0 ? { workers: o.threads } : {}),
  });
  const self = process.cpuUsage(self0);
  return {
    rps: r.requests.total / (r.duration || o.seconds),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    mbps: r.throughput.average / 1024 / 1024,
    bad: r.errors + r.timeouts + r.non2xx,
    loadCpuSeconds: (self.user + self.system) / 1e6,
  };
}

/** wrk run under bash, whose `times` reports the CPU the wrk process used. */
async function wrk(o: LoadOptions): Promise<Measured> {
  const args = [
    `-t${Math.max(1, o.threads)}`,
    `-c${o.connections}`,
    `-d${o.seconds}s`,
    '--timeout',
    '10s',
    '--latency',
    o.url,
  ];
  const child = spawn('bash', ['-c', 'wrk "$@" && times', 'wrk', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`wrk exited ${code}:\n${out}`);
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? Number.NaN);
  const dist = (pct: string) => ms(new RegExp(`^\\s+${pct}%\\s+(\\S+)`, 'm').exec(out)?.[1]);
  const requests = num(/(\d+) requests in/);
  const seconds = secondsOf(/requests in ([\d.]+\w+),/.exec(out)?.[1]);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
    .exec(out)
    ?.slice(1)
    .reduce((n, v) => n + Number(v), 0);
  // `times` prints the shell's user/system times, then its children's: wrk's
  const children = out.trim().split('\n').at(-1)?.split(/\s+/) ?? [];
  return {
    rps: requests / seconds,
    p50: dist('50'),
    p99: dist('99'),
    max: ms(/Latency\s+\S+\s+\S+\s+(\S+)/.exec(out)?.[1]),
    mbps: bytesOf(/Transfer\/sec:\s+(\S+)/.exec(out)?.[1]) / 1024 / 1024,
    bad: (socketErrors ?? 0) + (num(/Non-2xx or 3xx responses: (\d+)/) || 0),
    loadCpuSeconds: children.reduce((n, t) => n + minutesSeconds(t), 0),
  };
}

/** "1.23ms", "456.00us", "1.02s" → milliseconds */
function ms(v: string | undefined): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v ?? '');
  if (!m) return Number.NaN;
  const f = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(m[1]) * f;
}

const secondsOf = (v: string | undefined) => ms(v) / 1000;

/** "1.02GB", "345.6MB", "12KB" → bytes */
function bytesOf(v: string | undefined): number {
  const m = /^([\d.]+)(B|KB|MB|GB)$/.exec(v ?? '');
  if (!m) return Number.NaN;
  return Number(m[1]) * { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[m[2] as 'B'];
}

/** bash `times` output such as "0m1.234s" → seconds */
function minutesSeconds(v: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(v);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}
