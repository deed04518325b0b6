/**
 * The enquiries inbox (issue #11): what customers said, newest first, with filters, the
 * sentiment and flags, key accounts marked, and older pages by keyset ("Older →").
 */
import { ENQUIRY_CHANNELS, ENQUIRY_STATUSES, ENQUIRY_TEXT_MAX } from '../../domain/enquiry.js';
import { type Html, html } from '../../lib/html.js';
import type { Enquiry } from '../../store/queries/enquiries.js';
import { capitalise } from './accounts.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  onceField,
  otherErrors,
  pill,
  selectField,
  textField,
  type Values,
  when,
} from './parts.js';

export interface InboxFilter {
  status: string;
  channel: string;
  incident_id: string;
  before: string;
}

export interface InboxData {
  rows: Enquiry[];
  filter: InboxFilter;
  incidents: { id: string; name: string }[];
  nextBefore: string | null;
  zone: string;
  csrf: string;
  /** an admin: may connect the sources (others are told who can) */
  admin?: boolean;
  /** the "log a call" form: what was typed, and its errors */
  log: { values: Values; errors: Errors };
}

export const LOG_FIELDS = ['channel', 'from', 'subject', 'text'];

/** A phone call (or anything said outside Flare's sources) logged by hand. */
function logForm(d: InboxData): Html {
  const { values, errors } = d.log;
  return html`<section class="card-pad" id="log" aria-labelledby="log-title">
<h2 class="csection-title" id="log-title">Log a call</h2>
<p class="chint">A customer phoned, or said something somewhere Flare does not read: log it here, and it is matched, linked and scored like the rest.</p>
${errorSummary(errors, { fields: LOG_FIELDS, idPrefix: 'g-', lead: 'Nothing was saved.' })}
${otherErrors(errors, LOG_FIELDS)}
<form class="cform" method="post" action="/console/enquiries" novalidate>
${csrfField(d.csrf)}${onceField()}
<div class="grid-2">
${selectField({ name: 'channel', label: 'Channel', values, errors, idPrefix: 'g-', options: ENQUIRY_CHANNELS.map((c) => ({ value: c, label: channelLabel(c) })) })}
${textField({ name: 'from', label: 'Who', help: 'Their email address or phone number, so Flare finds the account.', values, errors, idPrefix: 'g-', maxlength: 320, required: true })}
</div>
${textField({ name: 'subject', label: 'Subject (optional)', values, errors, idPrefix: 'g-', maxlength: 500 })}
${textField({ name: 'text', label: 'What they said', values, errors, idPrefix: 'g-', multiline: true, maxlength: ENQUIRY_TEXT_MAX, required: true })}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Log it</button></div>
</form>
</section>`;
}

/** How a channel reads: "SMS", "Email", "Helpdesk". */
export const channelLabel = (c: string) => (c === 'sms' ? 'SMS' : capitalise(c));

export function sentimentPill(e: Pick<Enquiry, 'sentiment' | 'negative' | 'processed'>): Html {
  if (!e.processed || e.sentiment === null) return pill('Not scored yet', 'plain');
  const n = e.sentiment.toFixed(2);
  if (e.negative) return pill(`Negative ${n}`, 'bad');
  return e.sentiment > 0.05 ? pill(`Positive ${n}`, 'ok') : pill(`Neutral ${n}`, 'plain');
}

export function statusPill(status: string): Html {
  const tone =
    status === 'new'
      ? 'info'
      : status === 'escalated'
        ? 'warn'
        : status === 'answered'
          ? 'ok'
          : 'plain';
  return pill(capitalise(status), tone);
}

export function flagPills(e: Pick<Enquiry, 'flags' | 'key_account'>): Html {
  return html`${e.key_account && pill('Key account', 'info')} ${e.flags.map((f) => pill(f === 'anger' ? 'Angry' : 'Talks of leaving', 'bad'))}`;
}

const option = (value: string, label: string, current: string) =>
  html`<option value="${value}" ${current === value && 'selected'}>${label}</option>`;

export function inboxQuery(f: Partial<InboxFilter>): string {
  const q = new URLSearchParams();
  for (const k of ['status', 'channel', 'incident_id', 'before'] as const)
    if (f[k]) q.set(k, f[k] as string);
  const s = q.toString();
  return `/console/enquiries${s ? `?${s}` : ''}`;
}

function filters(d: InboxData): Html {
  const f = d.filter;
  const any = f.status || f.channel || f.incident_id;
  return html`<form class="filters enquiry-filters" method="get" action="/console/enquiries" role="search" aria-label="Filter enquiries">
<div class="cfield"><label class="clabel" for="f-status">Status</label><select id="f-status" name="status">${option('', 'Any status', f.status)}${ENQUIRY_STATUSES.map((s) => option(s, capitalise(s), f.status))}</select></div>
<div class="cfield"><label class="clabel" for="f-channel">Channel</label><select id="f-channel" name="channel">${option('', 'Any channel', f.channel)}${ENQUIRY_CHANNELS.map((c) => option(c, channelLabel(c), f.channel))}</select></div>
<div class="cfield"><label class="clabel" for="f-incident">Incident</label><select id="f-incident" name="incident_id">${option('', 'Any incident', f.incident_id)}${d.incidents.map((i) => option(i.id, i.name, f.incident_id))}</select></div>
<div class="filter-buttons"><button class="cbutton cbutton-primary" type="submit">Show</button>${any && html`<a class="cbutton cbutton-quiet" href="/console/enquiries">Clear</a>`}</div>
</form>`;
}

function excerpt(t: string, n = 140): string {
  const s = t.replace(/\s+/g, ' ').trim();
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function table(d: InboxData): Html {
  if (d.rows.length === 0)
    return html`<p class="empty">${d.filter.status || d.filter.channel || d.filter.incident_id || d.filter.before ? 'No enquiry matches these filters.' : html`No enquiries yet. Log a phone call with the form on this screen; messages from email, helpdesks, SMS and social media arrive here once they are connected on ${d.admin ? html`<a href="/console/sources">Enquiry sources</a>` : 'the Enquiry sources screen, by an admin'}.`}</p>`;
  const names = new Map(d.incidents.map((i) => [i.id, i.name]));
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Enquiries (scrolls sideways)"><table class="ctable enquiries-table"><thead><tr><th scope="col">From</th><th scope="col">What they said</th><th scope="col">Sentiment</th><th scope="col">Status</th><th scope="col">Incident</th><th scope="col">Received</th></tr></thead>
<tbody>${d.rows.map(
    (e) => html`<tr>
<td><a class="row-link" href="/console/enquiries/${encodeURIComponent(e.id)}">${e.account_name ?? e.from}</a>${e.account_name && html`<br><small class="chint">${e.from}</small>`}<br><small class="chint">${channelLabel(e.channel)}</small> ${flagPills(e)}</td>
<td>${e.subject && html`<strong>${excerpt(e.subject, 80)}</strong><br>`}${excerpt(e.text)}</td>
<td>${sentimentPill(e)}</td>
<td>${statusPill(e.status)}</td>
<td>${e.incident_id ? html`<a href="/console/incidents/${encodeURIComponent(e.incident_id)}">${names.get(e.incident_id) ?? 'An incident'}</a>` : html`<span class="chint">None</span>`}</td>
<td>${when(e.received_at, d.zone)}</td>
</tr>`,
  )}</tbody></table></div>`;
}

export function inboxBody(d: InboxData): Html {
  return html`<div class="block-head"><h1 class="ctitle">Enquiries</h1></div>
<p class="chint">What customers have said about your incidents, newest first. Key accounts and angry or leaving customers are flagged; open one to answer it.</p>
<section class="card-pad">
${filters(d)}
${table(d)}
<nav class="pager" aria-label="Pages">
${d.filter.before ? html`<a class="cbutton cbutton-quiet cbutton-sm" href="${inboxQuery({ ...d.filter, before: '' })}">← Newest</a>` : html`<span></span>`}
${d.nextBefore && html`<a class="cbutton cbutton-quiet cbutton-sm" href="${inboxQuery({ ...d.filter, before: d.nextBefore })}" rel="next">Older →</a>`}
</nav>
</section>
${logForm(d)}`;
}
