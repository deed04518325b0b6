/**
 * The parent's side of bench/fanout.ts's child processes: the receivers (fanoutReceiver.ts) and
 * the raw baseline (fanoutBaseline.ts), each forked next to this file in the same form (.ts under
 * tsx, .mjs once bundled by scripts/bench-build.mjs), plus the waiting and sampling helpers.
 */
import { type ChildProcess, fork } from 'node:child_process';

export interface Receiver {
  child: ChildProcess;
  port: number;
  count: number;
  request<T>(msg: object, reply: string): Promise<T>;
}

export interface Report {
  count: number;
  unique: number;
  duplicates: number;
  unkeyed: number;
  first: number | null;
  last: number | null;
  p50: number;
  p99: number;
  peakRss: number;
  cpuMs: number;
  quantiles: number[];
}

export const withoutQuantiles = ({ quantiles: _q, ...r }: Report) => r;

/** Deliveries a second at the receiver: count ÷ first-to-last arrival. */
export const rate = (r: Report) =>
  r.first !== null && r.last !== null && r.last > r.first
    ? r.count / ((r.last - r.first) / 1000)
    : 0;

/** p-th percentile of both channels together, from each one's 0.1% quantiles and its count. */
export function mergedPercentile(reports: Report[], p: number): number {
  const points = reports
    .filter((r) => r.count > 0)
    .flatMap((r) => r.quantiles.map((v) => ({ v, w: r.count / r.quantiles.length })))
    .sort((a, b) => a.v - b.v);
  const total = points.reduce((n, x) => n + x.w, 0);
  let seen = 0;
  for (const x of points) {
    seen += x.w;
    if (seen >= (p / 100) * total) return x.v;
  }
  return Number.NaN;
}

/** Forks a bench script that lives next to this one. */
export function forkSibling(name: string, args: string[] = []): ChildProcess {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.mjs';
  return fork(new URL(`./${name}${ext}`, import.meta.url).pathname, args, {
    execArgv: ext === '.ts' ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next message of `type` from a child; fails if the child exits first. */
export function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', on);
      child.off('exit', exit);
      resolve(m as T);
    };
    const exit = (code: number | null) => reject(new Error(`a bench child exited (${code})`));
    child.on('message', on);
    child.once('exit', exit);
  });
}

export async function startReceiver(kind: 'http' | 'smtp'): Promise<Receiver> {
  const child = forkSibling('fanoutReceiver', [kind]);
  const r = { child, port: 0, count: 0 } as Receiver;
  child.on('message', (m: { type: string; count?: number; duplicates?: number }) => {
    if (m.type === 'progress') r.count = (m.count ?? 0) - (m.duplicates ?? 0);
  });
  r.request = (msg, reply) => {
    const answer = nextMessage<never>(child, reply);
    child.send(msg);
    return answer;
  };
  r.port = (await nextMessage<{ port: number }>(child, 'ready')).port;
  return r;
}

export async function reset(...rs: Receiver[]) {
  await Promise.all(rs.map((r) => r.request({ type: 'reset' }, 'reset')));
  for (const r of rs) r.count = 0;
}

/** Waits until `done()` holds; fails when nothing moves for `stallMs`. */
export async function waitUntil(done: () => boolean, progress: () => number, stallMs = 60_000) {
  let last = -1;
  let since = Date.now();
  while (!done()) {
    const p = progress();
    if (p !== last) {
      last = p;
      since = Date.now();
    } else if (Date.now() - since > stallMs) {
      throw new Error(`no progress for ${stallMs / 1000} s (at ${p})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Peak RSS of this process, sampled every 50 ms, with the heap figures seen near that peak.
 * Sampling reads only the RSS (`process.memoryUsage.rss()`): the full `memoryUsage()` walks
 * the heap's spaces and, called 20 times a second, took about 5% of the worker's thread in a
 * profile, CPU taken from the very process being measured. The heap figures are read only
 * when the RSS has grown by 4 MB past the last reading.
 */
export function peakRssSampler(trace?: (m: NodeJS.MemoryUsage) => void) {
  let peak = process.memoryUsage();
  let peakRss = peak.rss;
  let n = 0;
  const t = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) {
      if (rss > peak.rss + 4 * 1024 * 1024) peak = process.memoryUsage();
      peakRss = Math.max(rss, peak.rss);
    }
    if (trace && n++ % 10 === 0) trace(process.memoryUsage());
  }, 50);
  return {
    stop: () => {
      clearInterval(t);
      return { ...peak, rss: peakRss };
    },
  };
}
