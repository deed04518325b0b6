/**
 * "/history": every incident and maintenance in the snapshot, by month, newest first; and
 * "/history/YYYY-MM" (also served as `/history?month=YYYY-MM`): one month, with links to the
 * months before and after. A month file exists for every month from the first incident to now,
 * so `flare export` writes them and the previous/next links work on a static host too.
 */
import { DateTime } from 'luxon';
import { INCIDENT_STATUS_LABEL } from '../domain/status.js';
import { fmtDateTime, fmtMonth, fmtRange, inZone } from '../lib/format.js';
import { type Html, html } from '../lib/html.js';
import type { Incident } from '../store/queries/models.js';
import type { Snapshot } from '../store/queries/snapshot.js';
import { impactBadge, impactClass, isOpen, type ViewContext } from './incidentView.js';
import { layout } from './layout.js';
import { registerSection } from './site.js';
import { viewContext } from './statusPage.js';

/** A well-formed month, as `?month=` and the month pages take it. */
export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Month pages go back at most this far from the current month. */
const MAX_MONTHS = 120;

function startOf(i: Incident): string {
  return i.kind === 'maintenance' ? (i.scheduled_for ?? i.started_at) : i.started_at;
}

function entry(i: Incident, v: ViewContext): Html {
  const start = startOf(i);
  const end = i.resolved_at;
  return html`<li class="history-item ${impactClass(i)}">
<div class="history-head"><a class="history-name title-text" dir="auto" href="${v.base}/incidents/${i.id}">${i.name}</a>${impactBadge(i)}</div>
<p class="past-meta"><time datetime="${start}">${end ? fmtRange(start, end, v.zone) : fmtDateTime(start, v.zone)}</time> · ${isOpen(i) ? html`<span class="ongoing">${INCIDENT_STATUS_LABEL[i.status]}</span>` : INCIDENT_STATUS_LABEL[i.status]}</p>
</li>`;
}

/** Everything the history shows, newest first, grouped by month in the page's zone. */
function byMonth(s: Snapshot, zone: string): { key: string; items: Incident[] }[] {
  const all = [...s.incidents, ...s.maintenances.filter((m) => m.status !== 'scheduled')]
    .map((i) => ({ i, start: startOf(i) }))
    .sort((a, b) => b.start.localeCompare(a.start));
  const months: { key: string; items: Incident[] }[] = [];
  for (const { i, start } of all) {
    const key = inZone(start, zone).toFormat('yyyy-MM');
    const last = months[months.length - 1];
    if (last && last.key === key) last.items.push(i);
    else months.push({ key, items: [i] });
  }
  return months;
}

/** The months that have a page: from the first incident's (at most MAX_MONTHS back) to now. */
export function historyMonths(s: Snapshot): string[] {
  const zone = viewContext(s).zone;
  const now = DateTime.fromJSDate(s.now, { zone }).startOf('month');
  const months = byMonth(s, zone);
  const oldest = months[months.length - 1]?.key;
  const first = oldest ? DateTime.fromISO(`${oldest}-01`, { zone }) : now;
  const out: string[] = [];
  for (let m = now; m >= first && out.length < MAX_MONTHS; m = m.minus({ months: 1 }))
    out.push(m.toFormat('yyyy-MM'));
  return out;
}

const back = (v: ViewContext) =>
  html`<p class="back"><a href="${v.base || '/'}"><span aria-hidden="true">←</span> Current status</a></p>`;

export function renderHistoryPage(s: Snapshot): string {
  const v = viewContext(s);
  const months = byMonth(s, v.zone);
  const body = html`${back(v)}
<div class="page-head"><h1>Incident history</h1><p class="section-note">Every incident and maintenance on ${s.page.name}, newest first.</p></div>
${
  months.length
    ? months.map(
        (m) => html`<section class="section month" aria-labelledby="m-${m.key}">
<div class="section-head"><h2 id="m-${m.key}"><a href="${v.base}/history/${m.key}">${fmtMonth(m.key)}</a></h2><p class="section-note">${m.items.length} ${m.items.length === 1 ? 'event' : 'events'}</p></div>
<ul class="card history-list">${m.items.map((i) => entry(i, v))}</ul>
</section>`,
      )
    : html`<div class="card"><p class="quiet">No incidents reported.</p></div>`
}`;
  return layout({ page: s.page, path: '/history', title: 'Incident history', body, view: s.view });
}

/** One month of history (`key` is YYYY-MM), with previous and next month links. */
export function renderHistoryMonth(s: Snapshot, key: string): string {
  const v = viewContext(s);
  const items = byMonth(s, v.zone).find((m) => m.key === key)?.items ?? [];
  const have = historyMonths(s);
  const month = DateTime.fromISO(`${key}-01`);
  const prev = month.minus({ months: 1 }).toFormat('yyyy-MM');
  const next = month.plus({ months: 1 }).toFormat('yyyy-MM');
  const link = (m: string, rel: 'prev' | 'next') =>
    have.includes(m) &&
    html`<a class="${rel}" rel="${rel}" href="${v.base}/history/${m}">${rel === 'prev' ? html`<span aria-hidden="true">←</span> ${fmtMonth(m)}` : html`${fmtMonth(m)} <span aria-hidden="true">→</span>`}</a>`;
  const body = html`${back(v)}
<div class="page-head"><h1>${fmtMonth(key)}</h1><p class="section-note">Incidents and maintenance on ${s.page.name} in ${fmtMonth(key)}. <a href="${v.base}/history">All history</a></p></div>
${
  items.length
    ? html`<ul class="card history-list">${items.map((i) => entry(i, v))}</ul>`
    : html`<div class="card"><p class="quiet">No incidents reported in ${fmtMonth(key)}.</p></div>`
}
<nav class="month-nav" aria-label="Other months">${link(prev, 'prev')}${link(next, 'next')}</nav>`;
  return layout({
    page: s.page,
    path: `/history/${key}`,
    title: `${fmtMonth(key)} · Incident history`,
    body,
    view: s.view,
  });
}

registerSection((s) => [
  { path: '/history', type: 'text/html; charset=utf-8', render: renderHistoryPage },
  ...historyMonths(s).map((key) => ({
    path: `/history/${key}`,
    type: 'text/html; charset=utf-8',
    render: (snap: Snapshot) => renderHistoryMonth(snap, key),
  })),
]);
