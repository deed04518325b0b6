/**
 * The Subscribers screen: counts by channel, the newest (or a search by address) with a way to
 * remove each after a confirmation page, and side cards to add one or import many
 * (subscriberForms.ts). An import's report goes above the list.
 */

import { type Html, html } from '../../lib/html.js';
import type { SubscriberCount } from '../../store/queries/consoleReads.js';
import type { Component } from '../../store/queries/models.js';
import type { Subscriber } from '../../store/queries/subscribers.js';
import { csrfField, pill, when } from './parts.js';
import {
  type AddState,
  addForm,
  type ImportState,
  importForm,
  importReport,
} from './subscriberForms.js';

export interface SubscribersData {
  counts: SubscriberCount[];
  /** the team's own subscriptions, listed below too but not counted with the public ones */
  team: number;
  list: Subscriber[];
  q: string;
  zone: string;
  csrf: string;
  /** channel name → label, from the channel descriptors, in their order */
  channelLabels: Record<string, string>;
  components: Component[];
  add: AddState;
  import: ImportState;
}

const STATE: Record<string, [string, 'ok' | 'warn' | 'bad' | 'plain']> = {
  active: ['Active', 'ok'],
  pending: ['Unconfirmed', 'warn'],
  unsubscribed: ['Unsubscribed', 'plain'],
  undeliverable: ['Bounced', 'bad'],
  disabled: ['Failing', 'bad'],
};

const st = (s: string) => STATE[s] ?? [s, 'plain'];

/** how many findSubscribers lists (its default) */
const LIST_LIMIT = 50;

function stats(d: SubscribersData): Html {
  const contacts = (c: SubscriberCount) =>
    c.contacts ? ` · ${c.contacts} of them account contact${c.contacts === 1 ? '' : 's'}` : '';
  return html`<div class="stats stats-wide">${
    d.counts.length
      ? d.counts.map(
          (c) =>
            html`<div class="stat"><b>${c.active.toLocaleString('en-GB')}</b><span>${d.channelLabels[c.channel] ?? c.channel}${contacts(c)}${c.pending ? ` · ${c.pending} unconfirmed` : ''}${c.paused ? ` · ${c.paused} paused` : ''}</span></div>`,
        )
      : html`<div class="stat"><b>0</b><span>subscribers</span></div>`
  }${d.team > 0 && html`<div class="stat"><b>${d.team.toLocaleString('en-GB')}</b><span>Team members, told of incidents they are called in for</span></div>`}</div>`;
}

function list(d: SubscribersData): Html {
  const back = d.q ? `?q=${encodeURIComponent(d.q)}` : '';
  return html`<section class="card-pad csection" aria-labelledby="list-title">
<form class="search" method="get" action="/console/subscribers" role="search">
<div class="cfield"><label class="clabel" for="f-q">Find by address</label><input id="f-q" type="search" name="q" value="${d.q}" maxlength="200" placeholder="email, phone or URL"></div>
<button class="cbutton cbutton-primary" type="submit">Search</button>
${d.q && html`<a class="cbutton cbutton-quiet" href="/console/subscribers">Clear</a>`}
</form>
<div class="block-head list-head"><h2 id="list-title">${d.q ? `Matching “${d.q}”` : 'Newest subscribers'} <span class="count">${d.list.length}</span></h2>${!d.q && html`<span class="chint">Every kind, the team’s included; the newest ${LIST_LIMIT} at most</span>`}</div>
${
  d.list.length
    ? html`<div class="table-scroll"><table class="ctable subs-table"><thead><tr><th scope="col">Address</th><th scope="col">Channel</th><th scope="col">State</th><th scope="col">Since</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
<tbody>${d.list.map((s) => {
        const [label, tone] = st(s.state);
        return html`<tr><td class="addr">${s.address}${s.audience === 'internal' && html` ${pill('Team', 'info')}`}</td><td>${d.channelLabels[s.channel] ?? s.channel}</td><td>${pill(label, tone)}</td><td>${when(s.created_at, d.zone)}</td>
<td class="n"><a class="cbutton cbutton-danger cbutton-sm" href="/console/subscribers/${encodeURIComponent(s.id)}/delete${back}">Remove…<span class="sr-only"> ${s.address}</span></a></td></tr>`;
      })}</tbody></table></div>`
    : html`<p class="empty">${d.q ? 'Nobody matches that address.' : 'Nobody has subscribed yet. Add someone, or import a list from a CSV file.'}</p>`
}
</section>`;
}

export function subscribersBody(d: SubscribersData): Html {
  const channels = Object.entries(d.channelLabels).map(([value, label]) => ({ value, label }));
  return html`<div class="page-title"><h1>Subscribers</h1><p class="chint">People and systems that get your status updates by email, SMS, webhook or chat. They subscribe on the status page, or you add them here.</p></div>
${stats(d)}
${d.import.report && importReport(d.import.report)}
<div class="dash-grid subs-grid">
<div class="dash-main">${list(d)}</div>
<div class="dash-side">
${addForm({ state: d.add, channels, components: d.components, csrf: d.csrf })}
${importForm({ state: d.import, csrf: d.csrf })}
</div>
</div>`;
}

/** The page that asks before removing a subscriber, saying what removing does. */
export function confirmRemoveBody(o: {
  subscriber: Subscriber;
  channel: string;
  q: string;
  zone: string;
  csrf: string;
}): Html {
  const s = o.subscriber;
  const back = `/console/subscribers${o.q ? `?q=${encodeURIComponent(o.q)}` : ''}`;
  return html`<section class="card-pad notice-card confirm-card">
<h1>Remove <bdi class="addr">${s.address}</bdi>?</h1>
<p>This ${o.channel} subscriber (${st(s.state)[0].toLowerCase()}, since ${when(s.created_at, o.zone)}) gets no more updates, and is not told. What was already sent to them stays on record. They can subscribe again on the status page.</p>
<form method="post" action="/console/subscribers/${encodeURIComponent(s.id)}/delete" class="notice-actions">
${csrfField(o.csrf)}<input type="hidden" name="confirm" value="yes"><input type="hidden" name="q" value="${o.q}">
<button class="cbutton cbutton-danger" type="submit">Yes, remove them</button>
<a class="cbutton cbutton-quiet" href="${back}">No, keep them</a>
</form>
</section>`;
}
