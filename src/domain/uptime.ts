/** Uptime per day from a component's status history. Pure: the caller gives the history and the clock. */
import { DateTime } from 'luxon';
import { worstComponentStatus } from './status.js';
import type { ComponentStatus } from './types.js';

export interface StatusChange {
  status: ComponentStatus;
  at: string; // ISO time the status began
}

export interface UptimeDay {
  date: string; // YYYY-MM-DD in the page's time zone
  /** null when the component did not exist yet (no data) */
  uptime: number | null;
  worst: ComponentStatus | null;
  minutes: Partial<Record<ComponentStatus, number>>;
}

/**
 * Downtime weights: a major outage counts in full, a partial outage by half. Degraded
 * performance and maintenance do not count as downtime. This is what the bars and the
 * percentage show; SLA credits use their own contract rules.
 */
export const DOWNTIME_WEIGHT: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.5,
  major_outage: 1,
};

export function uptimeDays(
  history: StatusChange[],
  since: string,
  now: Date,
  days: number,
  timeZone: string,
): UptimeDay[] {
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at));
  const nowMs = now.getTime();
  const sinceMs = Date.parse(since);
  return dayBoundaries(now, days, timeZone).map((d) =>
    dayStats(sorted, Math.max(d.startMs, sinceMs), Math.min(d.endMs, nowMs), d.date),
  );
}

export interface DayBoundary {
  date: string; // YYYY-MM-DD in the time zone
  startMs: number;
  endMs: number;
}

// Zone arithmetic is the slow part of a render and the same for every component: keep the last few.
const boundaryCache = new Map<string, DayBoundary[]>();

/** The last `days` calendar days in `timeZone` up to and including today, oldest first. */
export function dayBoundaries(now: Date, days: number, timeZone: string): DayBoundary[] {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const key = `${today.toMillis()}|${timeZone}|${days}`;
  const hit = boundaryCache.get(key);
  if (hit) return hit;
  const out: DayBoundary[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const dayStart = today.minus({ days: i });
    out.push({
      date: dayStart.toISODate() ?? '',
      startMs: dayStart.toMillis(),
      endMs: dayStart.plus({ days: 1 }).toMillis(),
    });
  }
  if (boundaryCache.size >= 16) boundaryCache.clear();
  boundaryCache.set(key, out);
  return out;
}

function dayStats(sorted: StatusChange[], fromMs: number, toMs: number, date: string): UptimeDay {
  if (toMs <= fromMs) return { date, uptime: null, worst: null, minutes: {} };
  const minutes: Partial<Record<ComponentStatus, number>> = {};
  // status in force at fromMs: last change at or before it (operational before any change)
  let current: ComponentStatus = 'operational';
  let cursor = fromMs;
  for (const change of sorted) {
    const t = Date.parse(change.at);
    if (t <= fromMs) {
      current = change.status;
      continue;
    }
    if (t >= toMs) break;
    minutes[current] = (minutes[current] ?? 0) + (t - cursor) / 60000;
    current = change.status;
    cursor = t;
  }
  minutes[current] = (minutes[current] ?? 0) + (toMs - cursor) / 60000;
  const total = (toMs - fromMs) / 60000;
  let down = 0;
  for (const [s, m] of Object.entries(minutes))
    down += DOWNTIME_WEIGHT[s as ComponentStatus] * (m ?? 0);
  return {
    date,
    uptime: Math.max(0, 1 - down / total),
    worst: worstComponentStatus(Object.keys(minutes) as ComponentStatus[]),
    minutes,
  };
}

/** Overall uptime over days with data, weighted by how much of each day had data. */
export function uptimePercent(days: UptimeDay[]): number | null {
  let total = 0;
  let up = 0;
  for (const d of days) {
    if (d.uptime === null) continue;
    const m = Object.values(d.minutes).reduce((a, b) => a + (b ?? 0), 0);
    total += m;
    up += d.uptime * m;
  }
  return total === 0 ? null : (up / total) * 100;
}
