/** The Subscribers screen: counts by channel, the newest (or a search by address), delete. */

import { type Html, html } from '../../lib/html.js';
import type { SubscriberCount } from '../../store/queries/consoleReads.js';
import type { Subscriber } from '../../store/queries/subscribers.js';
import { csrfField, pill, when } from './parts.js';

export interface SubscribersData {
  counts: SubscriberCount[];
  list: Subscriber[];
  q: string;
  zone: string;
  csrf: string;
  /** channel name → label, from the channel descriptors */
  channelLabels: Record<string, string>;
}

const STATE: Record<string, [string, 'ok' | 'warn' | 'bad' | 'plain']> = {
  active: ['Active', 'ok'],
  pending: ['Unconfirmed', 'warn'],
  unsubscribed: ['Unsubscribed', 'plain'],
  undeliverable: ['Bounced', 'bad'],
  disabled: ['Failing', 'bad'],
};

export function subscribersBody(d: SubscribersData): Html {
  const st = (s: string) => STATE[s] ?? [s, 'plain'];
  return html`<div class="page-title"><h1>Subscribers</h1></div>
<div class="stats stats-wide">${
    d.counts.length
      ? d.counts.map(
          (c) =>
            html`<div class="stat"><b>${c.active}</b><span>${d.channelLabels[c.channel] ?? c.channel}${c.pending ? ` · ${c.pending} unconfirmed` : ''}${c.paused ? ` · ${c.paused} paused` : ''}</span></div>`,
        )
      : html`<div class="stat"><b>0</b><span>subscribers</span></div>`
  }</div>
<section class="card-pad csection" aria-labelledby="list-title">
<form class="search" method="get" action="/console/subscribers" role="search">
<div class="cfield"><label class="clabel" for="f-q">Find by address</label><input id="f-q" type="search" name="q" value="${d.q}" placeholder="email, phone or URL"></div>
<button class="cbutton cbutton-primary" type="submit">Search</button>
${d.q && html`<a class="cbutton cbutton-quiet" href="/console/subscribers">Clear</a>`}
</form>
<div class="block-head list-head"><h2 id="list-title">${d.q ? `Matching “${d.q}”` : 'Newest subscribers'} <span class="count">${d.list.length}</span></h2></div>
${
  d.list.length
    ? html`<div class="table-scroll"><table class="ctable"><thead><tr><th scope="col">Address</th><th scope="col">Channel</th><th scope="col">State</th><th scope="col">Since</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
<tbody>${d.list.map((s) => {
        const [label, tone] = st(s.state);
        return html`<tr><td class="addr">${s.address}${s.audience === 'internal' && html` ${pill('Team', 'info')}`}</td><td>${d.channelLabels[s.channel] ?? s.channel}</td><td>${pill(label, tone)}</td><td>${when(s.created_at, d.zone)}</td>
<td class="n"><form method="post" action="/console/subscribers/${encodeURIComponent(s.id)}/delete" data-confirm="Delete this subscriber? They will get no more updates.">${csrfField(d.csrf)}<input type="hidden" name="q" value="${d.q}"><button class="cbutton cbutton-danger cbutton-sm" type="submit">Delete<span class="sr-only"> ${s.address}</span></button></form></td></tr>`;
      })}</tbody></table></div>`
    : html`<p class="empty">${d.q ? 'Nobody matches that address.' : 'Nobody has subscribed yet.'}</p>`
}
</section>`;
}
