/**
 * For bench/debriefCharts.ts: a realistic debrief (40 updates over 33 h, 8 channels, 200
 * ten-minute enquiry buckets), computed by the real computeDebrief from made-up facts, and the
 * debrief's three charts as Vega-Lite specs drawing what the hand-made SVG draws.
 */
import type { TopLevelSpec } from 'vega-lite';
import { computeDebrief, type Debrief, type DebriefFacts } from '../src/domain/debrief.js';

export const SHAPE = { buckets: 200, channels: 8, updates: 40 };

/** a small deterministic generator, so every run draws the same debrief */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

export function syntheticDebrief(): Debrief & { name: string } {
  const rnd = lcg(14);
  const start = Date.parse('2026-11-20T12:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  const span = SHAPE.buckets * 10 * 60_000;
  const step = span / SHAPE.updates;
  const statuses = ['investigating', 'identified', 'monitoring'];
  const updates = Array.from({ length: SHAPE.updates }, (_, i) => {
    const at = start + 5 * 60_000 + i * step + Math.floor(rnd() * 10) * 60_000;
    return {
      id: `u${i}`,
      created_at: iso(at),
      // most promise the next one in step ± a few minutes; some run late
      next_update_at:
        i < SHAPE.updates - 1 ? iso(at + step + (rnd() < 0.7 ? 5 : -8) * 60_000) : null,
      status: i === SHAPE.updates - 1 ? 'resolved' : statuses[Math.min(2, Math.floor(i / 14))],
    };
  });
  const channels = ['email', 'sms', 'webhook', 'slack', 'teams', 'rss', 'mastodon', 'bluesky'];
  const deliveries = Object.fromEntries(
    channels.slice(0, SHAPE.channels).map((ch, i) => {
      const p50 = 200 + i * 350 + Math.floor(rnd() * 300);
      return [
        ch,
        {
          attempted: 20_000 + i * 1_000,
          delivered: 19_500 + i * 900,
          failed: 400 + i * 50,
          pending: 100 + i * 50,
          p50_ms: p50,
          p95_ms: Math.round(p50 * (2 + rnd())),
          p99_ms: Math.round(p50 * (4 + rnd() * 2)),
        },
      ];
    }),
  );
  const buckets = Array.from({ length: SHAPE.buckets }, (_, i) => {
    const count = Math.round(40 * Math.exp(-i / 60) + rnd() * 8);
    return {
      start: iso(start + i * 10 * 60_000),
      count,
      mean_sentiment: count ? Math.round((rnd() * 1.4 - 0.9) * 100) / 100 : null,
    };
  });
  const total = buckets.reduce((a, b) => a + b.count, 0);
  const facts: DebriefFacts = {
    incident: {
      id: 'inc_bench',
      name: 'Payments failing in EU',
      started_at: iso(start),
      resolved_at: iso(start + span),
      severity: 'sev1',
    },
    now: iso(start + span + 3_600_000),
    updates,
    deliveries,
    unsubscribes: 37,
    // the further metrics draw no chart: nothing measured
    reach: {
      started_at: iso(start),
      first_ack_at: null,
      roles_assigned: 0,
      first_internal_notice_at: null,
      internal_notice_deliveries: 0,
      first_scoping_update_at: null,
      reach: null,
      contacts_exist: false,
      consistency: [],
      social: null,
      sms: null,
    },
    briefings: [],
    enquiries: {
      total,
      by_channel: { email: Math.floor(total * 0.6), social: total - Math.floor(total * 0.6) },
      negative: Math.floor(total * 0.3),
      escalated: 41,
      answered: Math.floor(total * 0.8),
      median_first_response_s: 780,
      buckets,
    },
    outreach: { total: 12, done: 10, done_on_time: 8 },
    at_risk: [],
    edited_templates: [],
    plan: { briefing_read_minutes: 30, reminder_lead_minutes: 5 },
  };
  return { ...computeDebrief(facts), name: facts.incident.name };
}

const FONT = { font: 'system-ui, sans-serif', axis: { labelFontSize: 11, titleFontSize: 11 } };

/** Updates as dots; each promise as a line from the update to its promised time, red if broken. */
export function timelineSpec(d: Debrief): TopLevelSpec {
  const broken = new Set(d.metrics.broken_promises.map((b) => b.update_id));
  const rows = d.timeline.updates.map((u, i) => ({
    at: u.at,
    promised: u.promised,
    status: u.status,
    kept: u.promised ? (broken.has(u.id) ? 'late' : 'kept') : 'none',
    lane: i % 2 ? 'Promises ' : 'Promises',
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Timeline of updates and promises. ${d.metrics.updates} public updates; ${d.metrics.updates_on_time} of ${d.metrics.promises} promises kept.`,
    width: 560,
    height: 80,
    config: FONT,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 120, color: '#1f2937' },
        encoding: {
          x: { field: 'at', type: 'temporal', title: null },
          y: { datum: 'Updates', type: 'nominal', title: null },
          tooltip: [{ field: 'at', type: 'temporal' }, { field: 'status' }],
        },
      },
      {
        transform: [{ filter: 'datum.promised != null' }],
        mark: { type: 'rule', strokeWidth: 3 },
        encoding: {
          x: { field: 'at', type: 'temporal' },
          x2: { field: 'promised' },
          y: { field: 'lane', type: 'nominal', title: null },
          color: {
            field: 'kept',
            type: 'nominal',
            scale: { domain: ['kept', 'late'], range: ['#0072B2', '#B8002E'] },
          },
        },
      },
    ],
  };
}

/** p50/p95/p99 bars per channel. */
export function latencySpec(d: Debrief): TopLevelSpec {
  const rows = Object.entries(d.metrics.deliveries).flatMap(([channel, c]) =>
    (['p50_ms', 'p95_ms', 'p99_ms'] as const).map((p) => ({
      channel,
      percentile: p.slice(0, 3),
      ms: c[p],
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Publish-to-delivery latency per channel: p50, p95 and p99 bars.',
    width: 500,
    config: FONT,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'channel', type: 'nominal', title: null },
      yOffset: { field: 'percentile', sort: ['p50', 'p95', 'p99'] },
      x: { field: 'ms', type: 'quantitative', title: 'ms' },
      color: {
        field: 'percentile',
        type: 'nominal',
        scale: { domain: ['p50', 'p95', 'p99'], range: ['#56B4E9', '#0072B2', '#D55E00'] },
      },
      tooltip: [{ field: 'channel' }, { field: 'percentile' }, { field: 'ms' }],
    },
  };
}

/** Enquiries per 10 minutes as bars, the mean sentiment as a line on its own axis. */
export function enquirySpec(d: Debrief): TopLevelSpec {
  const e = d.metrics.enquiries;
  const rows = 'reason' in e ? [] : e.buckets;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Enquiries per 10 minutes as bars, with the mean sentiment as a line.',
    width: 560,
    height: 150,
    config: FONT,
    data: { values: rows },
    encoding: { x: { field: 'start', type: 'temporal', title: null } },
    layer: [
      {
        mark: { type: 'bar', color: '#0072B2' },
        encoding: { y: { field: 'count', type: 'quantitative', title: 'enquiries' } },
      },
      {
        mark: { type: 'line', color: '#B8002E', strokeWidth: 2.5 },
        encoding: {
          y: {
            field: 'mean_sentiment',
            type: 'quantitative',
            title: 'sentiment',
            scale: { domain: [-1, 1] },
          },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}
