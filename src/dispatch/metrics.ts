/** Prometheus metrics for delivery, per channel. Served at /metrics. */
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import { OneLabelHistogram } from './histogram.js';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'flare_' });
// prom-client names three gauges `_total`, which Prometheus keeps for counters (promtool flags
// them). Each is the sum of a per-type gauge it also serves (`flare_nodejs_active_handles{type}`
// and so on), so `sum()` over that one gives the same number.
for (const kind of ['handles', 'requests', 'resources'])
  registry.removeSingleMetric(`flare_nodejs_active_${kind}_total`);

export const deliveriesQueued = new Counter({
  name: 'flare_deliveries_queued_total',
  help: 'Deliveries queued by expanding notifications, per channel',
  labelNames: ['channel'],
  registers: [registry],
});

/** Counts what one expansion step queued, per channel. */
export function countQueued(byChannel: Record<string, number>): void {
  for (const [channel, n] of Object.entries(byChannel)) deliveriesQueued.inc({ channel }, n);
}
export const deliveriesSent = new Counter({
  name: 'flare_deliveries_sent_total',
  help: 'Deliveries accepted by the provider or receiver',
  labelNames: ['channel', 'provider'],
  registers: [registry],
});
export const deliveriesFailed = new Counter({
  name: 'flare_deliveries_failed_total',
  help: 'Failed delivery attempts (each retry counts)',
  labelNames: ['channel'],
  registers: [registry],
});
export const deliveriesRetried = new Counter({
  name: 'flare_deliveries_retried_total',
  help: 'Failed attempts that were scheduled to retry',
  labelNames: ['channel'],
  registers: [registry],
});
export const deliveriesDead = new Counter({
  name: 'flare_deliveries_dead_total',
  help: 'Deliveries that became dead letters',
  labelNames: ['channel'],
  registers: [registry],
});
export const sendLatency = new OneLabelHistogram(
  'flare_delivery_send_seconds',
  'Time for one send to be accepted, per channel',
  'channel',
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registry,
);
export const publishToSend = new OneLabelHistogram(
  'flare_delivery_publish_to_send_seconds',
  'Time from publishing to the provider accepting the message, per channel',
  'channel',
  [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  registry,
);
