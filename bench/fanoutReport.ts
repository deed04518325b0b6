/** The figures of one bench/fanout.ts run: printed for people, and as one JSON line with --json. */
import { cpus, totalmem } from 'node:os';
import { mergedPercentile, type Report, rate, withoutQuantiles } from './fanoutReceivers.js';
import type { ThreadCpu } from './fanoutThreads.js';

export interface RunFigures {
  engine: string;
  n: number;
  mix: string;
  want: { webhook: number; email: number };
  seedMs: number;
  note: { delivery_count: number | string; created_at: string; expanded_at: string | null };
  publishAt: number;
  flare: {
    webhook: Report;
    email: Report;
    cpuMs: number;
    /** the same CPU by thread (Linux only) */
    threads: ThreadCpu | null;
    rss: NodeJS.MemoryUsage;
    idleRss: number;
  };
  baseline: {
    webhook: Report;
    email: Report;
    counts: { webhook: number; email: number };
    webhookFailed: number;
    emailFailed: number;
    cpuMs: number;
    peakRss: number;
    startedAt: number;
  };
  states: Array<{ channel: string; state: string; n: number | string }>;
}

const MB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const ms = (x: number | null) => (x === null || Number.isNaN(x) ? 'n/a' : `${x.toFixed(0)} ms`);
const first = (r: Report, from: number) => (r.first === null ? null : r.first - from);
const ratio = (a: Report, b: Report) => (rate(b) > 0 ? rate(a) / rate(b) : null);

export function report(f: RunFigures, json: boolean) {
  const { flare, baseline: base } = f;
  const expandMs = f.note.expanded_at
    ? Date.parse(f.note.expanded_at) - Date.parse(f.note.created_at)
    : Number.NaN;
  const fr = [flare.webhook, flare.email].filter((r) => r.count > 0);
  const br = [base.webhook, base.email].filter((r) => r.count > 0);
  const delivered = flare.webhook.count + flare.email.count;
  const result = {
    engine: f.engine,
    n: f.n,
    mix: f.mix,
    subscribers: f.want,
    cores: cpus().length,
    memory: MB(totalmem()),
    node: process.version,
    seedSeconds: f.seedMs / 1000,
    expansion: {
      deliveries: Number(f.note.delivery_count),
      seconds: expandMs / 1000,
      perSecond: Number(f.note.delivery_count) / (expandMs / 1000),
    },
    /** Flare's deliveries a second ÷ the baseline's, per channel (null: channel not in the mix) */
    ratio: { webhook: ratio(flare.webhook, base.webhook), email: ratio(flare.email, base.email) },
    latency: { p50: mergedPercentile(fr, 50), p99: mergedPercentile(fr, 99) },
    firstDeliveryMs: Math.min(...fr.map((r) => first(r, f.publishAt) ?? Number.NaN)),
    lastDeliveryMs: Math.max(...fr.map((r) => (r.last ?? Number.NaN) - f.publishAt)),
    flare: {
      webhook: { ...withoutQuantiles(flare.webhook), perSecond: rate(flare.webhook) },
      email: { ...withoutQuantiles(flare.email), perSecond: rate(flare.email) },
    },
    baseline: {
      webhook: { ...withoutQuantiles(base.webhook), perSecond: rate(base.webhook) },
      email: { ...withoutQuantiles(base.email), perSecond: rate(base.email) },
      firstDeliveryMs: Math.min(...br.map((r) => first(r, base.startedAt) ?? Number.NaN)),
      lastDeliveryMs: Math.max(...br.map((r) => (r.last ?? Number.NaN) - base.startedAt)),
      failed: { webhook: base.webhookFailed, email: base.emailFailed },
      sizes: base.counts,
    },
    peakRss: {
      flareBeforePublish: flare.idleRss,
      flare: flare.rss.rss,
      flareAtPeak: flare.rss,
      baseline: base.peakRss,
      httpReceiver: flare.webhook.peakRss,
      smtpReceiver: flare.email.peakRss,
    },
    /** CPU per 1,000 deliveries, by process: what a delivery costs, whatever else ran on the host */
    cpuPer1000: {
      flare: (flare.cpuMs / delivered) * 1000,
      flareThreads: flare.threads
        ? {
            main: (flare.threads.mainMs / delivered) * 1000,
            send: (flare.threads.sendMs / delivered) * 1000,
            other: (flare.threads.otherMs / delivered) * 1000,
          }
        : null,
      baseline: (base.cpuMs / Math.max(1, base.webhook.count + base.email.count)) * 1000,
      httpReceiver: flare.webhook.count ? (flare.webhook.cpuMs / flare.webhook.count) * 1000 : null,
      smtpReceiver: flare.email.count ? (flare.email.cpuMs / flare.email.count) * 1000 : null,
    },
    states: f.states,
  };
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(0)}%`);
  const line = (name: 'webhook' | 'email') => {
    const a = flare[name];
    const b = base[name];
    if (a.count === 0 && b.count === 0) return `${name.padEnd(20)}none in this mix`;
    return `${name.padEnd(20)}${Math.round(rate(a)).toLocaleString()}/s  (baseline ${Math.round(rate(b)).toLocaleString()}/s: ${pct(ratio(a, b))})  first ${ms(first(a, f.publishAt))} (baseline ${ms(first(b, base.startedAt))})  p50 ${ms(a.p50)}  p99 ${ms(a.p99)}  dup ${a.duplicates}`;
  };
  const r = result;
  console.log(`
Fan-out of one incident update to ${f.n.toLocaleString()} subscribers (${f.mix}: ${f.want.webhook.toLocaleString()} webhook, ${f.want.email.toLocaleString()} email) on ${f.engine} (${cpus().length} cores, Node ${process.version})
  expansion           ${r.expansion.deliveries.toLocaleString()} deliveries in ${r.expansion.seconds.toFixed(2)} s (${Math.round(r.expansion.perSecond).toLocaleString()}/s)
  first delivery      ${ms(r.firstDeliveryMs)} after publish (baseline ${ms(r.baseline.firstDeliveryMs)} after its start)
  last delivery       ${(r.lastDeliveryMs / 1000).toFixed(1)} s after publish (baseline ${(r.baseline.lastDeliveryMs / 1000).toFixed(1)} s)
  publish to receive  p50 ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}
  ${line('webhook')}
  ${line('email')}
  peak RSS            Flare ${MB(flare.rss.rss)} (${MB(flare.idleRss)} before publishing; at the peak heap ${MB(flare.rss.heapUsed)} of ${MB(flare.rss.heapTotal)}, external ${MB(flare.rss.external)}); baseline ${MB(base.peakRss)}; HTTP receiver ${MB(flare.webhook.peakRss)}; SMTP receiver ${MB(flare.email.peakRss)}
  baseline            ${base.counts.webhook.toLocaleString()} webhooks from a worker thread, ${base.counts.email.toLocaleString()} emails through Flare's SMTP pool; failed ${base.webhookFailed} / ${base.emailFailed}
  CPU per 1,000       Flare ${r.cpuPer1000.flare.toFixed(0)} ms${r.cpuPer1000.flareThreads ? ` (worker's thread ${ms(r.cpuPer1000.flareThreads.main)}, send thread (the busiest other) ${ms(r.cpuPer1000.flareThreads.send)}, V8 and libuv helpers ${ms(r.cpuPer1000.flareThreads.other)})` : ''}; baseline ${r.cpuPer1000.baseline.toFixed(0)} ms; HTTP receiver ${ms(r.cpuPer1000.httpReceiver)}; SMTP receiver ${ms(r.cpuPer1000.smtpReceiver)}
  delivery states     ${f.states.map((s) => `${s.channel}/${s.state}=${s.n}`).join(' ')}`);
  // the issue's targets (set for 1,000,000 subscribers on SQLite on 2 cores)
  const check = (ok: boolean, what: string) => `${ok ? 'met' : 'NOT met'}: ${what}`;
  const wh = rate(flare.webhook);
  const em = rate(flare.email);
  console.log(
    `  targets             ${[
      check(r.expansion.seconds <= 5, `expanded in ${r.expansion.seconds.toFixed(2)} s (≤ 5 s)`),
      check(r.firstDeliveryMs <= 1000, `first delivery ${ms(r.firstDeliveryMs)} (≤ 1 s)`),
      check(wh >= 3000 || f.want.webhook === 0, `webhook ${Math.round(wh)}/s (≥ 3,000)`),
      check(em >= 1500 || f.want.email === 0, `email ${Math.round(em)}/s (≥ 1,500)`),
      check(
        (r.ratio.webhook ?? 1) >= 0.5 && (r.ratio.email ?? 1) >= 0.5,
        'each channel ≥ 50% of the fair baseline',
      ),
      check(flare.rss.rss <= 300 * 1024 * 1024, `peak RSS ${MB(flare.rss.rss)} (≤ 300 MB)`),
    ].join('\n                      ')}`,
  );
  if (json) console.log(JSON.stringify(result));
  return result;
}
