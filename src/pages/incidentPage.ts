/** "/incidents/:id": one page per incident and maintenance, at Statuspage's permalink path. */

import { fmtDateTime } from '../lib/format.js';
import { html } from '../lib/html.js';
import { renderMarkdown } from '../lib/markdown.js';
import type { Incident } from '../store/queries/models.js';
import type { Snapshot } from '../store/queries/snapshot.js';
import {
  affects,
  impactBadge,
  impactClass,
  maintenanceWindow,
  nextUpdate,
  statusBadge,
  timeline,
  type ViewContext,
} from './incidentView.js';
import { layout } from './layout.js';
import { registerSection } from './site.js';
import { viewContext } from './statusPage.js';

function summary(i: Incident): string {
  const latest = i.updates[0];
  const text = latest ? latest.body.replace(/\s+/g, ' ').trim() : '';
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

export function renderIncidentPage(s: Snapshot, i: Incident, v: ViewContext): string {
  const postmortem =
    i.postmortem_published_at && i.postmortem_body
      ? html`<section class="section" aria-labelledby="postmortem-title">
<div class="section-head"><h2 id="postmortem-title">Postmortem</h2><p class="section-note">Published <time datetime="${i.postmortem_published_at}">${fmtDateTime(i.postmortem_published_at, v.zone)}</time></p></div>
<div class="card md postmortem" dir="auto">${renderMarkdown(i.postmortem_body, 3)}</div>
</section>`
      : null;
  const started = i.kind === 'maintenance' ? null : i.started_at;
  const body = html`<p class="back"><a href="${v.base || '/'}"><span aria-hidden="true">←</span> Current status</a></p>
<article class="incident-page ${impactClass(i)}" aria-labelledby="incident-title">
<header class="incident-page-head card">
<div class="badges">${impactBadge(i)}${statusBadge(i)}</div>
<h1 id="incident-title" class="title-text" dir="auto">${i.name}</h1>
${maintenanceWindow(i, v)}
${started && html`<p class="meta">Started <time datetime="${started}">${fmtDateTime(started, v.zone)}</time>${i.resolved_at && html` · Resolved <time datetime="${i.resolved_at}">${fmtDateTime(i.resolved_at, v.zone)}</time>`}</p>`}
${affects(i, v)}${nextUpdate(i, v)}
</header>
<section class="section" aria-labelledby="updates-title">
<div class="section-head"><h2 id="updates-title">Updates</h2></div>
<div class="card">${timeline(i, v, 3)}</div>
</section>
${postmortem}
</article>`;
  return layout({
    page: s.page,
    path: `/incidents/${i.id}`,
    title: i.name,
    description: summary(i),
    body,
    view: s.view,
  });
}

registerSection((s) => {
  let v: ViewContext | null = null;
  return [...s.incidents, ...s.maintenances].map((i) => ({
    path: `/incidents/${i.id}`,
    type: 'text/html; charset=utf-8',
    render: (snap: Snapshot) => {
      v ??= viewContext(snap);
      return renderIncidentPage(snap, i, v);
    },
  }));
});
