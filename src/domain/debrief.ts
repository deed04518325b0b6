/**
 * The comms debrief (issue #14): metrics over an incident's stored facts, each with the
 * definition shown beside it, and suggestions that name the plan change they would make.
 * Pure: the rows come in already read (store/queries/debrief.ts), the percentiles already
 * computed in SQL. A metric whose data does not exist is null with a reason, never zero.
 */

/** "1 update", "3 updates" */
import {
  computeReach,
  REACH_DEFINITIONS,
  type ReachFacts,
  type ReachMetrics,
  suggestSms,
} from './debriefReach.js';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface Missing {
  value: null;
  reason: string;
}

export interface DebriefUpdate {
  id: string;
  created_at: string;
  next_update_at: string | null;
  status: string;
}

export interface ChannelDeliveries {
  attempted: number;
  delivered: number;
  failed: number;
  pending: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

export interface BriefingReads {
  version: number;
  created_at: string;
  reads: { person_id: string; at: string }[];
}

export interface EnquiryFacts {
  total: number;
  by_channel: Record<string, number>;
  negative: number;
  escalated: number;
  answered: number;
  median_first_response_s: number | null;
  /** 10-minute buckets: start, count, mean sentiment */
  buckets: { start: string; count: number; mean_sentiment: number | null }[];
}

export interface OutreachFacts {
  total: number;
  done: number;
  done_on_time: number;
}

export interface AtRiskRow {
  account_id: string;
  name: string;
  tier: string;
  criticality: string;
  mrr: number | null;
  negative_enquiries: number;
  unanswered_outreach: number;
  /** the plan's tiers in order: the top tier weighs as many as there are tiers, the last 1; unknown 0 */
  tier_weight: number;
  /** how long the incident touched the account's components (start to resolution, or now) */
  downtime_s: number;
}

export interface DebriefFacts {
  incident: {
    id: string;
    name: string;
    started_at: string;
    resolved_at: string | null;
    severity: string | null;
  };
  now: string;
  /** public updates, oldest first */
  updates: DebriefUpdate[];
  deliveries: Record<string, ChannelDeliveries>;
  unsubscribes: number;
  briefings: BriefingReads[];
  /** null: no enquiry was ever received (the intake is not set up) */
  enquiries: EnquiryFacts | null;
  outreach: OutreachFacts;
  at_risk: AtRiskRow[];
  /** templates whose wording was changed while the incident ran, and are not pre-approved now */
  edited_templates: { id: string; key: string; locale: string; edits: number }[];
  plan: { briefing_read_minutes: number; reminder_lead_minutes: number | null };
  /** acknowledgement, internal notice, scoping, reach, consistency, social, SMS (debriefReach.ts) */
  reach: ReachFacts;
}

export interface BrokenPromise {
  /** the update that made the promise */
  update_id: string;
  promised_at: string;
  /** when the next update came (null: none yet) */
  kept_at: string | null;
  late_s: number;
}

export interface DebriefMetrics extends ReachMetrics {
  time_to_first_public_update_s: number | null;
  updates: number;
  promises: number;
  updates_on_time: number;
  largest_gap_s: number | null;
  broken_promises: BrokenPromise[];
  deliveries: Record<string, ChannelDeliveries>;
  unsubscribes: number;
  briefing: { version: number; readers: number; slowest_read_s: number | null }[];
  enquiries: EnquiryFacts | Missing;
  outreach: (OutreachFacts & { on_time_share: number | null }) | Missing;
  /** why a number above is null */
  missing: Record<string, string>;
}

export type PlanChange =
  | { setting: 'briefing_read_minutes'; value: number }
  | { severity: string; cadence: { reminderLeadMinutes: number } }
  | { template: string; key: string; locale: string; pre_approved: true }
  | null;

export interface Suggestion {
  id: string;
  text: string;
  plan_change: PlanChange;
}

export interface RankedAccount extends AtRiskRow {
  score: number;
}

export interface Debrief {
  incident_id: string;
  /** for the timeline chart: the incident's span and each public update with its promise */
  timeline: {
    started_at: string;
    ended_at: string;
    updates: { id: string; at: string; status: string; promised: string | null }[];
  };
  metrics: DebriefMetrics;
  definitions: Record<string, string>;
  suggestions: Suggestion[];
  at_risk_accounts: RankedAccount[];
}

/** What each metric means, shown beside it in every rendering. */
export const DEFINITIONS: Record<string, string> = {
  time_to_first_public_update_s:
    'seconds from the incident starting to its first public update being posted',
  updates: 'public updates posted',
  promises:
    'updates that promised a next update (next_update_at) followed by a later one or due by now',
  updates_on_time: 'promises kept: the next update was posted on or before the promised time',
  largest_gap_s: 'the longest time between two consecutive public updates, in seconds',
  broken_promises: 'each promise whose next update came late, or has not come although due',
  deliveries:
    'per channel: rows queued (attempted), sent (delivered), dead (failed), still queued or sending (pending), and nearest-rank p50/p95/p99 of publish-to-delivery latency',
  unsubscribes: 'subscribers who unsubscribed between the start and the end (or now)',
  briefing: 'per briefing version: people who read it, and the slowest read in seconds',
  enquiries:
    'enquiries linked to the incident: by channel, negative, escalated, answered, median seconds to first response, 10-minute volume with mean sentiment',
  outreach: 'outreach tasks: done, and done on or before their due time',
  at_risk_accounts:
    'accounts that wrote in negatively or have outreach not done, ranked by score = criticality (critical 3, high 2, normal 1) × 10 + tier (top tier = number of tiers … last = 1) × 5 + hours the incident touched their components (at most 24) + negative enquiries × 3 + outreach not done × 5, then MRR',
  ...REACH_DEFINITIONS,
};

const secs = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 1000);

/** Promises and how they were kept: each update's next_update_at against the following update. */
export function cadence(updates: DebriefUpdate[], now: string, resolvedAt: string | null) {
  let promises = 0;
  let onTime = 0;
  const broken: BrokenPromise[] = [];
  updates.forEach((u, i) => {
    if (!u.next_update_at) return;
    const next = updates[i + 1];
    const end = next?.created_at ?? null;
    if (!next) {
      // the last promise counts only if it fell due before the end (resolution or now)
      const horizon = resolvedAt ?? now;
      if (Date.parse(u.next_update_at) >= Date.parse(horizon)) return;
      promises++;
      broken.push({
        update_id: u.id,
        promised_at: u.next_update_at,
        kept_at: null,
        late_s: secs(u.next_update_at, horizon),
      });
      return;
    }
    promises++;
    if (Date.parse(end!) <= Date.parse(u.next_update_at)) onTime++;
    else
      broken.push({
        update_id: u.id,
        promised_at: u.next_update_at,
        kept_at: end,
        late_s: secs(u.next_update_at, end!),
      });
  });
  let largest: number | null = null;
  for (let i = 1; i < updates.length; i++) {
    const gap = secs(updates[i - 1].created_at, updates[i].created_at);
    if (largest === null || gap > largest) largest = gap;
  }
  return { promises, onTime, broken, largest };
}

const CRITICALITY: Record<string, number> = { critical: 3, high: 2, normal: 1 };

/** At-risk accounts, highest risk first. */
export function rankAccounts(rows: AtRiskRow[]): RankedAccount[] {
  return rows
    .map((r) => ({
      ...r,
      score:
        (CRITICALITY[r.criticality] ?? 1) * 10 +
        r.tier_weight * 5 +
        Math.min(Math.floor(r.downtime_s / 3600), 24) +
        r.negative_enquiries * 3 +
        r.unanswered_outreach * 5,
    }))
    .sort(
      (a, b) => b.score - a.score || (b.mrr ?? 0) - (a.mrr ?? 0) || a.name.localeCompare(b.name),
    );
}

export function computeDebrief(f: DebriefFacts): Debrief {
  const missing: Record<string, string> = {};
  const first = f.updates[0];
  if (!first) missing.time_to_first_public_update_s = 'no public update was posted';
  const c = cadence(f.updates, f.now, f.incident.resolved_at);
  if (c.largest === null) missing.largest_gap_s = 'fewer than two public updates';
  if (Object.keys(f.deliveries).length === 0)
    missing.deliveries = 'no notification was delivered for this incident';
  if (f.briefings.length === 0) missing.briefing = 'no briefing was prepared';
  const metrics: DebriefMetrics = {
    time_to_first_public_update_s: first ? secs(f.incident.started_at, first.created_at) : null,
    updates: f.updates.length,
    promises: c.promises,
    updates_on_time: c.onTime,
    largest_gap_s: c.largest,
    broken_promises: c.broken,
    deliveries: f.deliveries,
    unsubscribes: f.unsubscribes,
    briefing: f.briefings.map((b) => ({
      version: b.version,
      readers: b.reads.length,
      slowest_read_s: b.reads.length
        ? Math.max(...b.reads.map((r) => secs(b.created_at, r.at)))
        : null,
    })),
    enquiries: f.enquiries ?? {
      value: null,
      reason: 'no enquiries were received: the enquiry intake is not set up or nobody wrote in',
    },
    outreach:
      f.outreach.total === 0
        ? { value: null, reason: 'no outreach tasks were created for this incident' }
        : {
            ...f.outreach,
            on_time_share: f.outreach.done_on_time / f.outreach.total,
          },
    ...computeReach(f.reach, missing),
    missing,
  };
  return {
    incident_id: f.incident.id,
    timeline: {
      started_at: f.incident.started_at,
      ended_at: f.incident.resolved_at ?? f.now,
      updates: f.updates.map((u) => ({
        id: u.id,
        at: u.created_at,
        status: u.status,
        promised: u.next_update_at,
      })),
    },
    metrics,
    definitions: DEFINITIONS,
    suggestions: suggest(f, metrics),
    at_risk_accounts: rankAccounts(f.at_risk),
  };
}

/** Lessons the metrics teach, each naming the plan change that would apply it. */
export function suggest(f: DebriefFacts, m: DebriefMetrics): Suggestion[] {
  const out: Suggestion[] = [];
  if (m.broken_promises.length && f.incident.severity && f.plan.reminder_lead_minutes !== null) {
    const lead = Math.min(f.plan.reminder_lead_minutes + 5, 60);
    out.push({
      id: 'remind-earlier',
      text: `${count(m.broken_promises.length, 'update')} came after ${m.broken_promises.length === 1 ? 'its' : 'their'} promised time: remind the comms lead ${lead} minutes before an update is due for ${f.incident.severity} (now ${f.plan.reminder_lead_minutes}).`,
      plan_change: { severity: f.incident.severity, cadence: { reminderLeadMinutes: lead } },
    });
  }
  const limit = f.plan.briefing_read_minutes * 60;
  const late = m.briefing.filter((b) => b.slowest_read_s !== null && b.slowest_read_s > limit);
  if (late.length) {
    const value = Math.max(1, Math.floor(f.plan.briefing_read_minutes / 2));
    out.push({
      id: 'briefing-read-sooner',
      text: `${late.length === 1 ? 'Briefing version' : 'Briefing versions'} ${late.map((b) => b.version).join(', ')} ${late.length === 1 ? 'was' : 'were'} read more than ${f.plan.briefing_read_minutes} minutes after they went out: remind the team after ${value} minutes, and add a second channel (SMS or chat) for the customer-facing team.`,
      plan_change: { setting: 'briefing_read_minutes', value },
    });
  }
  for (const t of f.edited_templates)
    out.push({
      id: `pre-approve-${t.key}-${t.locale}`,
      text: `The ${t.key} (${t.locale}) template was edited ${t.edits === 1 ? 'once' : `${t.edits} times`} during the incident: make its wording pre-approved so the next incident can use it at once.`,
      plan_change: { template: t.id, key: t.key, locale: t.locale, pre_approved: true },
    });
  for (const [channel, d] of Object.entries(m.deliveries).sort()) {
    if (d.failed > 0)
      out.push({
        id: `check-provider-${channel}`,
        text: `${d.failed} of ${d.attempted} ${channel} deliveries failed: check the ${channel} provider and its failover before the next incident.`,
        plan_change: null,
      });
  }
  out.push(...suggestSms(m));
  return out;
}

/** One incident's figures for the trends view. */
export interface TrendIncident {
  id: string;
  name: string;
  started_at: string;
  time_to_first_public_update_s: number | null;
  promises: number;
  updates_on_time: number;
  attempted: number;
  delivered: number;
  enquiries: number;
}

export interface Trends {
  incidents: number;
  median_time_to_first_public_update_s: number | null;
  cadence_adherence: number | null;
  delivery_success: number | null;
  enquiries_per_incident: number | null;
  missing: Record<string, string>;
}

/** Across incidents: medians and shares, null with a reason where nothing was measured. */
export function trendSummary(rows: TrendIncident[]): Trends {
  const missing: Record<string, string> = {};
  const firsts = rows
    .map((r) => r.time_to_first_public_update_s)
    .filter((s): s is number => s !== null)
    .sort((a, b) => a - b);
  const promises = rows.reduce((n, r) => n + r.promises, 0);
  const kept = rows.reduce((n, r) => n + r.updates_on_time, 0);
  const attempted = rows.reduce((n, r) => n + r.attempted, 0);
  const delivered = rows.reduce((n, r) => n + r.delivered, 0);
  if (!rows.length) missing.incidents = 'no incident started in the period';
  if (!firsts.length)
    missing.median_time_to_first_public_update_s = 'no public update in the period';
  if (!promises) missing.cadence_adherence = 'no update promised a next one';
  if (!attempted) missing.delivery_success = 'no notification was delivered';
  return {
    incidents: rows.length,
    // nearest-rank median, as the delivery percentiles
    median_time_to_first_public_update_s: firsts.length
      ? firsts[Math.ceil(firsts.length / 2) - 1]
      : null,
    cadence_adherence: promises ? kept / promises : null,
    delivery_success: attempted ? delivered / attempted : null,
    enquiries_per_incident: rows.length
      ? rows.reduce((n, r) => n + r.enquiries, 0) / rows.length
      : null,
    missing,
  };
}

/**
 * Nearest-rank percentiles from a histogram (value → how many): the value at rank ⌈p·n⌉
 * (at least 1) of the n values in order; null for each when there are none.
 */
export function nearestRanks(histogram: Map<number, number>, ps: number[]): (number | null)[] {
  let n = 0;
  for (const c of histogram.values()) n += c;
  if (n === 0) return ps.map(() => null);
  const values = [...histogram.keys()].sort((a, b) => a - b);
  return ps.map((p) => {
    const rank = Math.max(1, Math.ceil(p * n));
    let seen = 0;
    for (const v of values) {
      seen += histogram.get(v)!;
      if (seen >= rank) return v;
    }
    return values[values.length - 1];
  });
}
