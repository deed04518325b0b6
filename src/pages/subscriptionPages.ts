/** Pages a subscriber reaches from a signed link: confirm, manage, unsubscribe, and notices. */

import { statusName } from '../domain/status.js';
import { type Html, html, raw } from '../lib/html.js';
import type { Component, Page } from '../store/queries/models.js';
import type { SnapshotView } from '../store/queries/snapshot.js';
import type { Subscriber } from '../store/queries/subscribers.js';
import { layout } from './layout.js';
import { componentPicker, type FieldErrors, fieldError } from './subscribeForm.js';

export type Tone = 'ok' | 'info' | 'warn' | 'error';

const ICONS: Record<Tone, string> = {
  ok: '<path d="M5 10.5l3.2 3.2L15 7"/>',
  info: '<rect x="2.5" y="4.5" width="15" height="11" rx="2"/><path d="M3 5.5l7 5.5 7-5.5"/>',
  warn: '<path d="M10 6v5M10 14h.01"/><circle cx="10" cy="10" r="7.5"/>',
  error: '<path d="M6.5 6.5l7 7M13.5 6.5l-7 7"/>',
};

export interface Notice {
  path: string;
  title: string;
  tone: Tone;
  /** paragraphs or other content under the title */
  body: Html;
  actions?: Html;
  /** shown as part of a private audience page */
  view?: SnapshotView;
}

export function noticePage(page: Page, n: Notice): string {
  const body = html`<div class="narrow"><section class="card notice tone-${n.tone}" aria-labelledby="notice-title">
<div class="notice-icon">${raw(`<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${ICONS[n.tone]}</svg>`)}</div>
<h1 id="notice-title">${n.title}</h1>
${n.body}
${n.actions && html`<div class="notice-actions">${n.actions}</div>`}
</section></div>`;
  return layout({ page, path: n.path, title: n.title, body, view: n.view });
}

const STATE_LABEL: Record<string, string> = {
  active: 'Active',
  pending: 'Waiting for confirmation',
  unsubscribed: 'Unsubscribed',
  undeliverable: 'Paused: messages bounced',
  disabled: 'Paused: endpoint kept failing',
};

export interface ManageLinks {
  /** the form's own URL (with its signature) */
  save: string;
  unsubscribe: string;
  /** the delivery preferences form (digest, quiet hours, time zone) */
  preferences?: string;
}

export function managePage(
  page: Page,
  components: Component[],
  sub: Subscriber,
  links: ManageLinks,
  o: {
    saved?: boolean;
    errors?: FieldErrors;
    chosen?: string[] | null;
    /** the channel's label, from its descriptor */
    channelLabel?: string;
    /** the preferences form's errors and what was typed */
    prefErrors?: FieldErrors;
    prefs?: { quiet_hours?: string; time_zone?: string; digest?: boolean };
  } = {},
): string {
  const errors = o.errors ?? {};
  const gone = sub.state === 'unsubscribed';
  const chosen = o.chosen !== undefined ? o.chosen : sub.components;
  const picker = componentPicker(components, chosen, errors);
  const body = html`<div class="narrow">
<div class="page-head"><h1>Your subscription</h1>
<p class="section-note">Choose what ${page.name} tells you about.</p></div>
<form class="card form-card form" method="post" action="${links.save}" novalidate>
${o.saved && html`<p class="form-ok" role="status">Saved. You'll hear about what's ticked below.</p>`}
${Object.keys(errors).length > 0 && html`<p class="form-alert" role="alert">Please check the field marked below.</p>`}
<div class="who"><div><div class="who-address">${sub.address}</div>
<div class="who-meta">${o.channelLabel ?? sub.channel} · subscribed ${sub.created_at.slice(0, 10)}</div></div>
<span class="pill pill-${sub.state}">${STATE_LABEL[sub.state] ?? sub.state}</span></div>
${gone && html`<p class="form-alert">You're unsubscribed and get no messages. <a href="/subscribe">Subscribe again</a> to hear from us.</p>`}
${picker ?? html`<p class="quiet">You hear about everything on the status page.</p>`}
${fieldError(errors, '(body)')}
${picker && !gone && html`<div class="form-actions"><button class="button button-lg" type="submit">Save changes</button></div>`}
</form>
${!gone && links.preferences && preferencesForm(sub, links.preferences, o.prefErrors ?? {}, o.prefs)}
${
  !gone &&
  html`<section class="card leave" aria-label="Unsubscribe"><p>Don't want these any more?</p>
<form method="post" action="${links.unsubscribe}"><button class="button button-danger" type="submit">Unsubscribe</button></form></section>`
}
</div>`;
  return layout({ page, path: '/subscriptions', title: 'Your subscription', body });
}

/** Digest and quiet hours (issue #12): how and when the messages come. */
function preferencesForm(
  sub: Subscriber,
  action: string,
  errors: FieldErrors,
  typed: { quiet_hours?: string; time_zone?: string; digest?: boolean } = {},
): Html {
  const digest = typed.digest ?? sub.digest;
  const quiet = typed.quiet_hours ?? sub.quiet_hours ?? '';
  const zone = typed.time_zone ?? sub.time_zone ?? '';
  const err = (name: string, label: string) =>
    errors[name]
      ? html`<p class="field-error" id="${name}-error">${label} ${errors[name]}.</p>`
      : null;
  return html`<form class="card form-card form" method="post" action="${action}" novalidate aria-label="When you hear from us">
${Object.keys(errors).length > 0 && html`<p class="form-alert" role="alert">Please check the field marked below.</p>`}
<fieldset><legend>When do you want to hear from us?</legend>
${
  sub.channel === 'email' &&
  html`<label class="check"><input type="checkbox" name="digest" value="1"${digest ? raw(' checked') : ''}><span>One summary email a day (08:00 your time) instead of each update. Critical (SEV1) updates still come at once.</span></label>`
}
</fieldset>
<div class="field"><label class="label" for="quiet_hours">Quiet hours <span class="quiet">(optional)</span></label>
<input type="text" id="quiet_hours" name="quiet_hours" value="${quiet}" placeholder="22:00-07:00"${errors.quiet_hours ? raw(' aria-invalid="true" aria-describedby="quiet_hours-error"') : ''}>
<p class="hint">Less urgent messages wait until they end. Critical (SEV1) updates still come at once.</p>${err('quiet_hours', 'Quiet hours')}</div>
<div class="field"><label class="label" for="time_zone">Your time zone <span class="quiet">(optional)</span></label>
<input type="text" id="time_zone" name="time_zone" value="${zone}" placeholder="Europe/Paris"${errors.time_zone ? raw(' aria-invalid="true" aria-describedby="time_zone-error"') : ''}>
${err('time_zone', 'Time zone')}</div>
<div class="form-actions"><button class="button" type="submit">Save preferences</button></div>
</form>`;
}

export function unsubscribeAskPage(
  page: Page,
  sub: Subscriber,
  post: string,
  manage: string,
): string {
  return noticePage(page, {
    path: '/subscriptions',
    title: 'Unsubscribe?',
    tone: 'warn',
    body: html`<p>Stop all ${statusName(page.name)} updates to <strong>${sub.address}</strong>?</p>
<p>Or <a href="${manage}">pick fewer components</a> instead.</p>`,
    actions: html`<form method="post" action="${post}"><button class="button button-lg" type="submit">Unsubscribe</button></form>`,
  });
}

export function codePage(
  page: Page,
  action: string,
  sig: string,
  o: { phone?: string; errors?: FieldErrors } = {},
): string {
  const errors = o.errors ?? {};
  return noticePage(page, {
    path: '/subscribe',
    title: 'Enter your code',
    tone: errors.code ? 'warn' : 'info',
    body: html`<p>We texted a 6-digit code${o.phone ? html` to <strong>${o.phone}</strong>` : ''}. Enter it to start getting updates.</p>
<form class="code-form" method="post" action="${action}" novalidate>
<input type="hidden" name="sig" value="${sig}">
<label class="sr-only" for="code">6-digit code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" placeholder="000000"${errors.code ? raw(' aria-invalid="true" aria-describedby="code-error"') : ''}>
<button class="button button-lg" type="submit">Confirm</button>
</form>
${fieldError(errors, 'code')}`,
  });
}
