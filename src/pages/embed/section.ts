/**
 * What a customer puts on their own site (issue #13 part 4): the banner script, its iframe
 * version, and shields-style SVG badges for the page and each component. All are files of the
 * public site, so they carry its ETag and cache headers and `flare export` writes them too.
 * `/embed/*` may be framed by any site (securityHeaders.ts); nothing here sets a cookie.
 */
import { makeBadge } from 'badge-maker';
import { COMPONENT_STATUS_LABEL, statusName } from '../../domain/status.js';
import type { ComponentStatus, Indicator } from '../../domain/types.js';
import { type Html, html } from '../../lib/html.js';
import {
  incidentUrl,
  isActive,
  isUnresolved,
  orderComponents,
  pageUrl,
  v2Status,
} from '../../present/v2.js';
import type { Snapshot } from '../../store/queries/snapshot.js';
import { registerSection } from '../site.js';
import { EMBED_SCRIPT } from './statusScript.js';

const SVG = 'image/svg+xml; charset=utf-8';

const BADGE_COLOR: Record<Indicator, string> = {
  none: 'brightgreen',
  minor: 'yellow',
  major: 'orange',
  critical: 'red',
  maintenance: 'blue',
};

const COMPONENT_COLOR: Record<ComponentStatus, string> = {
  operational: 'brightgreen',
  degraded_performance: 'yellow',
  partial_outage: 'orange',
  major_outage: 'red',
  under_maintenance: 'blue',
};

const PAGE_WORDS: Record<Indicator, string> = {
  none: 'operational',
  minor: 'minor outage',
  major: 'partial outage',
  critical: 'major outage',
  maintenance: 'maintenance',
};

/** The page's badge: "status | operational" in the colour of the page's indicator. */
export function pageBadge(s: Snapshot): string {
  const { indicator } = v2Status(s);
  return makeBadge({
    label: 'status',
    message: PAGE_WORDS[indicator],
    color: BADGE_COLOR[indicator],
  });
}

export function componentBadge(name: string, status: ComponentStatus): string {
  return makeBadge({
    label: name,
    message: COMPONENT_STATUS_LABEL[status].toLowerCase(),
    color: COMPONENT_COLOR[status],
  });
}

const FRAME_CSS = `html,body{margin:0;background:transparent}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.bar{display:flex;align-items:center;gap:12px;flex-wrap:wrap;padding:10px 16px;color:#fff}
.bar a{color:#fff;font-weight:700;white-space:nowrap}
.bar .text{flex:1 1 240px;min-width:0}
.critical{background:#b42318}.major{background:#c4320a}.minor{background:#b54708}.maintenance{background:#175cd3}
.ok{background:#f6fef9;color:#05603a;border:1px solid #a6f4c5}.ok a{color:#05603a}`;

/** `/embed/frame`: the banner as a page for an iframe, refreshed every minute without script. */
export function renderFrame(s: Snapshot): string {
  const open = s.incidents.filter(isUnresolved);
  const maintenance = s.maintenances.find(isActive);
  const link = (href: string) =>
    html`<a href="${href || '/'}" target="_blank" rel="noopener">View status</a>`;
  let bar: Html;
  if (open.length) {
    const i = open[0];
    const more = open.length > 1 ? ` (+${open.length - 1} more)` : '';
    const latest = i.updates[0]?.body ?? '';
    const text = latest.length > 180 ? `${latest.slice(0, 177)}…` : latest;
    const kind = i.impact === 'none' ? 'minor' : i.impact;
    bar = html`<div class="bar ${kind}" role="status"><div class="text"><strong>${i.name}${more}</strong>${text ? html` — ${text}` : ''}</div>${link(incidentUrl(s.page, i.id))}</div>`;
  } else if (maintenance) {
    bar = html`<div class="bar maintenance" role="status"><div class="text"><strong>${maintenance.name}</strong> — Scheduled maintenance in progress.</div>${link(incidentUrl(s.page, maintenance.id))}</div>`;
  } else {
    bar = html`<div class="bar ok" role="status"><div class="text">All systems operational</div>${link(pageUrl(s.page))}</div>`;
  }
  return `<!doctype html>
<html lang="${html`${s.page.languages.split(',')[0]?.trim() || 'en'}`}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>${html`${statusName(s.page.name)}`}</title>
<style>${FRAME_CSS}</style></head>
<body>${bar}</body></html>
`;
}

registerSection((s) => [
  { path: '/embed/status.js', type: 'text/javascript; charset=utf-8', render: () => EMBED_SCRIPT },
  { path: '/embed/frame', type: 'text/html; charset=utf-8', render: renderFrame },
  { path: '/badge.svg', type: SVG, render: pageBadge },
  ...orderComponents(s.components).map((c) => ({
    path: `/components/${encodeURIComponent(c.id)}/badge.svg`,
    type: SVG,
    render: (snap: Snapshot) => {
      const now = snap.components.find((x) => x.id === c.id) ?? c;
      return componentBadge(now.name, now.status);
    },
  })),
]);
