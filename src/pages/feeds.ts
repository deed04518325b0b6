/**
 * Feeds of the page's history, at Statuspage's paths: `/history.atom` and `/history.rss` (one
 * entry per incident or maintenance, its content the updates as sanitised HTML), a JSON Feed
 * 1.1 at `/feed.json`, and an iCalendar of maintenance windows at `/maintenances.ics`.
 * Dates come from the data, never from the clock, so unchanged data gives unchanged bytes.
 */

import { Feed } from 'feed';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { INCIDENT_STATUS_LABEL, statusName } from '../domain/status.js';
import { fmtDateTime, fmtWindow, pageZone } from '../lib/format.js';
import { escapeHtml, type Html, html } from '../lib/html.js';
import { renderMarkdown } from '../lib/markdown.js';
import { incidentUrl, pageUrl, v2Page } from '../present/v2.js';
import type { Incident } from '../store/queries/models.js';
import type { Snapshot } from '../store/queries/snapshot.js';
import { registerSection } from './site.js';

/** Entries in each history feed: the most recent incidents and maintenances. */
export const FEED_LIMIT = 50;

export const FEED_TYPES = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
} as const;

/** Incidents and maintenances, newest first. */
export function feedEntries(s: Snapshot): Incident[] {
  return [...s.incidents, ...s.maintenances]
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
    .slice(0, FEED_LIMIT);
}

/** An entry's content: the window for a maintenance, the published postmortem, then each update. */
export function entryHtml(i: Incident, s: Snapshot): string {
  const zone = pageZone(s.page.time_zone);
  const parts: Html[] = [];
  if (i.kind === 'maintenance' && i.scheduled_for && i.scheduled_until) {
    parts.push(
      html`<p><strong>Scheduled maintenance:</strong> ${fmtWindow(i.scheduled_for, i.scheduled_until, zone, s.now)}</p>`,
    );
  }
  if (i.postmortem_published_at && i.postmortem_body) {
    parts.push(html`<h3>Postmortem</h3>${renderMarkdown(i.postmortem_body, 4)}`);
  }
  for (const u of i.updates) {
    parts.push(
      html`<p><small>${fmtDateTime(u.display_at, zone)}</small><br><strong>${INCIDENT_STATUS_LABEL[u.status]}</strong></p>${renderMarkdown(u.body, 4)}`,
    );
  }
  return parts.map(String).join('\n');
}

/** "Acme Status - Incident History", as on Statuspage (without doubling a name ending in "Status"). */
function feedTitle(s: Snapshot): string {
  const name = s.page.name.trim();
  return `${name}${/\bstatus$/i.test(name) ? '' : ' Status'} - Incident History`;
}

function historyFeed(s: Snapshot, format: 'atom' | 'rss'): Feed {
  const base = pageUrl(s.page);
  const feed = new Feed({
    id: `${base}/history`,
    title: feedTitle(s),
    description: `Incidents and maintenance on the ${statusName(s.page.name)} page`,
    link: base,
    language: 'en',
    updated: new Date(v2Page(s).updated_at),
    generator: 'Flare',
    copyright: '',
    // RFC 4287 wants an author on the feed when its entries name none: the page's owner
    author: { name: s.page.name, link: base },
    feedLinks: { atom: `${base}/history.atom`, rss: `${base}/history.rss` },
  });
  for (const i of feedEntries(s)) {
    const url = incidentUrl(s.page, i.id);
    const content = entryHtml(i, s);
    feed.addItem({
      // both formats let readers treat the title as HTML, so it is escaped
      title: escapeHtml(i.name),
      id: url,
      link: url,
      date: new Date(i.updated_at),
      published: new Date(i.created_at),
      ...(format === 'atom' ? { content } : { description: content }),
    });
  }
  return feed;
}

export function historyAtom(s: Snapshot): string {
  return historyFeed(s, 'atom').atom1();
}

export function historyRss(s: Snapshot): string {
  return historyFeed(s, 'rss').rss2();
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function jsonFeed(s: Snapshot): string {
  const base = pageUrl(s.page);
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(s),
    home_page_url: base,
    feed_url: `${base}/feed.json`,
    description: `Incidents and maintenance on the ${statusName(s.page.name)} page`,
    language: 'en',
    items: feedEntries(s).map((i) => ({
      id: incidentUrl(s.page, i.id),
      url: incidentUrl(s.page, i.id),
      title: i.name,
      content_html: entryHtml(i, s),
      date_published: i.created_at,
      date_modified: i.updated_at,
      tags: [i.kind],
    })),
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'flare';
  } catch {
    return 'flare';
  }
}

/**
 * A maintenance closed before its window began never happened: the calendar shows it as
 * cancelled. Every other maintenance is confirmed.
 */
function eventStatus(m: Incident): ICalEventStatus {
  const cancelled =
    m.status === 'completed' &&
    m.resolved_at !== null &&
    m.scheduled_for !== null &&
    m.resolved_at < m.scheduled_for;
  return cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED;
}

/**
 * A one-line TEXT value (RFC 5545 §3.3.11): line breaks and other control characters become
 * spaces, so a page name cannot start a property of its own; `\`, `;` and `,` are escaped.
 */
function icsText(s: string): string {
  return s.replace(/\p{Cc}+/gu, ' ').replace(/[\\;,]/g, (c) => `\\${c}`);
}

/** iCalendar (RFC 5545) of every maintenance window; each event's UID is stable. */
export function maintenanceCalendar(s: Snapshot): string {
  const base = pageUrl(s.page);
  const host = hostOf(base);
  // ical-generator writes the calendar's name and description as given: escape them here
  const cal = ical({
    name: icsText(`${s.page.name} maintenance`),
    description: icsText(`Scheduled maintenance on the ${statusName(s.page.name)} page`),
    prodId: { company: 'Flare', product: 'Status page', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    url: base,
  });
  for (const m of s.maintenances) {
    if (!m.scheduled_for || !m.scheduled_until) continue;
    cal.createEvent({
      id: `${m.id}@${host}`,
      sequence: Math.max(0, m.updates.length - 1),
      start: new Date(m.scheduled_for),
      end: new Date(m.scheduled_until),
      stamp: new Date(m.updated_at),
      created: new Date(m.created_at),
      lastModified: new Date(m.updated_at),
      summary: m.name,
      description: m.updates[0]?.body ?? '',
      url: incidentUrl(s.page, m.id),
      status: eventStatus(m),
    });
  }
  // every content line ends with CRLF, the last one too
  return `${cal.toString()}\r\n`;
}

registerSection(() => [
  { path: '/history.atom', type: FEED_TYPES.atom, render: historyAtom },
  { path: '/history.rss', type: FEED_TYPES.rss, render: historyRss },
  { path: '/feed.json', type: FEED_TYPES.json, render: jsonFeed },
  { path: '/maintenances.ics', type: FEED_TYPES.ics, render: maintenanceCalendar },
]);
