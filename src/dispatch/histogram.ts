/**
 * A Prometheus histogram with one label, cheap enough to observe for every delivery.
 * prom-client's Histogram hashes and validates its labels on each observation, which cost a
 * webhook delivery about 3 µs; this one is a bucket search and three additions. It plugs into a
 * prom-client Registry (which calls `get()` at scrape time) and prints the same series.
 */
import type { Registry } from 'prom-client';

interface Series {
  counts: Float64Array;
  sum: number;
  count: number;
}

export class OneLabelHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly label: string,
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  observe(labelValue: string, value: number): void {
    let s = this.series.get(labelValue);
    if (!s) {
      s = { counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
      this.series.set(labelValue, s);
    }
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]) i++;
    s.counts[i]++;
    s.sum += value;
    s.count++;
  }

  reset(): void {
    this.series.clear();
  }

  get() {
    const values: Array<{
      metricName: string;
      labels: Record<string, string | number>;
      value: number;
    }> = [];
    for (const [labelValue, s] of this.series) {
      let cumulative = 0;
      for (let i = 0; i <= this.buckets.length; i++) {
        cumulative += s.counts[i];
        const le = i < this.buckets.length ? this.buckets[i] : '+Inf';
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { le, [this.label]: labelValue },
          value: cumulative,
        });
      }
      values.push({
        metricName: `${this.name}_sum`,
        labels: { [this.label]: labelValue },
        value: s.sum,
      });
      values.push({
        metricName: `${this.name}_count`,
        labels: { [this.label]: labelValue },
        value: s.count,
      });
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }
}
