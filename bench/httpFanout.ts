/**
 * For `bench/http.ts --with-fanout N`: the fan-out bench (bench/fanout.ts, built as
 * `npm run bench:fanout` builds it) as a child process, so the page is measured while one
 * published update goes out to N subscribers on the same machine. Its output is passed through
 * with a `[fanout]` prefix; the load runs start once it has seeded and starts publishing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, run } from './httpServers.js';

export interface Fanout {
  /** whether the fan-out (its Flare run or its baseline) is still going */
  running(): boolean;
  /** resolves when the child has exited */
  done: Promise<number | null>;
  stop(): void;
}

export async function startFanout(
  n: number,
  mix: string,
  log: (...a: unknown[]) => void,
): Promise<Fanout> {
  run(
    process.execPath,
    [
      'scripts/bench-build.mjs',
      'bench/fanout.ts',
      'bench/fanoutReceiver.ts',
      'bench/fanoutBaseline.ts',
      'bench/fanoutBaselineThread.ts',
    ],
    process.env,
    120_000,
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'bench/out/fanout.mjs'), '--n', String(n), '--mix', mix],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let alive = true;
  const done = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      alive = false;
      resolve(code);
    }),
  );
  const seeded = new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line.trim()) log(`[fanout] ${line}`);
        if (line.startsWith('seeded ')) resolve();
      }
    });
    void done.then((code) => reject(new Error(`the fan-out bench exited early (${code})`)));
  });
  await seeded;
  return {
    running: () => alive,
    done,
    stop: () => {
      if (alive) child.kill('SIGTERM');
    },
  };
}
