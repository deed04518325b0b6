/** The public subscribe form: a channel, an address, and the components to hear about. */

import { type Html, html, raw } from '../lib/html.js';
import type { Component, Page } from '../store/queries/models.js';
import { layout } from './layout.js';

export type FieldErrors = Record<string, string>;

const CHANNELS = [
  {
    id: 'email',
    label: 'Email',
    icon: '<rect x="2.5" y="4.5" width="15" height="11" rx="2"/><path d="M3 5.5l7 5.5 7-5.5"/>',
  },
  {
    id: 'sms',
    label: 'SMS',
    icon: '<rect x="5.5" y="2.5" width="9" height="15" rx="2"/><path d="M9 14.5h2"/>',
  },
  {
    id: 'webhook',
    label: 'Webhook',
    icon: '<path d="M8 12l4-4"/><path d="M9.5 5.5l1-1a3 3 0 014.2 4.2l-1 1M10.5 14.5l-1 1a3 3 0 01-4.2-4.2l1-1"/>',
  },
  { id: 'slack', label: 'Slack', icon: '<path d="M7.5 3v14M12.5 3v14M3 7.5h14M3 12.5h14"/>' },
  {
    id: 'teams',
    label: 'Teams',
    icon: '<rect x="2.5" y="5" width="9" height="10" rx="1.5"/><path d="M5 8h4M7 8v5M13.5 7.5h3.5v6a2 2 0 01-3.5 1.3"/>',
  },
];

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

function input(
  name: string,
  type: string,
  s: FormState,
  attrs: { placeholder: string; autocomplete?: string },
): Html {
  const bad = Boolean(s.errors[name]);
  return html`<input type="${type}" id="${name}" name="${name}" value="${s.values[name] ?? ''}" placeholder="${attrs.placeholder}"${attrs.autocomplete ? html` autocomplete="${attrs.autocomplete}"` : ''}${bad ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''}>`;
}

export function subscribePage(page: Page, components: Component[], s: FormState): string {
  const channel =
    s.values.channel && CHANNELS.some((c) => c.id === s.values.channel)
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
<div class="segmented">${CHANNELS.map(
    (c) =>
      html`<input type="radio" name="channel" id="ch-${c.id}" value="${c.id}"${c.id === channel ? raw(' checked') : ''}><label for="ch-${c.id}">${icon(c.icon)}${c.label}</label>`,
  )}</div>
${fieldError(s.errors, 'channel')}
</fieldset>
<div class="${cls('email')}"><label class="label" for="email">Email address</label>
${input('email', 'email', s, { placeholder: 'you@example.com', autocomplete: 'email' })}
<p class="hint">We'll send a link to confirm. Every email has a one-click unsubscribe.</p>${fieldError(s.errors, 'email')}</div>
<div class="${cls('phone')}"><label class="label" for="phone">Mobile number</label>
${input('phone', 'tel', s, { placeholder: '+14155550123', autocomplete: 'tel' })}
<p class="hint">In international form, starting with +. We'll text you a code to confirm.</p>${fieldError(s.errors, 'phone')}</div>
<div class="${cls('url')}"><label class="label" for="url"><span class="for-webhook">Webhook URL</span><span class="for-slack">Slack incoming-webhook URL</span><span class="for-teams">Teams incoming-webhook URL</span></label>
${input('url', 'url', s, { placeholder: 'https://' })}
<p class="hint"><span class="for-webhook">We POST JSON, signed with Standard Webhooks. You get the signing secret on the next page.</span><span class="for-slack">Create one under Apps → Incoming Webhooks in Slack.</span><span class="for-teams">Create one with the Workflows app in Teams.</span></p>${fieldError(s.errors, 'url')}</div>
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
