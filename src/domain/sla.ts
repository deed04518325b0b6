/**
 * SLA arithmetic (issue #12). Pure: the caller gives the status history, the maintenance
 * windows, the incidents and the clock. Times are epoch milliseconds; intervals are half-open
 * [start, end). See docs/adr/0018-sla-downtime-as-interval-union.md.
 *
 * - A component's history is a step function: each change holds until the next one.
 * - Each status has a weight: major outage 1, partial outage the policy's fraction (default 0),
 *   degraded 0, operational 0; under maintenance 0 when maintenance is excluded, else 1.
 * - With maintenance excluded, a component's maintenance windows count as no downtime at all.
 * - An account's downtime at an instant is the largest weight among its footprint's
 *   components then, so overlapping outages count once (the union of the intervals).
 * - Uptime % = (minutes in period − downtime minutes) / minutes in period × 100, where the
 *   period is the calendar month in the account's time zone (from its sla_start if later).
 */
import { DateTime } from 'luxon';
import type { ComponentStatus } from './types.js';

export interface CreditTier {
  /** uptime % strictly below which the credit applies */
  below: number;
  percent: number;
}

export interface GoodwillRule {
  /** only incidents declared with this severity (absent: any) */
  severity?: string;
  /** only accounts of these tiers (absent: any) */
  tiers?: string[];
  /** the incident touched the account for more than this many minutes in the month */
  over_minutes: number;
  /** a percentage of the monthly fee, or a fixed amount (one of the two) */
  percent?: number;
  amount?: number;
}

export interface SlaPolicy {
  key: string;
  name: string;
  tiers: string[];
  account_ids: string[];
  /** the monthly uptime target, in % */
  target: number;
  credits: CreditTier[];
  partial_outage_weight: number;
  exclude_maintenance: boolean;
  goodwill: GoodwillRule[];
}

export interface Interval {
  start: number;
  end: number;
}

export interface Segment extends Interval {
  weight: number;
}

export interface StatusPoint {
  status: ComponentStatus;
  at: number;
}

export interface SlaIncident {
  id: string;
  severity: string | null;
  start: number;
  /** null while open */
  end: number | null;
  components: string[];
}

const MINUTE = 60_000;

/** How much of an instant each status counts as downtime under a policy. */
export function statusWeight(
  status: ComponentStatus,
  policy: Pick<SlaPolicy, 'partial_outage_weight' | 'exclude_maintenance'>,
): number {
  switch (status) {
    case 'major_outage':
      return 1;
    case 'partial_outage':
      return policy.partial_outage_weight;
    case 'under_maintenance':
      return policy.exclude_maintenance ? 0 : 1;
    default:
      return 0;
  }
}

/**
 * The start and end instants of a calendar month ("2026-03") in a time zone: local midnight
 * of the 1st to local midnight of the next 1st. Luxon resolves each local midnight with the
 * zone's offset at that instant, so a DST change inside the month shortens or lengthens it
 * by the change (March 2026 in Europe/London is 44,580 minutes, not 44,640).
 */
export function monthBounds(month: string, timeZone: string): Interval {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const first = DateTime.fromObject(
    { year: Number(m[1]), month: Number(m[2]), day: 1 },
    { zone: timeZone },
  );
  const start = first.isValid ? first : DateTime.fromObject(first.toObject(), { zone: 'utc' });
  return { start: start.toMillis(), end: start.plus({ months: 1 }).toMillis() };
}

/** Local midnight starting a day ("2026-03-15") in a time zone. */
export function dayStart(date: string, timeZone: string): number {
  const d = DateTime.fromISO(date, { zone: timeZone });
  return (d.isValid ? d : DateTime.fromISO(date, { zone: 'utc' })).startOf('day').toMillis();
}

/** Sorts and merges intervals; the result is disjoint and ordered. */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** `segments` with the parts inside any of `holes` cut out. */
export function subtractIntervals(segments: Segment[], holes: Interval[]): Segment[] {
  const cuts = mergeIntervals(holes);
  if (!cuts.length) return segments;
  const out: Segment[] = [];
  for (const s of segments) {
    let from = s.start;
    for (const c of cuts) {
      if (c.end <= from) continue;
      if (c.start >= s.end) break;
      if (c.start > from) out.push({ start: from, end: c.start, weight: s.weight });
      from = Math.max(from, c.end);
      if (from >= s.end) break;
    }
    if (from < s.end) out.push({ start: from, end: s.end, weight: s.weight });
  }
  return out;
}

/**
 * A component's downtime segments (weight > 0) up to `until`, from its history (any order;
 * at equal times the later one in the list wins) minus its maintenance windows when the
 * policy excludes maintenance. Before the first change a component is operational.
 */
export function componentSegments(
  history: StatusPoint[],
  maintenance: Interval[],
  until: number,
  policy: Pick<SlaPolicy, 'partial_outage_weight' | 'exclude_maintenance'>,
): Segment[] {
  const sorted = history.map((p, i) => ({ p, i })).sort((a, b) => a.p.at - b.p.at || a.i - b.i);
  const out: Segment[] = [];
  for (let k = 0; k < sorted.length; k++) {
    const { p } = sorted[k];
    const end = Math.min(k + 1 < sorted.length ? sorted[k + 1].p.at : until, until);
    const weight = statusWeight(p.status, policy);
    if (weight > 0 && end > p.at) {
      const last = out[out.length - 1];
      if (last && last.end === p.at && last.weight === weight) last.end = end;
      else out.push({ start: p.at, end, weight });
    }
  }
  return policy.exclude_maintenance ? subtractIntervals(out, maintenance) : out;
}

/**
 * Downtime in milliseconds within `period`: at each instant the largest weight of any segment
 * covering it (so two components down at once count once), integrated over the period.
 */
export function unionDowntime(segmentsPerComponent: Segment[][], period: Interval): number {
  const events: [number, number, number][] = []; // [time, +1 open / -1 close, weight]
  for (const list of segmentsPerComponent) {
    for (const s of list) {
      const start = Math.max(s.start, period.start);
      const end = Math.min(s.end, period.end);
      if (end > start && s.weight > 0) events.push([start, 1, s.weight], [end, -1, s.weight]);
    }
  }
  if (!events.length) return 0;
  events.sort((a, b) => a[0] - b[0]);
  const open = new Map<number, number>();
  let total = 0;
  let prev = events[0][0];
  for (const [t, delta, w] of events) {
    if (t > prev && open.size) total += (t - prev) * Math.max(...open.keys());
    prev = t;
    const n = (open.get(w) ?? 0) + delta;
    if (n) open.set(w, n);
    else open.delete(w);
  }
  return total;
}

export interface FootprintResult {
  periodMinutes: number;
  downtimeMinutes: number;
  /** the incidents that touched the footprint: linked to one of its components, open in the period */
  incidents: { id: string; severity: string | null; minutes: number }[];
}

/**
 * One footprint's downtime in a period. `segments` gives each component's segments
 * (componentSegments); `incidents` the incidents of the month. An incident touches the
 * account when it is linked to a footprint component and open within the period, whatever
 * status it set (a degraded SEV1 still earns goodwill); its `minutes` are how long it was
 * open within the period.
 */
export function footprintDowntime(
  components: string[],
  segments: (componentId: string) => Segment[],
  incidents: SlaIncident[],
  period: Interval,
  now: number,
): FootprintResult {
  const clip: Interval = { start: period.start, end: Math.min(period.end, now) };
  const lists = components.map(segments);
  const downtimeMs = clip.end > clip.start ? unionDowntime(lists, clip) : 0;
  const foot = new Set(components);
  const behind: FootprintResult['incidents'] = [];
  for (const inc of incidents) {
    const open: Interval = { start: inc.start, end: inc.end ?? now };
    const within = {
      start: Math.max(open.start, clip.start),
      end: Math.min(open.end, clip.end),
    };
    if (within.end <= within.start) continue;
    if (inc.components.some((c) => foot.has(c)))
      behind.push({
        id: inc.id,
        severity: inc.severity,
        minutes: (within.end - within.start) / MINUTE,
      });
  }
  return {
    periodMinutes: (period.end - period.start) / MINUTE,
    downtimeMinutes: downtimeMs / MINUTE,
    incidents: behind,
  };
}

/** Uptime %, to six decimals, within [0, 100]. */
export function uptimePercent(periodMinutes: number, downtimeMinutes: number): number {
  if (periodMinutes <= 0) return 100;
  const u = ((periodMinutes - Math.min(downtimeMinutes, periodMinutes)) / periodMinutes) * 100;
  return Math.round(Math.max(0, Math.min(100, u)) * 1e6) / 1e6;
}

/** The highest credit % among the tiers whose threshold the uptime is below; 0 when none. */
export function creditPercent(uptime: number, credits: CreditTier[]): number {
  let best = 0;
  for (const t of credits) if (uptime < t.below && t.percent > best) best = t.percent;
  return best;
}

export interface Goodwill {
  percent: number;
  amount: number | null;
  incidents: string[];
}

/** Goodwill before the fee is known: the percentage (at most 100) and fixed amounts earned. */
export interface GoodwillTotals {
  percent: number;
  fixed: number;
  incidents: string[];
}

/**
 * Goodwill beyond the SLA: each incident that touched the account earns the first rule it
 * meets (severity, the account's tier, open more than over_minutes in the month).
 * Percentages add up (at most 100) and are taken of the monthly fee; fixed amounts add up.
 */
export function goodwillTotals(
  behind: FootprintResult['incidents'],
  rules: GoodwillRule[],
  tier: string,
): GoodwillTotals | null {
  if (!rules.length) return null;
  let percent = 0;
  let fixed = 0;
  const ids: string[] = [];
  for (const inc of behind) {
    const rule = rules.find(
      (r) =>
        (!r.severity || r.severity === inc.severity) &&
        (!r.tiers?.length || r.tiers.includes(tier)) &&
        inc.minutes > r.over_minutes,
    );
    if (!rule) continue;
    ids.push(inc.id);
    percent += rule.percent ?? 0;
    fixed += rule.amount ?? 0;
  }
  return ids.length ? { percent: Math.min(100, percent), fixed, incidents: ids } : null;
}

/** The goodwill in money, from the totals and the monthly fee (null when it is not known). */
export function goodwillFor(g: GoodwillTotals | null, mrr: number | null): Goodwill | null {
  if (!g) return null;
  const fromPercent = g.percent === 0 ? 0 : mrr === null ? null : (mrr * g.percent) / 100;
  return {
    percent: g.percent,
    amount: fromPercent === null ? (g.fixed ? money(g.fixed) : null) : money(fromPercent + g.fixed),
    incidents: g.incidents,
  };
}

export const money = (n: number) => Math.round(n * 100) / 100;

export interface AccountSla {
  uptime: number;
  downtime_minutes: number;
  minutes_in_period: number;
  credit_percent: number;
  credit_amount: number | null;
  goodwill: Goodwill | null;
  incidents: string[];
}

/** What accounts with the same footprint, zone, policy and tier share: all but the money. */
export interface SlaBase {
  uptime: number;
  downtime_minutes: number;
  minutes_in_period: number;
  credit_percent: number;
  incidents: string[];
  goodwill: GoodwillTotals | null;
}

export function slaBase(
  fp: FootprintResult,
  policy: Pick<SlaPolicy, 'credits' | 'goodwill'>,
  tier: string,
): SlaBase {
  const uptime = uptimePercent(fp.periodMinutes, fp.downtimeMinutes);
  return {
    uptime,
    downtime_minutes: Math.round(fp.downtimeMinutes * 100) / 100,
    minutes_in_period: fp.periodMinutes,
    credit_percent: creditPercent(uptime, policy.credits),
    incidents: fp.incidents.map((i) => i.id),
    goodwill: goodwillTotals(fp.incidents, policy.goodwill, tier),
  };
}

/** An account's figures: the shared base, with the credit and goodwill in money. */
export function withFee(base: SlaBase, mrr: number | null): AccountSla {
  return {
    uptime: base.uptime,
    downtime_minutes: base.downtime_minutes,
    minutes_in_period: base.minutes_in_period,
    credit_percent: base.credit_percent,
    credit_amount: mrr === null ? null : money((mrr * base.credit_percent) / 100),
    goodwill: goodwillFor(base.goodwill, mrr),
    incidents: base.incidents,
  };
}

/** An account's figures from its footprint's result and the policy. */
export function accountSla(
  fp: FootprintResult,
  policy: Pick<SlaPolicy, 'credits' | 'goodwill'>,
  account: { tier: string; mrr: number | null },
): AccountSla {
  return withFee(slaBase(fp, policy, account.tier), account.mrr);
}

/** The policy for an account: one naming it wins over one for its tier; ties by key. */
export function policyFor<P extends Pick<SlaPolicy, 'key' | 'tiers' | 'account_ids'>>(
  policies: P[],
  account: { id: string; tier: string },
): P | undefined {
  const sorted = [...policies].sort((a, b) => a.key.localeCompare(b.key));
  return (
    sorted.find((p) => p.account_ids.includes(account.id)) ??
    sorted.find((p) => p.tiers.includes(account.tier))
  );
}

/**
 * The line an account's contacts read in a resolution notice (issue #12 part 5): its
 * availability so far this month and the credit and goodwill it is owed; null when it is owed
 * nothing. Finance's adjusted amount wins over the computed one.
 */
export function compensationLine(
  r: Pick<AccountSla, 'uptime' | 'credit_percent' | 'credit_amount' | 'goodwill'> & {
    decided_amount?: number | null;
  },
  monthName: string,
): string | null {
  const credit = r.credit_percent > 0;
  const goodwill = !!r.goodwill && (r.goodwill.percent > 0 || (r.goodwill.amount ?? 0) > 0);
  if (!credit && !goodwill) return null;
  const amount = (n: number | null | undefined) => (n != null ? ` (${n.toFixed(2)})` : '');
  const parts = [`Your service availability for ${monthName} stands at ${r.uptime}%.`];
  if (credit)
    parts.push(
      `Under your service agreement your account is owed a ${r.credit_percent}% service credit${amount(r.decided_amount ?? r.credit_amount)}.`,
    );
  if (goodwill)
    parts.push(
      `${credit ? 'On top of it, we' : 'We'} are adding a goodwill credit${r.goodwill!.percent ? ` of ${r.goodwill!.percent}%` : ''}${amount(r.goodwill!.amount)}.`,
    );
  parts.push(
    'It will be applied to your next invoice; your account manager can answer any question.',
  );
  return parts.join(' ');
}
