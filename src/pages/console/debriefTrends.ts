/**
 * The debrief's quarter view (issue #14): the four trends across the quarter's incidents, each
 * against the plan's target, with a small chart per month drawn on the server as SVG (no script,
 * printable; the numbers in a table beside it), the quarter's incidents, and the open action
 * items across incidents.
 */
import type { TrendIncident, Trends } from '../../domain/debrief.js';
import { isOverdue } from '../../domain/debriefActions.js';
import { type TargetCheck, TREND_TARGETS, type TrendKey } from '../../domain/debriefTargets.js';
import { fmtDateTime, fmtMonth } from '../../lib/format.js';
import { type Html, html } from '../../lib/html.js';
import type { DebriefAction } from '../../store/queries/debriefActions.js';
import { pill } from './parts.js';

export interface TrendsView {
  /** e.g. "2026-Q4" */
  quarter: string;
  prev: string;
  next: string;
  from: string;
  to: string;
  trends: Trends;
  targets: Record<TrendKey, TargetCheck>;
  /** per month of the quarter: its first day ("2026-10") and its trends */
  months: { month: string; trends: Trends }[];
  incidents: TrendIncident[];
  open: DebriefAction[];
  zone: string;
  now: Date;
}

const LABEL: Record<TrendKey, string> = {
  median_time_to_first_public_update_s: 'Median time to the first public update',
  cadence_adherence: 'Cadence adherence',
  delivery_success: 'Delivery success',
  enquiries_per_incident: 'Enquiries per incident',
};

const DEFINITION: Record<TrendKey, string> = {
  median_time_to_first_public_update_s:
    "The middle incident's time from its start to its first public update (nearest rank).",
  cadence_adherence: 'Promises of a next update kept on time ÷ promises made.',
  delivery_success: 'Deliveries sent ÷ deliveries attempted (cancelled ones left out).',
  enquiries_per_incident: 'Customer enquiries about the incidents ÷ incidents.',
};

/** A trend's value as a person reads it. */
export function fmtTrend(k: TrendKey, v: number | null, compact = false): string {
  if (v === null) return '—';
  if (k === 'median_time_to_first_public_update_s' && compact)
    return v < 120 ? `${Math.round(v)} s` : `${Math.round(v / 60)} min`;
  if (k === 'median_time_to_first_public_update_s')
    return v < 120 ? `${Math.round(v)} s` : `${Math.floor(v / 60)} min ${Math.round(v % 60)} s`;
  if (k === 'enquiries_per_incident') return String(Math.round(v * 10) / 10);
  return `${Math.round(v * 1000) / 10}%`;
}

function verdict(t: TargetCheck, measured: boolean): Html {
  if (t.target === null) return pill('No target', 'plain');
  if (!measured || t.met === null) return pill('Not measured', 'plain');
  return t.met ? pill('Target met', 'ok') : pill('Target missed', 'bad');
}

const W = 440;
const H = 170;
const PAD = { l: 60, r: 12, t: 14, b: 26 };
const BAR = '#0072B2';
const MISS = '#B8002E';
const TARGET = '#D55E00';

/** Bars per month, with the target as a dashed line; a month with nothing measured has no bar. */
function monthChart(k: TrendKey, v: TrendsView, id: string): Html {
  const t = v.targets[k];
  const vals = v.months.map((m) => m.trends[k]);
  const max =
    Math.max(
      k === 'cadence_adherence' || k === 'delivery_success' ? 1 : 0,
      t.target ?? 0,
      ...vals.map((x) => x ?? 0),
    ) || 1;
  const ih = H - PAD.t - PAD.b;
  const iw = W - PAD.l - PAD.r;
  const bw = iw / v.months.length;
  const y = (x: number) => PAD.t + ih - (x / max) * ih;
  const title = `${LABEL[k]} per month: ${v.months.map((m, i) => `${fmtMonth(m.month)} ${fmtTrend(k, vals[i])}`).join(', ')}${t.target !== null ? `; target ${fmtTrend(k, t.target)}` : ''}.`;
  return html`<svg class="reaction-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}"><title id="${id}">${title}</title>
<line x1="${PAD.l}" y1="${PAD.t + ih}" x2="${W - PAD.r}" y2="${PAD.t + ih}" stroke="#8a94a6"/>
<text x="${PAD.l - 6}" y="${PAD.t + 4}" text-anchor="end" font-size="11" fill="currentColor">${fmtTrend(k, max, true)}</text>
<text x="${PAD.l - 6}" y="${PAD.t + ih + 4}" text-anchor="end" font-size="11" fill="currentColor">${fmtTrend(k, 0, true)}</text>
${v.months.map((m, i) => {
  const x = vals[i];
  const cx = PAD.l + i * bw;
  const miss =
    x !== null && t.target !== null && (t.better === 'lower' ? x > t.target : x < t.target);
  return html`${x !== null && html`<rect x="${(cx + bw * 0.2).toFixed(1)}" y="${y(x).toFixed(1)}" width="${(bw * 0.6).toFixed(1)}" height="${(PAD.t + ih - y(x)).toFixed(1)}" fill="${miss ? MISS : BAR}"><title>${fmtMonth(m.month)}: ${fmtTrend(k, x)}</title></rect>`}
<text x="${(cx + bw / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle" font-size="11" fill="currentColor">${fmtMonth(m.month).split(' ')[0]}${x === null ? ' (none)' : ''}</text>`;
})}
${t.target !== null && html`<line x1="${PAD.l}" y1="${y(t.target).toFixed(1)}" x2="${W - PAD.r}" y2="${y(t.target).toFixed(1)}" stroke="${TARGET}" stroke-width="2" stroke-dasharray="6 4"/>`}
</svg>`;
}

function card(k: TrendKey, v: TrendsView): Html {
  const t = v.targets[k];
  const value = v.trends[k];
  const id = `tr-${k}`;
  return html`<section class="card-pad" aria-labelledby="${id}-h">
<h2 class="csection-title" id="${id}-h">${LABEL[k]}</h2>
<p class="trend-figure">${value === null ? html`<em>no data</em>` : fmtTrend(k, value)} ${verdict(t, value !== null)}</p>
<p class="chint">${value === null && v.trends.missing[k] ? `${v.trends.missing[k]}. ` : ''}Target: ${t.target === null ? 'none (plan setting ' : `${t.better === 'lower' ? 'at most' : 'at least'} ${fmtTrend(k, t.target)} (plan setting `}<code>${t.setting}</code>). ${DEFINITION[k]}</p>
${monthChart(k, v, `${id}-svg`)}
<ul class="reaction-legend"><li><span class="swatch" data-c="0"></span>month</li>${t.target !== null && html`<li><span class="swatch swatch-miss"></span>month that missed the target</li><li><span class="swatch" data-c="5"></span>target (dashed)</li>`}</ul>
<details class="reaction-table"><summary>The numbers as a table</summary>
<table class="ctable"><thead><tr><th scope="col">Month</th><th scope="col">Incidents</th><th scope="col">${LABEL[k]}</th></tr></thead>
<tbody>${v.months.map((m) => html`<tr><td>${fmtMonth(m.month)}</td><td>${String(m.trends.incidents)}</td><td>${fmtTrend(k, m.trends[k])}</td></tr>`)}</tbody></table></details>
</section>`;
}

const share = (a: number, b: number) => (b ? `${a} of ${b}` : '—');

export function trendsBody(v: TrendsView): Html {
  const q = (s: string) => `/console/debrief/trends?quarter=${encodeURIComponent(s)}`;
  const quarterName = v.quarter.replace(/^(\d{4})-(Q\d)$/, '$2 $1');
  return html`<div class="trend-head"><div><h1 class="ctitle">Debrief trends: ${quarterName}</h1>
<p class="chint">Incidents started ${fmtDateTime(v.from, 'UTC')} to ${fmtDateTime(v.to, 'UTC')} (drills left out), compared with the plan's targets. Change a target in the plan's settings.</p></div>
<nav class="trend-pager" aria-label="Quarters"><a class="cbutton cbutton-quiet cbutton-sm" href="${q(v.prev)}">← ${v.prev.replace(/^(\d{4})-(Q\d)$/, '$2 $1')}</a><a class="cbutton cbutton-quiet cbutton-sm" href="${q(v.next)}">${v.next.replace(/^(\d{4})-(Q\d)$/, '$2 $1')} →</a></nav></div>
<p>${String(v.trends.incidents)} ${v.trends.incidents === 1 ? 'incident' : 'incidents'} this quarter · <a href="/api/v1/debrief/trends?from=${encodeURIComponent(v.from)}&amp;to=${encodeURIComponent(v.to)}">as JSON</a> (API token needed)</p>
<div class="trend-grid">${TREND_TARGETS.map((t) => card(t.trend, v))}</div>
<section class="card-pad" aria-labelledby="ti-title"><h2 class="csection-title" id="ti-title">Incidents</h2>
${
  v.incidents.length
    ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Incidents of the quarter (scrolls sideways)"><table class="ctable"><thead><tr><th scope="col">Incident</th><th scope="col">Started</th><th scope="col">First public update</th><th scope="col">Promises kept</th><th scope="col">Delivered</th><th scope="col">Enquiries</th></tr></thead>
<tbody>${v.incidents.map((i) => html`<tr><td><a href="/console/incidents/${encodeURIComponent(i.id)}/debrief">${i.name}</a></td><td>${fmtDateTime(i.started_at, v.zone)}</td><td>${fmtTrend('median_time_to_first_public_update_s', i.time_to_first_public_update_s)}</td><td>${share(i.updates_on_time, i.promises)}</td><td>${share(i.delivered, i.attempted)}</td><td>${String(i.enquiries)}</td></tr>`)}</tbody></table></div>`
    : html`<p>No incident started this quarter.</p>`
}
</section>
<section class="card-pad" aria-labelledby="to-title"><h2 class="csection-title" id="to-title">Open action items, all incidents</h2>
${
  v.open.length
    ? html`<ul class="action-items">${v.open.map((a) => html`<li class="action-item"><p>${isOverdue(a, v.now) ? pill('Overdue', 'bad') : pill('Open', 'plain')} <strong>${a.text}</strong></p><p class="chint">${a.owner_name ?? a.owner_id} · due ${fmtDateTime(a.due_at, v.zone)} · <a href="/console/incidents/${encodeURIComponent(a.incident_id)}/debrief#action-items">${a.incident_name}</a></p></li>`)}</ul>`
    : html`<p>None: every action item is done.</p>`
}
</section>`;
}
