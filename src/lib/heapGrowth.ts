/**
 * How far V8 lets the old generation grow past what the last full collection kept. A fan-out
 * promotes short-lived objects (about 15 MB/s at 11,000 webhooks/s) that die soon after; V8's
 * own factor (up to 4× for a small heap) let the worker's heap reach 120–150 MB of that garbage
 * before collecting it. Growing by half of what is live collects it at about 50 MB: about 70 MB
 * less peak RSS in a fan-out of 200,000 or 1,000,000 webhooks, for no loss of speed (ADR 0024).
 * The flag is process-wide: the send thread's heap follows it, and with `flare serve` so does
 * the web server's, which shares the worker's process.
 */
import { setFlagsFromString } from 'node:v8';

export const DEFAULT_HEAP_GROWING_PERCENT = 50;
/** V8's name for it (V8 ignores a name it does not know, so a test checks this one) */
export const HEAP_GROWING_FLAG = '--heap-growing-percent';

/** FLARE_HEAP_GROWING_PERCENT: 0–300, default 50; 0 keeps V8's own factor. */
export function heapGrowingPercentOf(env: NodeJS.ProcessEnv): number {
  const raw = env.FLARE_HEAP_GROWING_PERCENT?.trim();
  if (!raw) return DEFAULT_HEAP_GROWING_PERCENT;
  const percent = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(percent <= 300))
    throw new Error(
      `FLARE_HEAP_GROWING_PERCENT must be a whole number from 0 to 300 (got ${JSON.stringify(raw)})`,
    );
  return percent;
}

let applied: number | null = null;

/** Applies the percent (config's `heapGrowingPercent`) once per process; returns the one in force. */
export function limitHeapGrowth(percent: number): number {
  if (applied !== null) return applied;
  if (percent > 0) setFlagsFromString(`${HEAP_GROWING_FLAG}=${percent}`);
  applied = percent;
  return percent;
}
