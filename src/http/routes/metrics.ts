/**
 * GET /metrics in Prometheus text form: the delivery counters and latency histograms of this
 * process (src/dispatch/metrics.ts), plus gauges of every delivery in the database by state and
 * channel, read with one GROUP BY at most every 5 s. When FLARE_METRICS_TOKEN is set, a scrape
 * must send `Authorization: Bearer <that token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Gauge, Registry } from 'prom-client';
import { registry } from '../../dispatch/metrics.js';
import { countDeliveriesByState } from '../../store/queries/deliveries.js';
import type { RouteModule } from '../registry.js';

const CACHE_MS = 5_000;

export const metricsRoutes: RouteModule = (server, app) => {
  const token = process.env.FLARE_METRICS_TOKEN || undefined;
  // per server, so two apps in one process never mix their databases' numbers
  const local = new Registry();
  const byState = new Gauge({
    name: 'flare_deliveries',
    help: 'Deliveries in the database by state and channel',
    labelNames: ['state', 'channel'],
    registers: [local],
  });
  let readAt = 0;
  let reading: Promise<void> | null = null;
  const refresh = async () => {
    const rows = await countDeliveriesByState(app.store.db);
    byState.reset();
    for (const r of rows) byState.set({ state: r.state, channel: r.channel }, r.n);
    readAt = Date.now();
  };

  server.get('/metrics', async (req, reply) => {
    if (token && !bearerMatches(req.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="flare-metrics"');
      return reply
        .status(401)
        .type('text/plain; charset=utf-8')
        .send('send "Authorization: Bearer <FLARE_METRICS_TOKEN>"\n');
    }
    if (Date.now() - readAt >= CACHE_MS) {
      reading ??= refresh().finally(() => {
        reading = null;
      });
      await reading;
    }
    const text = (await registry.metrics()) + (await local.metrics());
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
  });
};

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  if (!m) return false;
  // compare digests: equal length, and no timing hint about the token
  const a = createHash('sha256').update(m[1]).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
