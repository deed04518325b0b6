/** The HTTP benchmark's printed table and verdicts. */
import type { Generator, Run } from './httpLoad.js';

export interface Result extends Run {
  path: string;
  generator: Generator;
  /** "flare", "flare×2", "node" (the bare node:http baseline) or "nginx" */
  server: string;
  /** with --with-fanout: whether the fan-out ran from the start to the end of this run */
  duringFanout?: boolean;
  /** which round of the run it was, from 1 */
  round?: number;
}

export interface Report {
  machine: {
    cores: number;
    cpu: string;
    memoryMiB: number;
    node: string;
    nginx: string;
    loadBefore: number;
    loadAfter: number;
  };
  setup: {
    connections: number;
    duration: number;
    warmup: number;
    threads: number;
    rounds: number;
    generators: Generator[];
    webProcesses: number[];
    /** subscribers of the fan-out run alongside (0: none) */
    withFanout: number;
  };
  results: Result[];
  /** every run of every round, the median of which is in `results` */
  all: Result[];
  /** peak RSS (VmHWM) of each process of each Flare server, in bytes */
  peaks: Record<string, number[]>;
}

const TARGET_SHARE = 50;
const TARGET_P99_MS = 25;

const ms = (v: number) => `${v.toFixed(1)}`.padStart(8);
const MiB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

/** One line per Flare server, path and generator: its share of nginx and its p99, round by round. */
function eachRound(all: Result[]): string[] {
  const lines: string[] = [];
  const keys = new Set(
    all
      .filter((r) => r.server.startsWith('flare'))
      .map((r) => `${r.path}\t${r.generator}\t${r.server}`),
  );
  for (const key of keys) {
    const [path, generator, server] = key.split('\t');
    const cells = all
      .filter((r) => r.path === path && r.generator === generator && r.server === server)
      .map((r) => {
        const base = all.find(
          (b) =>
            b.server === 'nginx' &&
            b.path === path &&
            b.generator === generator &&
            b.round === r.round,
        );
        const share = base ? `${((100 * r.rps) / base.rps).toFixed(0)}%` : '?';
        return `round ${r.round}: ${share}, p99 ${r.p99.toFixed(1)} ms`;
      });
    lines.push(`  ${path} with ${generator}, ${server}: ${cells.join('; ')}`);
  }
  return lines;
}

export function printResults({ machine, setup, results, all, peaks }: Report): void {
  const { connections, duration, warmup, threads, rounds } = setup;
  const out: string[] = [];
  out.push(
    `\n${connections} connections, ${duration} s per run after a ${warmup} s warm-up, on 127.0.0.1;` +
      ` servers in turn${rounds > 1 ? `, ${rounds} rounds, the median run shown` : ''}.`,
    `autocannon: in the bench process${threads > 0 ? ` with ${threads} worker threads` : ''}; ` +
      `wrk: its own process, ${Math.max(1, threads)} threads.`,
    '',
    `${'path'.padEnd(22)}${'load gen'.padEnd(12)}${'server'.padEnd(9)}${'req/s'.padStart(8)}` +
      `${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}${'MiB/s'.padStart(7)}` +
      `${'srv CPU'.padStart(9)}${'gen CPU'.padStart(9)}${'errors'.padStart(8)}  vs nginx  vs node`,
  );
  const verdicts: string[] = [];
  for (const path of new Set(results.map((r) => r.path))) {
    for (const generator of setup.generators) {
      const rows = results.filter((r) => r.path === path && r.generator === generator);
      const base = rows.find((r) => r.server === 'nginx');
      const node = rows.find((r) => r.server === 'node');
      for (const r of rows) {
        const pct = base && r !== base ? `${((100 * r.rps) / base.rps).toFixed(0)}%` : '';
        const flare = r.server.startsWith('flare');
        const pctNode = node && flare ? `${((100 * r.rps) / node.rps).toFixed(0)}%` : '';
        out.push(
          `${path.padEnd(22)}${generator.padEnd(12)}${r.server.padEnd(9)}${Math.round(r.rps).toString().padStart(8)}` +
            `${ms(r.p50)}${ms(r.p99)}${ms(r.max)}${r.mbps.toFixed(0).padStart(7)}` +
            `${r.serverCpu.toFixed(2).padStart(9)}${r.loadCpu.toFixed(2).padStart(9)}${String(r.bad).padStart(8)}  ${pct.padEnd(8)}  ${pctNode}` +
            (r.duringFanout === false ? '  (fan-out over)' : ''),
        );
        if (base && r !== base) {
          const share = (100 * r.rps) / base.rps;
          const ok = share >= TARGET_SHARE && r.p99 <= TARGET_P99_MS && r.bad === 0;
          verdicts.push(
            `  ${flare ? (ok ? 'meets ' : 'MISSES') : 'ref   '}  ${path} with ${generator}, ${r.server}: ${share.toFixed(0)}% of nginx's req/s, p99 ${r.p99.toFixed(1)} ms` +
              ` (nginx's own p99 ${base.p99.toFixed(1)} ms)` +
              (node && flare
                ? `; ${pctNode} of the bare Node server's (its p99 ${node.p99.toFixed(1)} ms)`
                : ''),
          );
        }
      }
    }
    out.push('');
  }
  if (setup.withFanout > 0)
    out.push(
      `Measured while a fan-out to ${setup.withFanout.toLocaleString()} subscribers ran on the same machine` +
        ' (bench/fanout.ts in its own processes); rows marked "(fan-out over)" ran partly after it ended.',
      '',
    );
  out.push(
    `Target: Flare at least ${TARGET_SHARE}% of nginx's requests/s, with p99 <= ${TARGET_P99_MS} ms.`,
    ...verdicts,
    '',
  );
  if (setup.rounds > 1)
    out.push('Each round (Flare against nginx in the same round):', ...eachRound(all), '');
  for (const [server, list] of Object.entries(peaks)) {
    const total = list.reduce((a, b) => a + b, 0);
    const parts = list.length > 1 ? ` (${list.map(MiB).join(' + ')}: primary, then web)` : '';
    out.push(`Peak RSS (VmHWM) of ${server}: ${MiB(total)}${parts}`);
  }
  out.push(
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryMiB} MiB RAM, Node ${machine.node}, nginx ${machine.nginx}.`,
    `1-minute load average: ${machine.loadBefore.toFixed(2)} before the runs, ${machine.loadAfter.toFixed(2)} after (the runs' own load included).`,
    'The load generator shares these cores with the server under test: "srv CPU" and "gen CPU" are',
    'the CPU seconds per second each used. nginx runs worker_processes auto (one per core).',
    '"node" is a bare node:http server in one process sending Flare\'s bytes and headers from memory:',
    'the most one Node thread can serve here, so "vs node" is what Flare\'s own code costs.',
  );
  console.log(out.join('\n'));
}
