/** The shell every public page shares: <head>, the branded header, main landmark and footer. */

import type { PageLocale } from '../domain/locale.js';
import { statusName } from '../domain/status.js';
import { pageZone } from '../lib/format.js';
import { type Html, html, raw, readableOnWhite, safeColor, textOn } from '../lib/html.js';
import { currentLocale, words } from '../lib/i18n/scope.js';
import { WORDS } from '../lib/i18n/words.js';
import type { Page } from '../store/queries/models.js';
import type { SnapshotView } from '../store/queries/snapshot.js';
import { assetUrl } from './assets.js';

export interface LayoutOptions {
  page: Page;
  /** URL path of this page, for the canonical link */
  path: string;
  /** the part of the <title> before the page name; omitted on the home page */
  title?: string;
  description?: string;
  body: Html;
  /** the languages this page is offered in; more than one adds a language switcher */
  languages?: PageLocale[];
  /** a private audience page: links under its base, no feeds, noindex, a sign-out button */
  view?: SnapshotView;
}

/** Head links to each language's version of the page, and the visible switcher. */
function languageLinks(o: LayoutOptions): { head: Html | null; nav: Html | null } {
  const langs = o.languages ?? [];
  if (langs.length < 2) return { head: null, nav: null };
  const here = currentLocale();
  // a private page's own paths are site-relative ("/", "/history"): they live under its base
  const v = o.view;
  const path =
    v && !o.path.startsWith(`${v.base}/`) ? `${v.base}${o.path === '/' ? '' : o.path}` : o.path;
  const href = (l: PageLocale) => `${path}?locale=${l}`;
  return {
    head: html`${langs.map((l) => html`<link rel="alternate" hreflang="${l}" href="${href(l)}">\n`)}`,
    nav: html`<nav class="languages" aria-label="${words().languageNav}"><ul>${langs.map(
      (l) =>
        html`<li><a href="${href(l)}" hreflang="${l}" lang="${l}"${l === here && html` aria-current="true"`}>${WORDS[l].language}</a></li>`,
    )}</ul></nav>`,
  };
}

function brandStyle(page: Page): Html {
  const brand = safeColor(page.brand_color);
  const text = readableOnWhite(brand);
  // Colours are validated #rrggbb values, so they are safe to put in CSS as they are.
  return raw(
    `<style>:root{--brand:${brand};--brand-text:${text};--on-brand:${textOn(brand)}}</style>`,
  );
}

export function favicon(page: Page): string {
  const brand = safeColor(page.brand_color).replace('#', '%23');
  return `data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><circle cx='16' cy='16' r='13' fill='${brand}'/><path d='M10 16.5l4 4 8-9' stroke='white' stroke-width='3' fill='none' stroke-linecap='round' stroke-linejoin='round'/></svg>`;
}

function canonical(page: Page, path: string): string | null {
  try {
    return new URL(path, page.url).toString();
  } catch {
    return null;
  }
}

function brand(page: Page): Html {
  if (page.logo_url) {
    return html`<img class="logo" src="${page.logo_url}" alt="${page.name}" height="36">`;
  }
  const initial = [...page.name.trim()][0]?.toUpperCase() ?? '';
  // the initial is drawn by CSS, so the link's visible text is the name its label starts with
  return html`<span class="brand-mark" aria-hidden="true" data-initial="${initial}"></span><span class="brand-name">${page.name}</span>`;
}

function support(page: Page): Html | null {
  if (!page.support_url && !page.support_email) return null;
  const links = [
    page.support_url && html`<a href="${page.support_url}">${words().contactSupport}</a>`,
    page.support_email && html`<a href="mailto:${page.support_email}">${page.support_email}</a>`,
  ].filter(Boolean);
  return html`<p class="support">${words().needHelp} ${links.map((l, i) => [i > 0 && ' · ', l])}</p>`;
}

/** The header's links: the public page's, or a private page's (history and sign-out). */
function headerNav(o: LayoutOptions): Html {
  const w = words();
  const v = o.view;
  // signed out, a private page offers nothing to follow but its sign-in form
  if (v)
    return html`<nav aria-label="Status page">
      ${
        v.signedIn &&
        html`<a class="nav-link" href="${v.base}/history">${w.history}</a>
      <form class="signout" method="post" action="${v.base}/signout"><button class="button" type="submit">${w.signOut}</button></form>`
      }
    </nav>`;
  return html`<nav aria-label="Status page">
      <a class="nav-link" href="/history">${w.history}</a>
      <a class="button" href="/subscribe">${w.subscribe}<span class="sr-only">${w.subscribeSr}</span></a>
    </nav>`;
}

/** The public feeds in <head>; a private page has none (its readers sign in). */
function feedLinks(o: LayoutOptions): Html | null {
  if (o.view) return null;
  const name = statusName(o.page.name);
  return html`<link rel="alternate" type="application/atom+xml" title="${name} (Atom)" href="/history.atom">
<link rel="alternate" type="application/rss+xml" title="${name} (RSS)" href="/history.rss">
<link rel="alternate" type="application/feed+json" title="${name} (JSON Feed)" href="/feed.json">
<link rel="alternate" type="text/calendar" title="${name}: maintenance (iCalendar)" href="/maintenances.ics">
`;
}

function footerLinks(o: LayoutOptions): Html {
  const w = words();
  const v = o.view;
  if (v)
    return html`<section id="subscribe" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">${w.privateFor(v.audience.name)}</h2>
      ${
        v.signedIn &&
        html`<ul class="feeds">
        <li><a href="${v.base}/api/v2/summary.json">${w.statusApi}</a></li>
      </ul>`
      }
    </section>`;
  return html`<section id="subscribe" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">${w.getUpdates}</h2>
      <ul class="feeds">
        <li><a href="/history.atom">${w.atomFeed}</a></li>
        <li><a href="/history.rss">${w.rssFeed}</a></li>
        <li><a href="/feed.json">${w.jsonFeed}</a></li>
        <li><a href="/maintenances.ics">${w.calendar}</a></li>
        <li><a href="/api/v2/summary.json">${w.statusApi}</a></li>
      </ul>
    </section>`;
}

export function layout(o: LayoutOptions): string {
  const { page } = o;
  const title = o.title ? `${o.title} · ${statusName(page.name)}` : statusName(page.name);
  const w = words();
  const description = o.description ?? (page.description || w.liveStatusOf(page.name));
  const href = o.view ? null : canonical(page, o.path);
  const langs = languageLinks(o);
  const doc = html`<!doctype html>
<html lang="${currentLocale()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
<meta name="theme-color" content="${safeColor(page.brand_color)}">
${o.view && html`<meta name="robots" content="noindex">`}
${href && html`<link rel="canonical" href="${href}">`}
<link rel="icon" href="${favicon(page)}">
<link rel="stylesheet" href="${assetUrl('/assets/flare.css')}">
${brandStyle(page)}
${feedLinks(o)}${langs.head}<script src="${assetUrl('/assets/flare.js')}" defer></script>
</head>
<body data-your-time="${w.yourTime}" data-zone="${pageZone(page.time_zone)}">
<a class="skip" href="#main">${w.skip}</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="${o.view ? o.view.base : '/'}" aria-label="${w.homeLabel(page.name)}">${brand(page)}</a>
    ${headerNav(o)}
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${o.body}
</main>
<footer class="site-footer">
  <div class="wrap footer-grid">
    ${footerLinks(o)}
    <div class="footer-meta">
      ${langs.nav}
      ${support(page)}
      <p class="powered">${w.poweredBy}</p>
    </div>
  </div>
</footer>
</body>
</html>
`;
  return doc.value;
}
