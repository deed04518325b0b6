/** The public subscribe form: a channel, an address, and the components to hear about. */

import { type Html, html, raw } from '../lib/html.js';
import type { Component, Page } from '../store/queries/models.js';
import { layout } from './layout.js';

export type FieldErrors = Record<string, string>;

/** A channel the form offers, as its descriptor describes it (the route passes the list). */
export interface ChannelOption {
  id: string;
  label: string;
  /** an SVG body, 20×20 */
  icon: string;
  address: 'email' | 'phone' | 'url';
  /** URL channels: the URL field's label and how to get such a URL */
  form?: { urlLabel: string; hint: string };
}

const icon = (body: string) =>
  raw(
    `<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`,
  );

/** What a field is called on the form, for messages such as "Email address is required". */
export const FIELD_LABEL: Record<string, string> = {
  channel: 'Channel',
  email: 'Email address',
  phone: 'Mobile number',
  url: 'URL',
  contact_email: 'Contact email',
  components: 'Components',
  code: 'The code',
};

export function fieldError(errors: FieldErrors, name: string): Html | null {
  const msg = errors[name];
  if (!msg) return null;
  return html`<p class="field-error" id="${name}-error">${FIELD_LABEL[name] ?? name} ${msg}.</p>`;
}

/** Checkboxes for every component, grouped as on the status page; `chosen` null means all. */
export function componentPicker(
  components: Component[],
  chosen: string[] | null,
  errors: FieldErrors,
): Html | null {
  const leaves = components.filter((c) => !c.group);
  if (leaves.length === 0) return null;
  const picked = (id: string) => chosen === null || chosen.includes(id);
  const box = (c: Component) =>
    html`<label class="check"><input type="checkbox" name="components" value="${c.id}"${picked(c.id) ? raw(' checked') : ''}><span>${c.name}</span></label>`;
  const blocks: Html[] = [];
  const loose = leaves.filter((c) => !c.group_id || !components.some((g) => g.id === c.group_id));
  if (loose.length)
    blocks.push(html`<div class="picker-group"><div class="checks">${loose.map(box)}</div></div>`);
  for (const g of components.filter((c) => c.group)) {
    const kids = leaves.filter((c) => c.group_id === g.id);
    if (kids.length === 0) continue;
    blocks.push(
      html`<div class="picker-group" role="group" aria-label="${g.name}"><div class="picker-group-name">${g.name}</div><div class="checks">${kids.map(box)}</div></div>`,
    );
  }
  return html`<fieldset class="picker${errors.components ? ' has-error' : ''}">
<legend>What do you want to hear about?</legend>
<p class="hint picker-hint">Untick what you don't need. With everything ticked you also hear about components added later.</p>
<div class="picker-groups">${blocks}</div>
${fieldError(errors, 'components')}
</fieldset>`;
}

export interface FormState {
  values: Record<string, string>;
  components: string[] | null;
  errors: FieldErrors;
}

/**
 * One span per channel, in the radios' order; CSS shows the one whose radio is checked (and,
 * without :has(), the one for the channel checked when the page was drawn).
 */
function perChannel(channels: ChannelOption[], checked: string, key: 'urlLabel' | 'hint'): Html {
  const first = channels.find((c) => c.form)?.id;
  const shown = channels.some((c) => c.id === checked && c.form) ? checked : first;
  return html`<span class="per-channel">${channels.map(
    (c) => html`<span${c.id === shown ? raw(' class="shown"') : ''}>${c.form?.[key] ?? ''}</span>`,
  )}</span>`;
}

function input(
  name: string,
  type: string,
  s: FormState,
  attrs: { placeholder: string; autocomplete?: string },
): Html {
  const bad = Boolean(s.errors[name]);
  return html`<input type="${type}" id="${name}" name="${name}" value="${s.values[name] ?? ''}" placeholder="${attrs.placeholder}"${attrs.autocomplete ? html` autocomplete="${attrs.autocomplete}"` : ''}${bad ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''}>`;
}

/**
 * The form. Which fields show follows the checked channel in CSS alone: its address kind
 * (`addr-url`, `addr-phone`) picks the field, and its position picks its URL label and hint.
 */
export function subscribePage(
  page: Page,
  components: Component[],
  s: FormState,
  channels: ChannelOption[],
): string {
  const channel =
    s.values.channel && channels.some((c) => c.id === s.values.channel)
      ? s.values.channel
      : 'email';
  const cls = (name: string) => `field field-${name}${s.errors[name] ? ' has-error' : ''}`;
  const errorCount = Object.keys(s.errors).length;
  const body = html`<div class="narrow">
<div class="page-head"><h1>Subscribe to updates</h1>
<p class="section-note">Hear from ${page.name} when something breaks, while we fix it, and when it's resolved, plus scheduled maintenance.</p></div>
<form class="card form-card form subscribe-form" method="post" action="/subscribe" novalidate>
${errorCount > 0 && html`<p class="form-alert" role="alert">Please check the ${errorCount === 1 ? 'field' : 'fields'} marked below.</p>`}
<fieldset><legend>How should we reach you?</legend>
<div class="segmented">${channels.map(
    (c) =>
      html`<input type="radio" class="addr-${c.address}" name="channel" id="ch-${c.id}" value="${c.id}"${c.id === channel ? raw(' checked') : ''}><label for="ch-${c.id}">${icon(c.icon)}${c.label}</label>`,
  )}</div>
${fieldError(s.errors, 'channel')}
</fieldset>
<div class="${cls('email')}"><label class="label" for="email">Email address</label>
${input('email', 'email', s, { placeholder: 'you@example.com', autocomplete: 'email' })}
<p class="hint">We'll send a link to confirm. Every email has a one-click unsubscribe.</p>${fieldError(s.errors, 'email')}</div>
<div class="${cls('phone')}"><label class="label" for="phone">Mobile number</label>
${input('phone', 'tel', s, { placeholder: '+14155550123', autocomplete: 'tel' })}
<p class="hint">In international form, starting with +. We'll text you a code to confirm.</p>${fieldError(s.errors, 'phone')}</div>
<div class="${cls('url')}"><label class="label" for="url">${perChannel(channels, channel, 'urlLabel')}</label>
${input('url', 'url', s, { placeholder: 'https://' })}
<p class="hint">${perChannel(channels, channel, 'hint')}</p>${fieldError(s.errors, 'url')}</div>
<div class="${cls('contact_email')}"><label class="label" for="contact_email">Contact email <span class="quiet">(optional)</span></label>
${input('contact_email', 'email', s, { placeholder: 'ops@example.com', autocomplete: 'email' })}
<p class="hint">We'll tell you here if your endpoint keeps failing and we pause it.</p>${fieldError(s.errors, 'contact_email')}</div>
${componentPicker(components, s.components, s.errors)}
<div class="hp" aria-hidden="true"><label for="website">Leave this empty</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<div class="form-actions"><button class="button button-lg" type="submit">Subscribe</button>
<p class="fine">You can change what you get, or leave, at any time.</p></div>
</form>
</div>`;
  return layout({ page, path: '/subscribe', title: 'Subscribe', body });
}
