/**
 * "/404.html": the public site's "not found" page, in the site's own layout. The server answers
 * it (status 404) for any public path the site has no file for; `flare export` writes it as
 * 404.html, which most static hosts serve for a missing path. Also the page of a malformed
 * `/history?month=` (status 400), rendered on demand.
 */
import { type Html, html } from '../lib/html.js';
import type { Snapshot } from '../store/queries/snapshot.js';
import { layout } from './layout.js';
import { registerSection } from './site.js';

function notice(s: Snapshot, path: string, title: string, text: Html): string {
  const base = s.view?.base ?? '';
  const body = html`<div class="card notice-page">
<h1>${title}</h1>
${text}
<p class="notice-links"><a class="button" href="${base || '/'}">Current status</a> <a class="button button-quiet" href="${base}/history">Incident history</a></p>
</div>`;
  return layout({ page: s.page, path, title, body, view: s.view });
}

export function renderNotFoundPage(s: Snapshot): string {
  return notice(
    s,
    '/404.html',
    'Page not found',
    html`<p>There is no page at this address. It may have moved, or the link may be incomplete.</p>`,
  );
}

export function renderBadMonthPage(s: Snapshot): string {
  return notice(
    s,
    '/history',
    'That month is not valid',
    html`<p>Give the month as year and month, for example <code>?month=2026-11</code>.</p>`,
  );
}

registerSection(() => [
  { path: '/404.html', type: 'text/html; charset=utf-8', render: renderNotFoundPage },
]);
