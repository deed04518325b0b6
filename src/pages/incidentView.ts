/** Pieces shared by the pages that show incidents: the update timeline, the next-update promise, cards. */
import { fmtDateTime, fmtWhen, fmtWindow } from '../lib/format.js';
import { type Html, html } from '../lib/html.js';
import { words } from '../lib/i18n/scope.js';
import { renderMarkdown } from '../lib/markdown.js';
import type { Component, Incident, IncidentUpdate } from '../store/queries/models.js';
import { CALENDAR, CLOCK } from './icons.js';

export interface ViewContext {
  zone: string;
  now: Date;
  components: Map<string, Component>;
  /** where the pages are served: "" for the public page, "/a/{key}" for a private one */
  base: string;
}

export function isOpen(i: Incident): boolean {
  return !['resolved', 'postmortem', 'completed'].includes(i.status);
}

/** CSS class for the colour of an incident: its impact, or maintenance. */
export function impactClass(i: Incident): string {
  return i.kind === 'maintenance' ? 'impact-maintenance' : `impact-${i.impact}`;
}

export function impactBadge(i: Incident): Html {
  const w = words();
  // "No impact" already says impact; "Minor" becomes "Minor impact"
  const label =
    i.kind === 'maintenance'
      ? w.impact.maintenance
      : i.impact === 'none'
        ? w.impact.none
        : `${w.impact[i.impact]}${w.impactSuffix}`;
  return html`<span class="badge ${impactClass(i)}">${label}</span>`;
}

export function statusBadge(i: Incident): Html {
  return html`<span class="badge badge-status${isOpen(i) ? ' is-open' : ''}">${words().incidentStatus[i.status]}</span>`;
}

/**
 * "Next update by 14:30 GMT", rewritten to the reader's local time by flare.js; once the
 * promise has passed, "Next update was due 14:30 GMT — overdue".
 */
export function nextUpdate(i: Incident, v: ViewContext): Html | null {
  if (!isOpen(i) || !i.next_update_at) return null;
  const when = html`<time datetime="${i.next_update_at}" data-local="time">${fmtWhen(i.next_update_at, v.zone, v.now)}</time>`;
  if (Date.parse(i.next_update_at) <= v.now.getTime())
    return html`<p class="next-update is-overdue">${CLOCK}<span>${words().nextUpdateWasDue} ${when} — ${words().overdue}</span></p>`;
  return html`<p class="next-update">${CLOCK}<span>${words().nextUpdateBy} ${when}</span></p>`;
}

export function affectedNames(i: Incident, v: ViewContext): string[] {
  return i.component_ids.flatMap((id) => {
    const c = v.components.get(id);
    return c ? [c.name] : [];
  });
}

export function affects(i: Incident, v: ViewContext): Html | null {
  const names = affectedNames(i, v);
  if (names.length === 0) return null;
  return html`<p class="affects"><span class="affects-label">${i.kind === 'maintenance' ? words().componentsLabel : words().affected}:</span> ${names.map((n, k) => html`${k ? ', ' : ''}<bdi>${n}</bdi>`)}</p>`;
}

function changes(u: IncidentUpdate): Html | null {
  const moved = (u.affected_components ?? []).filter((a) => a.old_status !== a.new_status);
  if (moved.length === 0) return null;
  return html`<ul class="changes">${moved.map(
    (a) =>
      html`<li><bdi class="change-name">${a.name}</bdi> <span class="st-${a.new_status}">${words().componentStatus[a.new_status]}</span></li>`,
  )}</ul>`;
}

/** Every update, newest first: status, time, sanitised markdown body and component changes. */
export function timeline(i: Incident, v: ViewContext, headingBase = 4): Html {
  return html`<ol class="timeline">${i.updates.map(
    (u) => html`<li class="update">
<div class="update-head"><strong class="update-status">${words().incidentStatus[u.status]}</strong><time datetime="${u.display_at}">${fmtDateTime(u.display_at, v.zone)}</time></div>
<div class="md" dir="auto">${renderMarkdown(u.body, headingBase)}</div>${changes(u)}
</li>`,
  )}</ol>`;
}

export function maintenanceWindow(i: Incident, v: ViewContext): Html | null {
  if (!i.scheduled_for || !i.scheduled_until) return null;
  return html`<p class="window">${CALENDAR}<span><span class="sr-only">${words().window}: </span><time datetime="${i.scheduled_for}" data-local="range" data-end="${i.scheduled_until}">${fmtWindow(i.scheduled_for, i.scheduled_until, v.zone, v.now)}</time></span></p>`;
}

/** An active incident or maintenance on the home page, with its full timeline. */
export function incidentCard(i: Incident, v: ViewContext): Html {
  const id = `incident-${i.id}`;
  return html`<article class="incident-card ${impactClass(i)}" aria-labelledby="${id}">
<div class="incident-head">
<h3 id="${id}" class="title-text" dir="auto"><a href="${v.base}/incidents/${i.id}">${i.name}</a></h3>
<div class="badges">${i.kind === 'maintenance' ? statusBadge(i) : impactBadge(i)}</div>
</div>
${maintenanceWindow(i, v)}${nextUpdate(i, v)}${affects(i, v)}
${timeline(i, v)}
</article>`;
}
