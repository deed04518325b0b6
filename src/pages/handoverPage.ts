/**
 * The pages a team member reaches from the signed links of follow the sun: the shift-end prompt
 * (write the handover note, prefilled with the incident's state) and the handover notice
 * (accept the role). Never public or cached; a GET never acts.
 */
import { type Html, html } from '../lib/html.js';
import type { Handover, HandoverBrief } from '../store/queries/handovers.js';
import type { Page } from '../store/queries/models.js';
import { noticePage, type Tone } from './subscriptionPages.js';

const when = (iso: string | null) =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'none promised';

/** The incident's state and what is still open on it, as a handover starts from. */
export function briefList(b: HandoverBrief, w: (iso: string | null) => string = when): Html {
  const list = <T>(items: T[], each: (t: T) => Html | string) =>
    items.length ? html`<ul>${items.map((i) => html`<li>${each(i)}</li>`)}</ul>` : null;
  return html`<dl class="handover-brief">
<dt>State</dt><dd>${b.incident.status}${b.incident.severity ? ` (${b.incident.severity})` : ''}, impact ${b.incident.impact}</dd>
<dt>Next promised update</dt><dd>${w(b.next_update_at)}</dd>
<dt>Pending approvals</dt><dd>${b.pending_approvals.length}${list(b.pending_approvals, (a) => `requested by ${a.requested_by}, expires ${w(a.expires_at)}`)}</dd>
<dt>Open outreach tasks</dt><dd>${b.open_outreach.length}${list(b.open_outreach, (o) => `${o.account}, due ${w(o.due_at)}`)}</dd>
<dt>Open enquiries</dt><dd>${b.open_enquiries.length}${list(b.open_enquiries, (e) => `${e.subject ?? '(no subject)'} from ${e.sender}`)}</dd>
</dl>`;
}

export interface NoteView {
  person_name: string;
  role_name: string;
  brief: HandoverBrief;
  note: string;
  error?: string;
}

export function handoverNotePage(page: Page, v: NoteView, action: string): string {
  return noticePage(page, {
    path: '/team/handover',
    title: `Hand over ${v.role_name}`,
    tone: 'info',
    body: html`<p>${v.person_name}, your shift is ending while you are <strong>${v.role_name}</strong> for <strong>${v.brief.incident.name}</strong>. Write what the next person on shift needs to know; the role stays yours until they accept.</p>
${briefList(v.brief)}
<form class="form" method="post" action="${action}" id="handover-form">
<div class="field${v.error ? ' has-error' : ''}"><label class="label" for="f-note">Handover note</label>
<textarea id="f-note" name="note" rows="9" maxlength="10000" required${v.error ? html` aria-invalid="true" aria-describedby="f-note-error"` : ''}>${v.note}</textarea>
${v.error && html`<p class="field-error" id="f-note-error">${v.error}</p>`}</div>
</form>`,
    actions: html`<button class="button button-lg" type="submit" form="handover-form">Hand over</button>`,
  });
}

export function handoverSentPage(page: Page, to_name: string, role_name: string): string {
  return noticePage(page, {
    path: '/team/handover',
    title: 'Handover sent',
    tone: 'ok',
    body: html`<p>${to_name} has been asked to take <strong>${role_name}</strong>. The role stays yours until they accept; the incident room has your note.</p>`,
  });
}

export function handoverAskPage(
  page: Page,
  h: Handover,
  personName: string,
  action: string,
): string {
  if (h.state === 'accepted') return handoverTakenPage(page, h);
  return noticePage(page, {
    path: '/team/handovers',
    title: `Take over ${h.role_name}?`,
    tone: 'info',
    body: html`<p>${personName}, ${h.from_name} is handing over <strong>${h.role_name}</strong> at the end of their shift. Their note:</p>
<blockquote class="handover-note">${h.note}</blockquote>
<p>Accept to take the role. Until someone does, ${h.from_name} keeps it.</p>`,
    actions: html`<form method="post" action="${action}"><button class="button button-lg" type="submit">Accept the handover</button></form>`,
  });
}

export function handoverTakenPage(page: Page, h: Handover): string {
  const name = h.accepted_by === h.to_person_id ? h.to_name : 'You';
  return noticePage(page, {
    path: '/team/handovers',
    title: 'Handover accepted',
    tone: 'ok',
    body: html`<p>${name} ${name === 'You' ? 'are' : 'is'} now <strong>${h.role_name}</strong>${h.accepted_at ? ` (since ${when(h.accepted_at)})` : ''}.</p>`,
  });
}

const ERRORS: Record<number, { title: string; text: string; tone: Tone }> = {
  403: {
    title: 'This link does not work',
    text: 'It may be incomplete (some email apps cut long links) or it was changed. Open it again from the notice you were sent.',
    tone: 'error',
  },
  404: {
    title: 'Not found',
    text: 'This incident or handover is not there any more.',
    tone: 'warn',
  },
  409: {
    title: 'Things changed',
    text: 'The role changed hands, the incident closed, or someone else accepted first. There is nothing to do here.',
    tone: 'warn',
  },
  500: {
    title: 'Something went wrong',
    text: 'That did not work on our side, and it has been logged. Please try again in a moment.',
    tone: 'error',
  },
};

export function handoverErrorPage(page: Page, status: number): string {
  const e = ERRORS[status] ?? ERRORS[500];
  return noticePage(page, {
    path: '/team/handover',
    title: e.title,
    tone: e.tone,
    body: html`<p>${e.text}</p>`,
  });
}
