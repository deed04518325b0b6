/** "/": the banner, active incidents, maintenance, components with uptime bars and the last 7 days. */
import { DateTime } from 'luxon';
import { offeredLocales, type PageLocale } from '../domain/locale.js';
import { pageIndicator } from '../domain/status.js';
import type { Indicator } from '../domain/types.js';
import { dayKey, fmtDay, fmtTime, pageZone } from '../lib/format.js';
import { type Html, html } from '../lib/html.js';
import { inLocale, words } from '../lib/i18n/scope.js';
import type { Incident } from '../store/queries/models.js';
import type { Snapshot } from '../store/queries/snapshot.js';
import { componentsSection } from './componentsView.js';
import { INDICATOR_ICON } from './icons.js';
import { impactClass, incidentCard, isOpen, type ViewContext } from './incidentView.js';
import { layout } from './layout.js';
import { registerSection } from './site.js';

export const PAST_DAYS = 7;

export function viewContext(s: Snapshot): ViewContext {
  return {
    zone: pageZone(s.page.time_zone),
    now: s.now,
    components: new Map(s.components.map((c) => [c.id, c])),
    base: s.view?.base ?? '',
  };
}

export function indicatorOf(s: Snapshot, active: Incident[]): Indicator {
  return pageIndicator({
    componentStatuses: s.components.filter((c) => !c.group).map((c) => c.status),
    unresolvedIncidentImpacts: active.map((i) => i.impact),
    maintenanceInProgress: s.maintenances.some(
      (m) => m.status === 'in_progress' || m.status === 'verifying',
    ),
  }).indicator;
}

function banner(s: Snapshot, indicator: Indicator, active: Incident[]): Html {
  const w = words();
  const text = w.indicator[indicator];
  const n = active.length;
  const sub =
    indicator === 'none'
      ? w.noIssues
      : n > 0
        ? w.activeIncidents(n)
        : indicator === 'maintenance'
          ? w.maintenanceRunning
          : w.someComponents;
  return html`<section class="banner b-${indicator}" aria-labelledby="banner-title">
${INDICATOR_ICON[indicator]}
<div><h1 id="banner-title" class="banner-title"><span class="sr-only">${w.statusOf(s.page.name)}: </span>${text}</h1>
<p class="banner-sub">${sub}</p></div>
</section>`;
}

function activeIncidents(active: Incident[], v: ViewContext): Html | null {
  if (active.length === 0) return null;
  return html`<section class="section" aria-labelledby="active-title">
<div class="section-head"><h2 id="active-title">${words().activeTitle}</h2></div>
${active.map((i) => incidentCard(i, v))}
</section>`;
}

function maintenance(s: Snapshot, v: ViewContext): Html | null {
  const running = s.maintenances.filter(
    (m) => m.status === 'in_progress' || m.status === 'verifying',
  );
  const upcoming = s.maintenances
    .filter((m) => m.status === 'scheduled')
    .sort((a, b) => (a.scheduled_for ?? '').localeCompare(b.scheduled_for ?? ''));
  if (running.length + upcoming.length === 0) return null;
  return html`<section class="section" aria-labelledby="maintenance-title">
<div class="section-head"><h2 id="maintenance-title">${running.length ? words().maintenanceTitle : words().scheduledMaintenanceTitle}</h2></div>
${[...running, ...upcoming].map((m) => incidentCard(m, v))}
</section>`;
}

/** Incidents and maintenances that ran, by the day (page zone) they started. */
function byDay(s: Snapshot, zone: string): Map<string, Incident[]> {
  const out = new Map<string, Incident[]>();
  const all = [...s.incidents, ...s.maintenances.filter((m) => m.status !== 'scheduled')];
  for (const i of all) {
    const key = dayKey(
      i.kind === 'maintenance' ? (i.scheduled_for ?? i.started_at) : i.started_at,
      zone,
    );
    const list = out.get(key);
    if (list) list.push(i);
    else out.set(key, [i]);
  }
  return out;
}

/** One line: the title (linking to its page), its last status, and when. */
function pastIncident(i: Incident, v: ViewContext): Html {
  const latest = i.updates[0];
  const at = latest?.display_at ?? i.started_at;
  return html`<p class="past ${impactClass(i)}"><a class="past-name title-text" dir="auto" href="${v.base}/incidents/${i.id}">${i.name}</a> <span class="past-meta">${isOpen(i) ? html`<span class="ongoing">${words().ongoing}</span>` : latest && words().incidentStatus[latest.status]} · <time datetime="${at}">${fmtTime(at, v.zone)}</time></span></p>`;
}

function pastIncidents(s: Snapshot, v: ViewContext): Html {
  const days = byDay(s, v.zone);
  const today = DateTime.fromJSDate(s.now, { zone: v.zone }).startOf('day');
  const sections: Html[] = [];
  for (let i = 0; i < PAST_DAYS; i++) {
    const key = today.minus({ days: i }).toISODate() ?? '';
    const list = (days.get(key) ?? []).sort((a, b) => b.started_at.localeCompare(a.started_at));
    sections.push(html`<section class="day" aria-labelledby="day-${key}">
<h3 id="day-${key}">${fmtDay(key)}</h3>
${list.length ? list.map((x) => pastIncident(x, v)) : html`<p class="quiet">${words().noIncidentsReported}</p>`}
</section>`);
  }
  return html`<section class="section" aria-labelledby="past-title">
<div class="section-head"><h2 id="past-title">${words().pastIncidents}</h2></div>
<div class="card days">${sections}</div>
<p class="more"><a href="${v.base}/history">${words().viewHistory} <span aria-hidden="true">→</span></a></p>
</section>`;
}

/**
 * The status page in `locale`: its own words and dates (incident texts stay as written), with a
 * switcher to the other languages the page offers. Without a locale (the static export, which
 * cannot negotiate, and readers who state no language) it is in the page's first language,
 * without the switcher.
 */
export function renderStatusPage(s: Snapshot, locale?: PageLocale): string {
  const offered = offeredLocales(s.page.languages);
  return inLocale(locale ?? offered[0], () => statusPageIn(s, locale ? offered : undefined));
}

function statusPageIn(s: Snapshot, languages: PageLocale[] | undefined): string {
  const v = viewContext(s);
  const active = s.incidents.filter(isOpen);
  const indicator = indicatorOf(s, active);
  const body = html`${banner(s, indicator, active)}
${activeIncidents(active, v)}
${maintenance(s, v)}
${componentsSection(s, v)}
${pastIncidents(s, v)}`;
  return layout({ page: s.page, path: '/', body, languages, view: s.view });
}

registerSection(() => [
  { path: '/', type: 'text/html; charset=utf-8', render: renderStatusPage, localized: true },
]);
