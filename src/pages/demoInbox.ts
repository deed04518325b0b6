/**
 * /demo/inbox: the emails and webhooks Flare sent while running as a demo, newest first. Email
 * HTML is shown in a sandboxed iframe (no scripts, no same-origin) loaded from its own URL, whose
 * CSP allows the email's inline styles and nothing else; everything else is escaped.
 */

import { type Html, html, raw, readableOnWhite, safeColor, textOn } from '../lib/html.js';
import type { Page } from '../store/queries/models.js';
import { assetUrl } from './assets.js';
import { favicon } from './layout.js';

export interface DemoEmail {
  id: number;
  receivedAt: string;
  subject: string;
  from: string;
  to: string[];
  date: string | null;
  text: string;
  html: string | null;
  /** the headers worth showing: Message-ID, List-Unsubscribe, List-Unsubscribe-Post, … */
  headers: Array<[name: string, value: string]>;
}

export interface DemoWebhook {
  id: number;
  receivedAt: string;
  name: string;
  headers: Array<[name: string, value: string]>;
  body: string;
  /** true: signature valid; false: invalid; null: no secret known or no signature */
  signatureValid: boolean | null;
  signatureError?: string;
}

import { DEMO_INBOX_CSS } from './styles/demoInbox.js';

export type InboxTab = 'email' | 'webhooks';

export interface InboxView {
  page: Page;
  tab: InboxTab;
  emails: DemoEmail[];
  webhooks: DemoWebhook[];
  /** changes whenever something arrives; the refresh script swaps the list when it does */
  version: number;
}

/** Refetches the page every 3 s and swaps the list in when something new has arrived. */
const REFRESH = `(function(){var busy=false;setInterval(function(){if(busy||document.hidden)return;busy=true;
fetch(location.href,{headers:{accept:'text/html'},cache:'no-store'}).then(function(r){return r.text()}).then(function(t){
var next=new DOMParser().parseFromString(t,'text/html').getElementById('inbox');var cur=document.getElementById('inbox');
if(next&&cur&&next.getAttribute('data-version')!==cur.getAttribute('data-version'))cur.replaceWith(document.adoptNode(next));
}).catch(function(){}).then(function(){busy=false});},3000);
var l=document.getElementById('live');if(l)l.hidden=false;})();`;

function time(iso: string): Html {
  return html`<time class="msg-time" datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC</time>`;
}

function header(name: string, headers: Array<[string, string]>): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

/** One email: a row to scan (subject, recipients, time) that opens to the rendered message. */
function emailCard(e: DemoEmail, i: number): Html {
  const listUnsub = header('list-unsubscribe', e.headers);
  const oneClick = header('list-unsubscribe-post', e.headers);
  return html`<article class="card msg" aria-labelledby="email-${e.id}">
<details class="msg-fold" ${i === 0 && 'open'}>
<summary class="msg-head"><h2 id="email-${e.id}">${e.subject}</h2><span class="msg-to">to ${e.to.join(', ')}</span>${time(e.receivedAt)}</summary>
<dl class="msg-meta">
  <dt>To</dt><dd>${e.to.join(', ')}</dd>
  <dt>From</dt><dd>${e.from}</dd>
  ${listUnsub && html`<dt>List-Unsubscribe</dt><dd>${listUnsub}</dd>`}
  ${oneClick && html`<dt>List-Unsubscribe-Post</dt><dd>${oneClick}</dd>`}
  <dt>Message-ID</dt><dd>${header('message-id', e.headers) ?? '—'}</dd>
</dl>
${
  e.html
    ? html`<iframe class="preview" title="${`Preview of “${e.subject}”`}" sandbox="" referrerpolicy="no-referrer" loading="lazy" src="/demo/inbox/email/${e.id}"></iframe>`
    : html`<pre>${e.text}</pre>`
}
${e.html && html`<details><summary>Plain-text part</summary><pre>${e.text}</pre></details>`}
<details><summary>Headers</summary><pre>${e.headers.map(([k, v]) => `${k}: ${v}\n`)}</pre></details>
</details>
</article>`;
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** "Incident name · investigating" or "Component → major_outage", from the Statuspage payload. */
function summary(body: string): string {
  try {
    const b = JSON.parse(body) as {
      incident?: { name?: string; status?: string };
      component?: { name?: string; status?: string };
    };
    if (b.incident) return `${b.incident.name ?? 'Incident'} · ${b.incident.status ?? ''}`;
    if (b.component) return `${b.component.name ?? 'Component'} → ${b.component.status ?? ''}`;
  } catch {}
  return 'Webhook';
}

function signature(w: DemoWebhook): Html {
  if (w.signatureValid === true) return html`<span class="sig sig-ok">signature valid ✓</span>`;
  if (w.signatureValid === false)
    return html`<span class="sig sig-bad" title="${w.signatureError ?? ''}">signature invalid ✗</span>`;
  return html`<span class="sig sig-none">signature not checked (no secret known)</span>`;
}

function webhookCard(w: DemoWebhook): Html {
  const shown = [
    'webhook-id',
    'webhook-timestamp',
    'webhook-signature',
    'content-type',
    'user-agent',
  ];
  return html`<article class="card msg" aria-labelledby="hook-${w.id}">
<div class="msg-head"><h2 id="hook-${w.id}">${summary(w.body)}</h2>${time(w.receivedAt)}</div>
<dl class="msg-meta">
  <dt>Receiver</dt><dd>POST /demo/webhook/${w.name}</dd>
  <dt>Signature</dt><dd class="plain">${signature(w)}</dd>
  ${shown.map((k) => {
    const v = header(k, w.headers);
    return v && html`<dt>${k}</dt><dd>${v}</dd>`;
  })}
</dl>
<pre aria-label="JSON body">${pretty(w.body)}</pre>
<details><summary>All headers</summary><pre>${w.headers.map(([k, v]) => `${k}: ${v}\n`)}</pre></details>
</article>`;
}

function empty(what: string): Html {
  return html`<div class="card empty"><h2>No ${what} yet</h2>
<p>Declare an incident in the <a href="/console/declare">console</a>, or post one with <code>POST /api/v1/incidents</code>: the demo subscribers' ${what} land here within seconds.</p></div>`;
}

function tabLink(tab: InboxTab, current: InboxTab, label: string, count: number): Html {
  return html`<a class="tab" href="/demo/inbox?tab=${tab}" ${tab === current && html`aria-current="page"`}>${label}<span class="count">${count}</span></a>`;
}

export function demoInboxPage(v: InboxView): string {
  const brand = safeColor(v.page.brand_color);
  const initial = [...v.page.name.trim()][0]?.toUpperCase() ?? 'F';
  const list =
    v.tab === 'email'
      ? v.emails.length
        ? v.emails.map((e, i) => emailCard(e, i))
        : empty('emails')
      : v.webhooks.length
        ? v.webhooks.map(webhookCard)
        : empty('webhooks');
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Demo inbox · ${v.page.name}</title>
<link rel="icon" href="${favicon(v.page)}">
<link rel="stylesheet" href="${assetUrl('/assets/flare.css')}">
${raw(`<style>:root{--brand:${brand};--brand-text:${readableOnWhite(brand)};--on-brand:${textOn(brand)}}${DEMO_INBOX_CSS}</style>`)}
</head>
<body>
<header class="site-header">
  <div class="wrap inbox-wrap header-row">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">${initial}</span><span class="brand-name">${v.page.name}</span><span class="demo-tag">Demo inbox</span></a>
    <nav aria-label="Demo"><a class="nav-link" href="/">Status page</a><a class="nav-link" href="/console">Console</a></nav>
  </div>
</header>
<main id="main" class="wrap inbox-wrap">
<div class="inbox-head">
  <div><h1>Demo inbox</h1><p>Every email and webhook Flare sends while it runs as a demo lands here instead of the internet. The last 500 of each are kept in memory.</p></div>
  <div class="inbox-tools"><span id="live" class="live" hidden>Auto-refreshing every 3 s</span><a class="button" href="/demo/inbox?tab=${v.tab}">Refresh</a></div>
</div>
<div id="inbox" data-version="${v.version}">
<nav class="tabs" aria-label="Inbox">${tabLink('email', v.tab, 'Email', v.emails.length)}${tabLink('webhooks', v.tab, 'Webhooks', v.webhooks.length)}</nav>
${list}
</div>
</main>
<script>${raw(REFRESH)}</script>
</body>
</html>
`.value;
}
