/**
 * The Incidents screen: every incident, newest first, open and resolved, drafts and drills
 * marked, fifty a page; each links to its incident screen and, once it has ended, its debrief.
 * Filters: all, open, resolved. Readable without JavaScript.
 */
import { INCIDENT_STATUS_LABEL } from '../../domain/status.js';
import { type Html, html } from '../../lib/html.js';
import type { Incident } from '../../store/queries/models.js';
import { duration, pill, severityBadge, when } from './parts.js';

export type IncidentListFilter = 'all' | 'open' | 'resolved';

export interface IncidentsData {
  incidents: Incident[];
  filter: IncidentListFilter;
  page: number;
  more: boolean;
  zone: string;
  now: Date;
}

const FILTERS: [IncidentListFilter, string][] = [
  ['all', 'All'],
  ['open', 'Open'],
  ['resolved', 'Resolved'],
];

const href = (filter: IncidentListFilter, page: number) =>
  `/console/incidents?${new URLSearchParams({ ...(filter !== 'all' ? { show: filter } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`.replace(
    /\?$/,
    '',
  );

function marks(i: Incident): Html {
  return html`${i.draft && pill('Draft', 'info')} ${i.drill && pill('Drill', 'info')} ${i.visibility === 'audiences' && pill('Audiences only', 'plain')}`;
}

function row(i: Incident, d: IncidentsData): Html {
  const id = encodeURIComponent(i.id);
  const ended = i.resolved_at;
  const took = ended
    ? duration(Date.parse(ended) - Date.parse(i.started_at))
    : `open for ${duration(d.now.getTime() - Date.parse(i.started_at))}`;
  return html`<tr><td><a href="/console/incidents/${id}"><bdi>${i.name}</bdi></a> ${marks(i)}</td>
<td>${severityBadge(i.severity) ?? html`<span class="chint">none</span>`}</td>
<td>${pill(INCIDENT_STATUS_LABEL[i.status as keyof typeof INCIDENT_STATUS_LABEL] ?? i.status, ended ? 'ok' : 'bad')}</td>
<td>${when(i.started_at, d.zone)}</td><td>${took}</td>
<td>${ended && !i.draft ? html`<a href="/console/incidents/${id}/debrief">Debrief<span class="sr-only"> of ${i.name}</span></a>` : ''}</td></tr>`;
}

export function incidentsBody(d: IncidentsData): Html {
  const empty =
    d.filter === 'open'
      ? 'No incident is open.'
      : d.filter === 'resolved'
        ? 'No incident has been resolved yet.'
        : 'No incident yet. When one is declared, it is listed here.';
  return html`<div class="page-title"><h1>Incidents</h1><p class="chint">Every incident, newest first. Open one to post an update; once it has ended, read its debrief.</p></div>
<nav class="filter-tabs" aria-label="Show">${FILTERS.map(([f, label]) => html`<a class="cbutton cbutton-quiet cbutton-sm" href="${href(f, 1)}" ${f === d.filter && html`aria-current="page"`}>${label}</a>`)} <a class="cbutton cbutton-quiet cbutton-sm" href="/console/debrief/trends">Trends across incidents</a></nav>
${
  d.incidents.length
    ? html`<div class="table-scroll"><table class="ctable"><caption class="sr-only">Incidents, newest first</caption>
<thead><tr><th scope="col">Incident</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col"><span class="sr-only">Debrief</span></th></tr></thead>
<tbody>${d.incidents.map((i) => row(i, d))}</tbody></table></div>`
    : html`<p class="src-meta">${empty}</p>`
}
${
  (d.page > 1 || d.more) &&
  html`<nav class="pager" aria-label="Pages">${d.page > 1 && html`<a class="cbutton cbutton-quiet" href="${href(d.filter, d.page - 1)}" rel="prev">Newer</a>`} <span class="chint">Page ${d.page}</span> ${d.more && html`<a class="cbutton cbutton-quiet" href="${href(d.filter, d.page + 1)}" rel="next">Older</a>`}</nav>`
}`;
}
