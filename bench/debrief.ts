/**
 * The comms debrief (issue #14) of one incident with 1,000,000 deliveries (over 5 updates and
 * 3 channels, 2% dead) and 100,000 enquiries, on SQLite; 100,000 of the recipients are account
 * contacts (in 20,000 accounts of three tiers), so reach per audience and tier has work to do: the time to compute it (every metric,
 * the p50/p95/p99 latencies per channel in SQL), which must be at most 2 s. The rows are
 * bulk-inserted directly with better-sqlite3 (the workers would take far longer to make them).
 *
 *   node --import tsx bench/debrief.ts --quick     (10,000 deliveries, 1,000 enquiries)
 *   node --import tsx bench/debrief.ts [--deliveries 1000000] [--enquiries 100000] [--contacts 100000] [--runs 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { loadDebrief } from '../src/actions/applyDebriefSuggestion.js';
import { CLI } from '../src/actions/context.js';
import { createIncident } from '../src/actions/createIncident.js';
import { openApp } from '../src/app.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    deliveries: { type: 'string' },
    enquiries: { type: 'string' },
    contacts: { type: 'string' },
    runs: { type: 'string', default: '3' },
  },
});
const DELIVERIES = Number(args.deliveries ?? (args.quick ? 10_000 : 1_000_000));
const ENQUIRIES = Number(args.enquiries ?? (args.quick ? 1_000 : 100_000));
const CONTACTS = Math.min(
  Number(args.contacts ?? (args.quick ? 1_000 : 100_000)),
  Math.floor(DELIVERIES / 5),
);
const TIERS = ['enterprise', 'business', 'free'];
const RUNS = Math.min(Math.max(Number(args.runs), 1), 10);
const LIMIT_MS = 2_000;
const CHANNELS = ['email', 'sms', 'webhook'];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'flare-bench-debrief-'));
  const file = join(dir, 'flare.db');
  try {
    const app = await openApp({
      config: { databaseUrl: `sqlite:${file}` },
      logger: pino({ level: 'silent' }),
    });
    const ctx = app.ctx(CLI);
    const start = Date.parse('2026-11-20T12:00:00Z');
    const incident = (
      await createIncident(ctx, {
        name: 'Bench outage',
        body: 'Investigating.',
        started_at: new Date(start).toISOString(),
        deliver_notifications: false,
      })
    ).id;

    const raw = new SQLite(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    const t0 = performance.now();
    raw.transaction(() => {
      const ntf = raw.prepare(
        `insert into notifications (id, kind, incident_id, update_id, component_id, payload, state, created_at, expanded_at, expand_cursor)
         values (?, 'incident.updated', ?, null, null, '{}', 'expanded', ?, ?, null)`,
      );
      for (let n = 0; n < 5; n++) {
        const at = new Date(start + n * 20 * 60_000).toISOString();
        ntf.run(`ntf_bench_${n}`, incident, at, at);
      }
      const dlv = raw.prepare(
        `insert into deliveries (notification_id, subscriber_id, channel, state, attempts, next_attempt_at, queued_at, sent_at, failed_at, latency_ms)
         values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
      );
      for (let i = 0; i < DELIVERIES; i++) {
        const n = i % 5;
        const queued = start + n * 20 * 60_000;
        const q = new Date(queued).toISOString();
        const dead = i % 50 === 0;
        // a skewed latency: mostly fast, a long tail
        const latency = dead ? null : 50 + ((i * 7919) % 1000) ** 2 / 200;
        dlv.run(
          `ntf_bench_${n}`,
          `sub_${i}`,
          CHANNELS[i % 3],
          dead ? 'dead' : 'sent',
          q,
          q,
          latency === null ? null : new Date(queued + latency).toISOString(),
          dead ? q : null,
          latency === null ? null : Math.round(latency),
        );
      }
      // the first CONTACTS recipients are contacts, five to an account (one delivery each per update)
      const acc = raw.prepare(
        `insert into accounts (id, name, external_id, tier, criticality, region, time_zone, locale, account_manager_id, tags, mrr, created_at, updated_at)
         values (?, ?, ?, ?, 'normal', null, null, null, null, '[]', ?, ?, ?)`,
      );
      const sub = raw.prepare(
        `insert into subscribers (id, channel, address, address_key, all_components, state, confirm_attempts, locale, audience, consecutive_failures, source, created_at, updated_at, confirmed_at, account_id, contact_role, contact_name)
         values (?, 'email', ?, ?, 1, 'active', 0, 'en', 'public', 0, 'contact', ?, ?, ?, ?, 'technical', null)`,
      );
      const at = new Date(start - 86_400_000).toISOString();
      for (let a = 0; a < CONTACTS / 5; a++)
        acc.run(`acc_${a}`, `Account ${a}`, `crm-${a}`, TIERS[a % 3], (a % 50) * 100, at, at);
      for (let i = 0; i < CONTACTS; i++) {
        const address = `c${i}@contact.example`;
        sub.run(`sub_${i * 5}`, address, address, at, at, at, `acc_${Math.floor(i / 5)}`);
      }
      const enq = raw.prepare(
        `insert into enquiries (id, channel, source, sender, subject, body, message_id, raw, received_at, created_at, updated_at, processed, attempts, incident_id, incident_pinned, key_account, sentiment, sentiment_score, negative, flags, status, escalation, first_response_at)
         values (?, ?, 'api', ?, null, 'is it down?', null, '{}', ?, ?, ?, 1, 1, ?, 0, 0, ?, 0, ?, '[]', ?, null, ?)`,
      );
      for (let i = 0; i < ENQUIRIES; i++) {
        const at = new Date(start + (i % 7200) * 1000).toISOString();
        const s = ((i % 21) - 10) / 10;
        const answered = i % 3 === 0;
        enq.run(
          `enq_${i}`,
          i % 4 === 0 ? 'phone' : 'email',
          `c${i}@bench.example`,
          at,
          at,
          at,
          incident,
          s,
          s < 0 ? 1 : 0,
          answered ? 'answered' : 'new',
          answered ? new Date(Date.parse(at) + (i % 900) * 1000).toISOString() : null,
        );
      }
    })();
    raw.exec('analyze');
    raw.close();
    const loadMs = performance.now() - t0;

    const times: number[] = [];
    let summary = '';
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      const d = await loadDebrief(ctx, incident);
      times.push(performance.now() - t);
      const e = d.metrics.deliveries.email;
      const r = d.metrics.reach;
      const reach = r && 'total' in r ? r.total : null;
      summary = `email attempted ${e.attempted}, p50/p95/p99 ${e.p50_ms}/${e.p95_ms}/${e.p99_ms} ms; reach ${reach ? `${reach.contacts} contacts, ${reach.accounts} accounts` : 'none'}; ${d.suggestions.length} suggestions`;
    }
    await app.close();
    const best = Math.min(...times);
    console.log(
      JSON.stringify(
        {
          engine: 'sqlite',
          deliveries: DELIVERIES,
          enquiries: ENQUIRIES,
          contacts: CONTACTS,
          insert_s: Math.round(loadMs) / 1000,
          debrief_ms: times.map((t) => Math.round(t)),
          best_ms: Math.round(best),
          peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
          limit_ms: LIMIT_MS,
          ok: best <= LIMIT_MS,
          summary,
        },
        null,
        2,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
