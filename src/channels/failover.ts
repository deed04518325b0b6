/**
 * An ordered list of providers with a circuit breaker each. Traffic goes to the first healthy
 * provider; one that fails `threshold` times in a row is skipped for `cooldownMs`, then tried
 * again (so traffic returns to the primary once it recovers).
 */
import type { Clock } from '../domain/types.js';

export interface Provider<P> {
  name: string;
  impl: P;
}

export class Failover<P> {
  private failures = new Map<string, number>();
  private openUntil = new Map<string, number>();

  constructor(
    readonly providers: Provider<P>[],
    private readonly threshold = 3,
    private readonly cooldownMs = 30_000,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  private now(): number {
    return this.clock.now().getTime();
  }

  /** Healthy providers in order, then the others (a send must still go somewhere). */
  order(): Provider<P>[] {
    const t = this.now();
    const healthy = this.providers.filter((p) => (this.openUntil.get(p.name) ?? 0) <= t);
    return healthy.length ? healthy : [...this.providers];
  }

  success(name: string): void {
    this.failures.set(name, 0);
    this.openUntil.delete(name);
  }

  failure(name: string): void {
    const n = (this.failures.get(name) ?? 0) + 1;
    this.failures.set(name, n);
    if (n >= this.threshold) this.openUntil.set(name, this.now() + this.cooldownMs);
  }

  isOpen(name: string): boolean {
    return (this.openUntil.get(name) ?? 0) > this.now();
  }
}
