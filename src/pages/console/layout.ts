/** The console shell: header with the main actions, a flash message, the screen, a footer. */

import { DEMO_TOKEN_NAME, SIGNIN_TOKEN_NAME } from '../../domain/tokenNames.js';
import { type Html, html, raw, readableOnWhite, safeColor, textOn } from '../../lib/html.js';
import type { Page } from '../../store/queries/models.js';
import { consoleAssetUrl } from './assets.js';
import { csrfField } from './parts.js';

export interface Viewer {
  /** the token's name, as the audit log shows it */
  name: string;
  csrf: string;
  /** an admin token: the menu offers the admin-only screens (settings, tokens) */
  admin?: boolean;
}

/** The token a session signed in with, in words: "a sign-in code", "the API token “deploy”". */
function signedInWith(name: string): Html {
  if (name === SIGNIN_TOKEN_NAME) return html`a <strong>console sign-in code</strong>`;
  if (name === DEMO_TOKEN_NAME) return html`the <strong>demo admin token</strong>`;
  return html`the API token <strong><bdi>${name}</bdi></strong>`;
}

/** Which screen is shown: the menu marks the entry of the same section as current. */
export type Section = string;

/**
 * The console's menu, in order: the screens used during an outage in the header's first row,
 * the plan's set-up screens in the second. A new screen is one line here.
 */
export const CONSOLE_NAV: {
  href: string;
  label: string;
  section: Section;
  setup?: true;
  /** shown to admin tokens only */
  admin?: true;
}[] = [
  { href: '/console?dashboard=1', label: 'Dashboard', section: 'dashboard' },
  { href: '/console/incidents', label: 'Incidents', section: 'incidents' },
  { href: '/console/components', label: 'Components', section: 'components' },
  { href: '/console/maintenance', label: 'Maintenance', section: 'maintenance' },
  { href: '/console/enquiries', label: 'Enquiries', section: 'enquiries' },
  { href: '/console/accounts', label: 'Accounts', section: 'accounts' },
  { href: '/console/sla', label: 'SLA credits', section: 'sla', admin: true },
  { href: '/console/subscribers', label: 'Subscribers', section: 'subscribers' },
  { href: '/console/plan', label: 'Plan', section: 'plan', setup: true },
  { href: '/console/team', label: 'Team', section: 'team', setup: true },
  { href: '/console/severities', label: 'Severities', section: 'severities', setup: true },
  { href: '/console/audiences', label: 'Audiences', section: 'audiences', setup: true },
  { href: '/console/templates', label: 'Templates', section: 'templates', setup: true },
  {
    href: '/console/sources',
    label: 'Enquiry sources',
    section: 'sources',
    setup: true,
    admin: true,
  },
  { href: '/console/monitors', label: 'Monitors', section: 'monitors', setup: true, admin: true },
  { href: '/console/settings', label: 'Settings', section: 'settings', setup: true, admin: true },
  { href: '/console/tokens', label: 'Tokens', section: 'tokens', setup: true, admin: true },
];

export interface Flash {
  tone: 'ok' | 'warn' | 'error';
  text: string;
}

export interface ConsoleLayout {
  page: Page;
  title: string;
  section: Section;
  viewer: Viewer | null;
  flash?: Flash | null;
  body: Html;
  /** the server's clock, so countdowns agree with what the server computed */
  now: Date;
}

function brandStyle(page: Page): Html {
  const brand = safeColor(page.brand_color);
  // colours are validated #rrggbb values, so they are safe in CSS as they are; links are
  // darkened for 5:1 on white so they still read 4.5:1 on the console's grey background
  return raw(
    `<style>:root{--brand:${brand};--brand-text:${readableOnWhite(brand, 5)};--on-brand:${textOn(brand)}}</style>`,
  );
}

function favicon(page: Page): string {
  const brand = safeColor(page.brand_color).replace('#', '%23');
  return `data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect x='3' y='3' width='26' height='26' rx='7' fill='${brand}'/><path d='M16 8l-5 9h5l-1 7 6-10h-5z' fill='white'/></svg>`;
}

function navLink(href: string, label: string, here: boolean): Html {
  return html`<a class="cnav-link" href="${href}" ${here && html`aria-current="page"`}>${label}</a>`;
}

function header(o: ConsoleLayout): Html {
  const initial = [...o.page.name.trim()][0]?.toUpperCase() ?? 'F';
  const v = o.viewer;
  return html`<header class="console-header">
<div class="cwrap cheader-row">
  <a class="brand" href="/console"><span class="brand-mark" aria-hidden="true">${initial}</span><span class="brand-name">${o.page.name}</span><span class="console-tag">Console</span></a>
  ${
    v &&
    html`<nav class="cnav cnav-actions" aria-label="Quick actions">
    <a class="cnav-link" href="/" target="_blank" rel="noopener">Status page<span class="sr-only"> (opens in a new tab)</span> ↗</a>
    <a class="cbutton cbutton-declare" href="/console/declare" ${o.section === 'declare' && html`aria-current="page"`}>Declare incident</a>
  </nav>`
  }
</div>
${
  v &&
  html`<nav class="cwrap cnav cnav-main" aria-label="Console">
  ${CONSOLE_NAV.filter((n) => !n.setup && (!n.admin || v.admin)).map((n) => navLink(n.href, n.label, o.section === n.section))}
</nav>`
}
${
  v &&
  html`<div class="csub"><nav class="cwrap cnav cnav-setup" aria-label="Set up">
  <span class="cnav-label">Set up</span>
  ${CONSOLE_NAV.filter((n) => n.setup && (!n.admin || v.admin)).map((n) => navLink(n.href, n.label, o.section === n.section))}
</nav></div>`
}
</header>`;
}

export function consoleLayout(o: ConsoleLayout): string {
  const v = o.viewer;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${o.title} · ${o.page.name} console</title>
<link rel="icon" href="${favicon(o.page)}">
<link rel="stylesheet" href="${consoleAssetUrl('/console/assets/console.css')}">
${brandStyle(o.page)}
<script src="${consoleAssetUrl('/console/assets/console.js')}" defer></script>
</head>
<body class="console" data-now="${o.now.toISOString()}">
<a class="skip" href="#main">Skip to content</a>
${header(o)}
<main id="main" class="cwrap" tabindex="-1">
${o.flash && html`<div class="flash flash-${o.flash.tone}" role="status">${o.flash.text}</div>`}
${o.body}
</main>
<footer class="console-footer">
  <div class="cwrap cfooter-row">
    ${
      v
        ? html`<p>Signed in with ${signedInWith(v.name)}. Everything you do here is recorded in the audit log under that name.</p>
    <form method="post" action="/console/signout">${csrfField(v.csrf)}<button class="cbutton cbutton-quiet cbutton-sm" type="submit">Sign out</button></form>`
        : html`<p>Flare console</p>`
    }
  </div>
</footer>
</body>
</html>
`.value;
}
