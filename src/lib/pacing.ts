/**
 * Per-destination limits inside one worker: a send rate (Slack webhooks, SMS senders), a
 * concurrency cap (webhook hosts), and a pause after a 429/503 with Retry-After.
 */
const noop = () => {};

export class Pacer {
  private nextFree = new Map<string, number>();
  private pausedUntil = new Map<string, number>();
  private active = new Map<string, number>();
  private waiting = new Map<string, Array<() => void>>();

  /** Reserves the next send slot for `key` at `perSecond`; returns how long to wait for it. */
  reserve(key: string, perSecond: number | undefined, nowMs: number): number {
    const paused = this.pausedUntil.get(key) ?? 0;
    if (!perSecond) return Math.max(0, paused - nowMs);
    const at = Math.max(nowMs, this.nextFree.get(key) ?? 0, paused);
    this.nextFree.set(key, at + 1000 / perSecond);
    return at - nowMs;
  }

  /** Gives back a slot reserved but not used (the delivery went back to the queue). */
  unreserve(key: string, perSecond: number | undefined): void {
    if (!perSecond) return;
    const next = this.nextFree.get(key);
    if (next !== undefined) this.nextFree.set(key, next - 1000 / perSecond);
  }

  pause(key: string, untilMs: number): void {
    this.pausedUntil.set(key, Math.max(untilMs, this.pausedUntil.get(key) ?? 0));
  }

  /** Takes one of `max` concurrent slots for `key` if one is free now; null when it must wait. */
  tryAcquire(key: string, max: number | undefined): (() => void) | null {
    if (!max) return noop;
    const n = this.active.get(key) ?? 0;
    if (n >= max) return null;
    this.active.set(key, n + 1);
    return () => this.release(key);
  }

  /** Waits for one of `max` concurrent slots for `key`; call the returned function to free it. */
  acquire(key: string, max: number | undefined): Promise<() => void> {
    if (!max) return Promise.resolve(noop);
    return new Promise((resolve) =>
      this.whenFree(key, max, () => resolve(() => this.release(key))),
    );
  }

  /**
   * Runs `go` once one of `max` concurrent slots for `key` is free: at once if one is, else when
   * one is released. `go` must call `release(key)` when done. Costs no promise, unlike acquire.
   */
  whenFree(key: string, max: number, go: () => void): void {
    const n = this.active.get(key) ?? 0;
    if (n < max) {
      this.active.set(key, n + 1);
      go();
      return;
    }
    const list = this.waiting.get(key);
    if (list) list.push(go);
    else this.waiting.set(key, [go]);
  }

  /** Frees a slot taken for `key`, handing it straight to the next waiter if there is one. */
  release(key: string): void {
    const list = this.waiting.get(key);
    const next = list?.shift();
    if (next) {
      next(); // hand the slot straight to the next waiter
      if (list && list.length === 0) this.waiting.delete(key);
      return;
    }
    const n = (this.active.get(key) ?? 1) - 1;
    if (n <= 0) this.active.delete(key);
    else this.active.set(key, n);
  }

  /** Forgets keys whose limits have long passed, so memory stays flat. */
  sweep(nowMs: number): void {
    for (const [k, t] of this.nextFree) if (t < nowMs - 60_000) this.nextFree.delete(k);
    for (const [k, t] of this.pausedUntil) if (t < nowMs) this.pausedUntil.delete(k);
  }
}
