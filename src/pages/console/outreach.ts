/**
 * The outreach board of the incident screen: one task per key account, with who calls, by
 * when (overdue in red), the people to call and their numbers, the talking points, and a form
 * to record how the call went.
 */
import { type Html, html } from '../../lib/html.js';
import { capitalise } from './accounts.js';
import { csrfField, duration, pill, when } from './parts.js';

/** An outreach task as the board reads it (store/queries/outreach.ts OutreachTask). */
export interface BoardTask {
  id: string;
  account_id: string;
  account_name: string;
  assignee_name: string | null;
  assignee_role: string | null;
  status: string;
  due_at: string;
  completed_at: string | null;
  outcome: string | null;
  note: string | null;
  talking_points: { body: string; status: string | null };
  contacts: { name: string; role: string | null; email: string | null; phone: string | null }[];
}

export const OUTCOME_LABEL: Record<string, string> = {
  reached: 'Reached them',
  left_message: 'Left a message',
  no_answer: 'No answer',
};

function due(t: BoardTask, now: Date): Html {
  if (t.status === 'done')
    return pill(
      `✓ ${OUTCOME_LABEL[t.outcome ?? ''] ?? 'Done'}`,
      t.outcome === 'reached' ? 'ok' : 'warn',
    );
  const left = Date.parse(t.due_at) - now.getTime();
  return left <= 0
    ? html`<span class="due is-overdue">OVERDUE by ${duration(-left)}</span>`
    : html`<span class="due${left <= 5 * 60_000 ? ' is-soon' : ''}">Call within ${duration(Math.max(left, 60_000))}</span>`;
}

function task(t: BoardTask, incidentId: string, csrf: string, zone: string, now: Date): Html {
  const overdue = t.status !== 'done' && Date.parse(t.due_at) <= now.getTime();
  const who = t.assignee_name
    ? html`<strong>${t.assignee_name}</strong>${t.assignee_role && html` <small class="chint">(standing in as ${capitalise(t.assignee_role)})</small>`}`
    : html`<strong class="count-bad">Nobody assigned</strong>`;
  const action = `/console/incidents/${encodeURIComponent(incidentId)}/outreach/${encodeURIComponent(t.id)}`;
  return html`<li class="task${overdue ? ' is-overdue' : ''}${t.status === 'done' ? ' is-done' : ''}" id="task-${t.id}">
<div class="task-head"><h3><a href="/console/accounts/${encodeURIComponent(t.account_id)}">${t.account_name}</a></h3>${due(t, now)}</div>
<p class="task-meta">Calls: ${who} · due ${when(t.due_at, zone)}${t.status === 'escalated' && html` · ${pill('Escalated to the comms lead', 'bad')}`}</p>
${
  t.contacts.length
    ? html`<ul class="task-contacts">${t.contacts.map(
        (c) =>
          html`<li>${c.name}${c.role && html` <small class="chint">${capitalise(c.role)}</small>`}${c.phone && html` · <a href="tel:${c.phone}">${c.phone}</a>`}${c.email && html` · <a href="mailto:${c.email}">${c.email}</a>`}</li>`,
      )}</ul>`
    : html`<p class="task-meta">No contacts on file: <a href="/console/accounts/${encodeURIComponent(t.account_id)}#add-contact">add one</a>.</p>`
}
<details class="more"><summary>Talking points</summary><div class="task-points">${t.talking_points.body || 'Use the latest public update.'}</div></details>
${
  t.status === 'done'
    ? t.note && html`<p class="task-meta">Note: ${t.note}</p>`
    : html`<form class="cform" method="post" action="${action}">
${csrfField(csrf)}
<fieldset class="cfield"><legend class="clabel">How did the call go?</legend>
<div class="outcomes">${Object.entries(OUTCOME_LABEL).map(
        ([v, label], i) =>
          html`<label class="ccheck"><input type="radio" name="outcome" value="${v}" ${i === 0 && 'checked'}> ${label}</label>`,
      )}</div></fieldset>
<div class="inline-row"><label class="sr-only" for="note-${t.id}">Note</label><input id="note-${t.id}" type="text" name="note" maxlength="2000" placeholder="What was said or agreed (optional)"><button class="cbutton cbutton-ok" type="submit">Mark done<span class="sr-only"> for ${t.account_name}</span></button></div>
</form>`
}
</li>`;
}

export function outreachBoard(
  tasks: BoardTask[],
  o: { incidentId: string; csrf: string; zone: string; now: Date },
): Html | null {
  if (tasks.length === 0) return null;
  const open = tasks.filter((t) => t.status !== 'done');
  const late = open.filter((t) => Date.parse(t.due_at) <= o.now.getTime()).length;
  const ordered = [...open, ...tasks.filter((t) => t.status === 'done')];
  return html`<section class="card-pad" id="outreach" aria-labelledby="outreach-title">
<div class="block-head"><h2 id="outreach-title">Key-account calls <span class="count">${open.length} to do</span></h2>${late > 0 ? pill(`${late} overdue`, 'bad') : html`<span class="chint">${tasks.length - open.length} of ${tasks.length} done</span>`}</div>
<ol class="outreach-list">${ordered.map((t) => task(t, o.incidentId, o.csrf, o.zone, o.now))}</ol>
</section>`;
}
