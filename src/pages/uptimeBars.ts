/**
 * The 90-day uptime bar of one component: one segment per day, coloured by the day's worst
 * status, each telling its date, uptime and incidents. The text is in the markup (read by
 * screen readers, shown as a popover on hover and keyboard focus), so it needs no JavaScript.
 */
import type { ComponentStatus } from '../domain/types.js';
import {
  dayBoundaries,
  type StatusChange,
  type UptimeDay,
  uptimeDays,
  uptimePercent,
} from '../domain/uptime.js';
import { fmtDay } from '../lib/format.js';
import { type Html, html } from '../lib/html.js';
import { words } from '../lib/i18n/scope.js';
import type { Component, Incident } from '../store/queries/models.js';

export const BAR_DAYS = 90;

export const STATUS_CLASS: Record<ComponentStatus, string> = {
  operational: 'op',
  degraded_performance: 'deg',
  partial_outage: 'part',
  major_outage: 'major',
  under_maintenance: 'maint',
};

/** An incident or maintenance as a span of time, for marking the days it touched. */
export interface Span {
  incident: Incident;
  from: number;
  to: number;
}

/** When an incident or maintenance was under way: [start, resolved or now]. */
export function spanOf(i: Incident, nowMs: number): Span {
  const from = Date.parse(
    i.kind === 'maintenance' ? (i.scheduled_for ?? i.started_at) : i.started_at,
  );
  const end = i.resolved_at ? Date.parse(i.resolved_at) : nowMs;
  return { incident: i, from, to: Math.max(from, Math.min(end, nowMs)) };
}

/** Percent text: never rounds a bad day up to 100%. */
export function fmtPercent(p: number | null): string {
  if (p === null) return words().noData;
  if (p >= 100) return '100%';
  return `${(Math.floor(p * 100) / 100).toFixed(2)}%`;
}

function fmtMinutes(m: number): string {
  const total = Math.max(1, Math.round(m));
  const h = Math.floor(total / 60);
  const min = total % 60;
  return h ? (min ? `${h} h ${min} min` : `${h} h`) : `${min} min`;
}

function dayDetail(day: UptimeDay, spans: Span[], base: string): Html {
  const problems = (Object.entries(day.minutes) as [ComponentStatus, number][])
    .filter(([s, m]) => s !== 'operational' && m >= 0.5)
    .map(([s, m]) => html` <span>${words().componentStatus[s]}: ${fmtMinutes(m)}</span>`);
  const incidents = spans.length
    ? spans.map((s) => html` <a href="${base}/incidents/${s.incident.id}">${s.incident.name}</a>`)
    : html` <span class="q">${words().noIncidents}</span>`;
  const uptime =
    day.uptime === null ? words().noData : `${fmtPercent(day.uptime * 100)} ${words().uptime}`;
  return html`<span class="tip"><b>${fmtDay(day.date)}</b> <span>${uptime}</span>${problems}${incidents}</span>`;
}

/** The bar, legend and 90-day percentage for one component. `spans` are those listing it. */
export function uptimeBar(
  c: Component,
  history: StatusChange[],
  spans: Span[],
  now: Date,
  zone: string,
  base = '',
): Html {
  const days = uptimeDays(history, c.created_at, now, BAR_DAYS, zone);
  const bounds = dayBoundaries(now, BAR_DAYS, zone);
  const perDay: Span[][] = days.map(() => []);
  for (const s of spans) {
    if (s.to < bounds[0].startMs) continue;
    for (let i = 0; i < bounds.length; i++) {
      if (s.from < bounds[i].endMs && s.to >= bounds[i].startMs) perDay[i].push(s);
    }
  }
  const segments = days.map((d, i) => {
    const cls = d.worst ? STATUS_CLASS[d.worst] : 'none';
    // Days with incidents are reached through their links; other bad days take focus themselves.
    const focusable = perDay[i].length === 0 && d.worst !== null && d.worst !== 'operational';
    return html`<li class="d s-${cls}"${focusable && html` tabindex="0"`}>${dayDetail(d, perDay[i], base)}</li>`;
  });
  const pct = fmtPercent(uptimePercent(days));
  const w = words();
  return html`<div class="uptime">
<ol class="bars" aria-label="${w.barsLabel(c.name, BAR_DAYS)}">${segments}</ol>
<p class="bars-legend"><span class="from" aria-hidden="true"><span class="l90">${w.daysAgo(BAR_DAYS)}</span><span class="l60">${w.daysAgo(60)}</span><span class="l30">${w.daysAgo(30)}</span></span><span class="rule" aria-hidden="true"></span><span class="pct">${pct} ${w.uptime}<span class="sr-only"> ${w.overLastDays(BAR_DAYS)}</span></span><span class="rule" aria-hidden="true"></span><span class="to" aria-hidden="true">${w.today}</span></p>
</div>`;
}
