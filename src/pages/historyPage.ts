/** "/history": every incident and maintenance in the snapshot, by month, newest first. */
import { INCIDENT_STATUS_LABEL } from '../domain/status.js';
import { fmtDateTime, fmtMonth, fmtRange, inZone } from '../lib/format.js';
import { type Html, html } from '../lib/html.js';
import type { Incident } from '../store/queries/models.js';
import type { Snapshot } from '../store/queries/snapshot.js';
import { impactBadge, impactClass, isOpen, type ViewContext } from './incidentView.js';
import { layout } from './layout.js';
import { registerSection } from './site.js';
import { viewContext } from './statusPage.js';

function startOf(i: Incident): string {
  return i.kind === 'maintenance' ? (i.scheduled_for ?? i.started_at) : i.started_at;
}

function entry(i: Incident, v: ViewContext): Html {
  const start = startOf(i);
  const end = i.resolved_at;
  return html`<li class="history-item ${impactClass(i)}">
<div class="history-head"><a class="history-name" href="${v.base}/incidents/${i.id}">${i.name}</a>${impactBadge(i)}</div>
<p class="past-meta"><time datetime="${start}">${end ? fmtRange(start, end, v.zone) : fmtDateTime(start, v.zone)}</time> · ${isOpen(i) ? html`<span class="ongoing">${INCIDENT_STATUS_LABEL[i.status]}</span>` : INCIDENT_STATUS_LABEL[i.status]}</p>
</li>`;
}

export function renderHistoryPage(s: Snapshot): string {
  const v = viewContext(s);
  const all = [...s.incidents, ...s.maintenances.filter((m) => m.status !== 'scheduled')]
    .map((i) => ({ i, start: startOf(i) }))
    .sort((a, b) => b.start.localeCompare(a.start));
  const months: { key: string; items: Incident[] }[] = [];
  for (const { i, start } of all) {
    const key = inZone(start, v.zone).toFormat('yyyy-MM');
    const last = months[months.length - 1];
    if (last && last.key === key) last.items.push(i);
    else months.push({ key, items: [i] });
  }
  const body = html`<p class="back"><a href="${v.base || '/'}"><span aria-hidden="true">←</span> Current status</a></p>
<div class="page-head"><h1>Incident history</h1><p class="section-note">Every incident and maintenance on ${s.page.name}, newest first.</p></div>
${
  months.length
    ? months.map(
        (m) => html`<section class="section month" aria-labelledby="m-${m.key}">
<div class="section-head"><h2 id="m-${m.key}">${fmtMonth(m.key)}</h2><p class="section-note">${m.items.length} ${m.items.length === 1 ? 'event' : 'events'}</p></div>
<ul class="card history-list">${m.items.map((i) => entry(i, v))}</ul>
</section>`,
      )
    : html`<div class="card"><p class="quiet">No incidents reported.</p></div>`
}`;
  return layout({
    page: s.page,
    path: '/history',
    title: 'Incident history',
    body,
    view: s.view,
  });
}

registerSection(() => [
  { path: '/history', type: 'text/html; charset=utf-8', render: renderHistoryPage },
]);
