/**
 * CPU time of each thread of this process, from /proc (Linux), so a run can say where Flare's
 * CPU goes: its worker's (main) thread, its send thread (the busiest other one) and the rest
 * (V8's garbage-collection and compiler helpers, libuv's pool). Elsewhere it reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadCpu {
  mainMs: number;
  sendMs: number;
  otherMs: number;
}

type Snapshot = Map<string, number>;

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function threadCpu(): Snapshot | null {
  try {
    const out: Snapshot = new Map();
    for (const tid of readdirSync('/proc/self/task')) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      } catch {
        continue; // the thread ended while we looked
      }
      // fields after the command name, which may hold spaces: utime and stime are the 12th and 13th
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) * TICK_MS);
    }
    return out;
  } catch {
    return null;
  }
}

/** What each thread used between two snapshots (a thread that ended in between is not counted). */
export function threadCpuSince(before: Snapshot | null): ThreadCpu | null {
  const after = threadCpu();
  if (!before || !after) return null;
  const main = String(process.pid);
  let mainMs = 0;
  const others: number[] = [];
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === main) mainMs = used;
    else others.push(used);
  }
  others.sort((a, b) => b - a);
  const sendMs = others[0] ?? 0;
  return { mainMs, sendMs, otherMs: others.slice(1).reduce((a, b) => a + b, 0) };
}
