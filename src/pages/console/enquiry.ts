/**
 * One enquiry (issue #11): what the customer said, who they are, the replies, and three plain
 * forms: reply (an FAQ answer or free text), change the status, relink to another incident.
 */
import { ENQUIRY_REPLY_MAX, ENQUIRY_STATUSES } from '../../domain/enquiry.js';
import type { FaqAnswer } from '../../domain/enquiryAnswers.js';
import { type Html, html } from '../../lib/html.js';
import type { Enquiry, EnquiryReply } from '../../store/queries/enquiries.js';
import { capitalise } from './accounts.js';
import { channelLabel, flagPills, sentimentPill, statusPill } from './enquiries.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  onceField,
  otherErrors,
  selectField,
  textField,
  type Values,
  when,
} from './parts.js';

export interface EnquiryScreen {
  enquiry: Enquiry;
  replies: EnquiryReply[];
  incidents: { id: string; name: string }[];
  faq: (FaqAnswer & { filled: string })[];
  csrf: string;
  zone: string;
  form: { values: Values; errors: Errors };
}

const REPLY_STATE: Record<string, string> = {
  pending: 'Sending by email…',
  sent: 'Sent by email',
  failed: 'Could not be sent',
  manual: 'Answered by hand',
};

function replies(d: EnquiryScreen): Html {
  if (d.replies.length === 0) return html`<p class="empty">No reply yet.</p>`;
  return html`<ol class="enquiry-replies">${d.replies.map(
    (r) =>
      html`<li><p class="chint">${when(r.created_at, d.zone)} · ${r.author} · ${REPLY_STATE[r.state] ?? r.state}${r.last_error && html` (${r.last_error})`}</p><p class="enquiry-text">${r.body}</p></li>`,
  )}</ol>`;
}

function replyForm(d: EnquiryScreen): Html {
  const e = d.enquiry;
  const { values, errors } = d.form;
  const how =
    e.channel === 'email'
      ? `It is emailed to ${e.from}${e.message_id ? ', in the same thread' : ''}.`
      : `Flare cannot answer on ${e.channel} itself: answer them there, then record what you said here.`;
  return html`<section class="card-pad" id="reply" aria-labelledby="reply-title">
<h2 class="csection-title" id="reply-title">Reply</h2>
${errorSummary(errors, { fields: ['faq', 'body'], idPrefix: 'r-' })}
${otherErrors(errors, ['faq', 'body'])}
<p class="chint">${how}</p>
<form class="cform" method="post" action="/console/enquiries/${encodeURIComponent(e.id)}/reply" novalidate>
${csrfField(d.csrf)}${onceField()}
${selectField({ name: 'faq', label: 'Approved answer', help: 'Sent as it reads below, unless you write your own answer.', values, errors, idPrefix: 'r-', options: [{ value: '', label: 'None: I will write my own' }, ...d.faq.map((f) => ({ value: f.key, label: f.q }))] })}
${textField({ name: 'body', label: 'Your answer', values, errors, idPrefix: 'r-', multiline: true, maxlength: ENQUIRY_REPLY_MAX })}
<details class="faq-answers"><summary>What the approved answers say</summary><dl>${d.faq.map((f) => html`<dt>${f.q}</dt><dd>${f.filled}</dd>`)}</dl></details>
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">${e.channel === 'email' ? 'Send reply' : 'Record the answer'}</button></div>
</form>
</section>`;
}

function manage(d: EnquiryScreen): Html {
  const e = d.enquiry;
  const url = `/console/enquiries/${encodeURIComponent(e.id)}`;
  return html`<section class="card-pad" aria-labelledby="manage-title">
<h2 class="csection-title" id="manage-title">Status and incident</h2>
<form class="cform inline-form" method="post" action="${url}">
${csrfField(d.csrf)}
${selectField({ name: 'status', label: 'Status', values: { status: e.status }, errors: d.form.errors, idPrefix: 's-', options: ENQUIRY_STATUSES.map((s) => ({ value: s, label: capitalise(s) })) })}
<button class="cbutton cbutton-quiet" type="submit">Change status</button>
</form>
<form class="cform inline-form" method="post" action="${url}">
${csrfField(d.csrf)}
${selectField({ name: 'incident_id', label: 'About incident', values: { incident_id: e.incident_id ?? '' }, errors: d.form.errors, idPrefix: 'l-', options: [{ value: '', label: 'No incident' }, ...d.incidents.map((i) => ({ value: i.id, label: i.name }))] })}
<button class="cbutton cbutton-quiet" type="submit">Relink</button>
</form>
</section>`;
}

export function enquiryBody(d: EnquiryScreen): Html {
  const e = d.enquiry;
  const incident = d.incidents.find((i) => i.id === e.incident_id);
  const first = e.first_response_seconds;
  return html`<p class="back"><a href="/console/enquiries">← Enquiries</a></p>
<div class="block-head"><h1 class="ctitle">${e.subject ?? `Enquiry from ${e.account_name ?? e.from}`}</h1></div>
<div class="inc-grid">
<div>
<section class="card-pad" aria-label="The enquiry">
<p>${statusPill(e.status)} ${sentimentPill(e)} ${flagPills(e)}${e.escalation && html` <span class="chint">Escalated: ${e.escalation === 'key_account' ? 'key account' : 'negative, from a critical account'}</span>`}</p>
<dl class="facts facts-pairs">
<dt>From</dt><dd>${e.from}${e.account_id ? html` · <a href="/console/accounts/${encodeURIComponent(e.account_id)}">${e.account_name ?? 'account'}</a>` : html` <span class="chint">(no matching account)</span>`}</dd>
<dt>Channel</dt><dd>${channelLabel(e.channel)}${e.source !== 'api' && html` <span class="chint">via ${e.source}</span>`}</dd>
<dt>Received</dt><dd>${when(e.received_at, d.zone)}</dd>
<dt>Incident</dt><dd>${incident ? html`<a href="/console/incidents/${encodeURIComponent(incident.id)}">${incident.name}</a>` : e.incident_id ? e.incident_id : html`<span class="chint">None</span>`}</dd>
<dt>First response</dt><dd>${first === null ? html`<span class="chint">Not answered yet</span>` : first < 60 ? `${first} s` : `${Math.round(first / 60)} min`}</dd>
</dl>
${!e.processed && html`<p class="form-alert" role="status">Not matched or scored yet${e.last_error ? html`: ${e.last_error}` : ''}. Flare retries on its own; nothing is lost.</p>`}
<p class="enquiry-text">${e.text}</p>
</section>
<section class="card-pad" aria-labelledby="replies-title"><h2 class="csection-title" id="replies-title">Replies</h2>${replies(d)}</section>
</div>
<div>
${replyForm(d)}
${manage(d)}
</div>
</div>`;
}
