/**
 * The comms debrief as one standalone HTML file (issue #14): the console screen's body
 * (debriefBody) with its stylesheet inlined, the SVG charts inline and their tables open, for
 * a comms lead to keep, mail or print to PDF. No script and nothing fetched: no <link>, no
 * src=, no url() in the CSS, and a CSP that forbids any load should a later edit add one. The
 * console-only parts (the Apply forms, the download links) are left out; the links that remain
 * point back at this Flare (the page's public URL) and open nothing by themselves.
 */
import type { Debrief } from '../../domain/debrief.js';
import { fmtDateTime } from '../../lib/format.js';
import { html, raw, readableOnWhite, safeColor, textOn } from '../../lib/html.js';
import type { Page } from '../../store/queries/models.js';
import { BASE_CSS } from '../styles/base.js';
import { PARTS_CSS } from '../styles/parts.js';
import { debriefBody } from './debrief.js';
import { CONSOLE_CSS } from './styles.js';
import { DEBRIEF_PRINT_CSS } from './stylesDebrief.js';
import { CONSOLE_ENQUIRIES_CSS } from './stylesEnquiries.js';
import { CONSOLE_FORMS_CSS } from './stylesForms.js';

const FILE_CSS = `${BASE_CSS}${PARTS_CSS}${CONSOLE_CSS}${CONSOLE_FORMS_CSS}${CONSOLE_ENQUIRIES_CSS}
body.console { padding: 24px 0; }
.file-head { margin-bottom: 12px; }
.card-pad + .card-pad { margin-top: 18px; }
${DEBRIEF_PRINT_CSS}
@page { margin: 14mm; }
@media print { body.console { padding: 0; } }
`;

/** The CSP of the file: inline styles only; no script, no fetch, no frame, no form. */
export const DEBRIEF_FILE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

/** The file name offered for download: debrief-<incident id>.html, safe in a header. */
export const debriefFileName = (incidentId: string) =>
  `debrief-${incidentId.replace(/[^A-Za-z0-9_-]/g, '_')}.html`;

/**
 * Takes the console's body apart only where it marks its own console-only pieces: forms (they
 * need a session) and `.console-only` paragraphs. User text is escaped by then, so it holds no
 * `<form` or `<p class=` that this could match.
 */
function standaloneBody(body: string, base: string | null): string {
  let out = body
    .replace(/<form\b[\s\S]*?<\/form>/g, '')
    .replace(/<p class="[^"]*\bconsole-only\b[^"]*">[\s\S]*?<\/p>/g, '')
    .replace(/<details class="reaction-table">/g, '<details class="reaction-table" open>');
  // a link back into the console only means something with the instance's address
  out = base
    ? out.replace(/href="\/(?!\/)/g, `href="${base}/`)
    : out.replace(/<a href="\/(?!\/)[^"]*">([\s\S]*?)<\/a>/g, '$1');
  return out;
}

/** The base URL links are made absolute with: the page's public URL if it is http(s). */
function baseOf(page: Pick<Page, 'url'>): string | null {
  const u = page.url?.replace(/\/+$/, '') ?? '';
  return /^https?:\/\/[^\s"<>]+$/.test(u) ? u : null;
}

export function debriefFile(
  d: Debrief & { name: string },
  opts: { page: Pick<Page, 'name' | 'url' | 'brand_color'>; zone: string; now: Date },
): string {
  const { page, zone } = opts;
  const brand = safeColor(page.brand_color);
  const body = debriefBody(d, zone, { csrf: '', admin: true }).value;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${DEBRIEF_FILE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Flare">
<title>Comms debrief: ${d.name} · ${page.name}</title>
<style>:root{--brand:${brand};--brand-text:${readableOnWhite(brand, 5)};--on-brand:${textOn(brand)}}${raw(FILE_CSS)}</style>
</head>
<body class="console">
<main id="main" class="cwrap">
<p class="chint file-head">${page.name} · exported from Flare on ${fmtDateTime(opts.now.toISOString(), zone)}. A standalone file: no scripts, nothing loaded from the network; print it to PDF from the browser.</p>
${raw(standaloneBody(body, baseOf(page)))}
</main>
</body>
</html>
`.value;
}
