/**
 * One account: what it is (tier, how critical, region, manager, tags), its contacts with a form
 * to add one, the components it uses, and the incidents that touched them.
 */

import { CONTACT_ROLES } from '../../domain/audience.js';
import { INCIDENT_STATUS_LABEL } from '../../domain/status.js';
import { type Html, html } from '../../lib/html.js';
import type { AccountView } from '../../store/queries/consoleAccounts.js';
import { capitalise, criticalityPill } from './accounts.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  onceField,
  otherErrors,
  pill,
  selectField,
  severityBadge,
  textField,
  type Values,
  when,
} from './parts.js';

export interface AccountScreen {
  view: AccountView;
  isKey: boolean;
  channelLabels: Record<string, string>;
  /** the channels a contact can be reached on */
  contactChannels: string[];
  zone: string;
  csrf: string;
  contactForm: { values: Values; errors: Errors };
}

export const CONTACT_FIELDS = ['name', 'role', 'channel', 'address'];

const STATE: Record<string, [string, 'ok' | 'warn' | 'bad' | 'plain']> = {
  active: ['Active', 'ok'],
  pending: ['Unconfirmed', 'warn'],
  unsubscribed: ['Unsubscribed', 'plain'],
  undeliverable: ['Bounced', 'bad'],
  disabled: ['Failing', 'bad'],
};

function facts(s: AccountScreen): Html {
  const a = s.view.account;
  const row = (label: string, value: Html | string | null) =>
    html`<div><dt>${label}</dt><dd>${value ?? html`<span class="chint">Not set</span>`}</dd></div>`;
  return html`<dl class="facts">
${row('Tier', capitalise(a.tier))}
${row('Criticality', criticalityPill(a.criticality))}
${row('Region', a.region)}
${row('Time zone', a.time_zone)}
${row('Customer ID', a.external_id)}
${row(
  'Account manager',
  a.manager
    ? html`<strong>${a.manager.name}</strong>${a.manager.phone && html`<br><a href="tel:${a.manager.phone}">${a.manager.phone}</a>`}${a.manager.email && html`<br><a href="mailto:${a.manager.email}">${a.manager.email}</a>`}`
    : null,
)}
${row('Monthly revenue', a.mrr == null ? null : a.mrr.toLocaleString('en-US'))}
${row('Tags', a.tags.length ? html`<span class="tag-row">${a.tags.map((t) => html`<span class="mini-tag">${t}</span>`)}</span>` : null)}
</dl>`;
}

function contacts(s: AccountScreen): Html {
  const list = s.view.contacts;
  return html`<section class="card-pad" aria-labelledby="contacts-title">
<div class="block-head"><h2 id="contacts-title">Contacts <span class="count">${list.length}</span></h2></div>
${
  list.length
    ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Table (scrolls sideways)"><table class="ctable"><thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Channel</th><th scope="col">Address</th><th scope="col">State</th></tr></thead>
<tbody>${list.map((c) => {
        const [label, tone] = STATE[c.state] ?? [c.state, 'plain'];
        return html`<tr><td>${c.name ?? html`<span class="chint">–</span>`}</td><td>${c.role ? capitalise(c.role) : html`<span class="chint">–</span>`}</td><td>${s.channelLabels[c.channel] ?? c.channel}</td><td class="addr">${c.channel === 'sms' ? html`<a href="tel:${c.address}">${c.address}</a>` : c.address}</td><td>${pill(label, tone)}</td></tr>`;
      })}</tbody></table></div>`
    : html`<p class="empty">No contacts yet: nobody at this customer will be told directly.</p>`
}
${contactForm(s)}
</section>`;
}

function contactForm(s: AccountScreen): Html {
  const { values, errors } = s.contactForm;
  const open = Object.keys(errors).length > 0 || s.view.contacts.length === 0;
  return html`<details class="more" id="add-contact" ${open && 'open'}>
<summary>Add a contact</summary>
${errorSummary(errors, { fields: CONTACT_FIELDS, idPrefix: 'c-', lead: 'Nothing was saved.' })}
${otherErrors(errors, CONTACT_FIELDS)}
<form class="cform" method="post" action="/console/accounts/${encodeURIComponent(s.view.account.id)}/contacts" novalidate>
${csrfField(s.csrf)}${onceField()}
<div class="grid-2">
${textField({ name: 'name', label: 'Name', values, errors, idPrefix: 'c-', placeholder: 'e.g. Sam Lee' })}
${selectField({ name: 'role', label: 'Role at the customer', values, errors, idPrefix: 'c-', options: CONTACT_ROLES.map((r) => ({ value: r, label: capitalise(r) })) })}
</div>
<div class="grid-2">
${selectField({ name: 'channel', label: 'Reach them by', values, errors, idPrefix: 'c-', options: s.contactChannels.map((c) => ({ value: c, label: s.channelLabels[c] ?? c })) })}
${textField({ name: 'address', label: 'Email address or phone number', help: 'Phone numbers with the country code, e.g. +44 20 7946 0000.', values, errors, idPrefix: 'c-' })}
</div>
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Add contact</button></div>
</form>
</details>`;
}

function footprint(s: AccountScreen): Html {
  const list = s.view.components;
  return html`<section class="card-pad" aria-labelledby="fp-title">
<div class="block-head"><h2 id="fp-title">Components they use</h2></div>
${
  list.length
    ? html`<ul class="side-list">${list.map((c) => html`<li><span>${c.name}</span></li>`)}</ul>`
    : html`<p class="empty">None listed: every incident counts as affecting them.</p>`
}
</section>`;
}

function history(s: AccountScreen): Html {
  const list = s.view.incidents;
  return html`<section class="card-pad" aria-labelledby="hist-title">
<div class="block-head"><h2 id="hist-title">Incidents that affected them</h2><span class="chint">Newest first</span></div>
${
  list.length
    ? html`<ul class="side-list history">${list.map(
        (
          i,
        ) => html`<li><span>${severityBadge(i.severity)} <a href="/console/incidents/${encodeURIComponent(i.id)}">${i.name}</a>${i.draft && html` ${pill('Draft', 'warn')}`}<br><small class="chint">${when(i.started_at, s.zone)} · ${i.components.join(', ')}</small></span>
${pill(INCIDENT_STATUS_LABEL[i.status as keyof typeof INCIDENT_STATUS_LABEL] ?? i.status, i.resolved_at ? 'ok' : 'bad')}</li>`,
      )}</ul>`
    : html`<p class="empty">No incident has touched their components.</p>`
}
</section>`;
}

export function accountBody(s: AccountScreen): Html {
  const a = s.view.account;
  return html`<p class="back"><a href="/console/accounts">← Accounts</a></p>
<section class="card-pad account-head">
${s.isKey && html`<div class="inc-title">${pill('Key account', 'info')}</div>`}
<h1>${a.name}</h1>
${facts(s)}
</section>
<div class="inc-grid">
<div>
${contacts(s)}
${history(s)}
</div>
<div>
${footprint(s)}
</div>
</div>`;
}
