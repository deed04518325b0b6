/** Retry policy for deliveries: exponential backoff with full jitter, bounded attempts, Retry-After wins. */

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 10_000, capMs: 60 * 60_000 };

/**
 * The wait before attempt `attempt + 1`, after `attempt` attempts have failed (attempt ≥ 1),
 * or null when the delivery should become a dead letter. `random` is in [0, 1).
 */
export function nextDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: number,
  retryAfterMs?: number,
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  // "equal jitter": half fixed, half random, so retries spread out but never come too soon
  const backoff = ceiling / 2 + (ceiling / 2) * random;
  if (retryAfterMs !== undefined && retryAfterMs > 0)
    return Math.max(retryAfterMs, Math.min(backoff, retryAfterMs * 2));
  return Math.round(backoff);
}

/** Parses an HTTP Retry-After value (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs, 24 * 3600) * 1000;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now.getTime());
}

/**
 * The wait before attempt n+1 of work that must never be dropped (a stored enquiry or alert
 * whose processing failed): `firstMs`, doubling, at most an hour. Retries never stop.
 */
export function keepTryingDelayMs(firstMs: number, attempts: number): number {
  return Math.min(firstMs * 2 ** attempts, 3_600_000);
}
