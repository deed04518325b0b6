/**
 * The debrief's action items on its console screen (issue #14): each with its owner, due time,
 * an overdue badge, and a button to mark it done; a plain form adds one. No script needed: the
 * forms post with the CSRF token and a one-time token, as the Apply suggestion form does.
 */
import { isOverdue } from '../../domain/debriefActions.js';
import { fmtDateTime } from '../../lib/format.js';
import { type Html, html } from '../../lib/html.js';
import type { DebriefAction } from '../../store/queries/debriefActions.js';
import type { Flash } from './layout.js';
import { csrfField, onceField, otherErrors, pill, selectField, textField } from './parts.js';

export interface ActionItemsView {
  incidentId: string;
  items: readonly DebriefAction[];
  people: readonly { id: string; name: string }[];
  /** the debrief's suggestions, which an item may come from */
  suggestions: readonly { id: string; text: string }[];
  zone: string;
  now: Date;
  csrf: string;
  /** a write token: may add items and mark them done */
  canWrite: boolean;
  /** the add form's values and errors after a rejected submit */
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

function item(a: DebriefAction, v: ActionItemsView): Html {
  const overdue = isOverdue(a, v.now);
  const state =
    a.status === 'done'
      ? pill('Done', 'ok')
      : overdue
        ? pill('Overdue', 'bad')
        : pill('Open', 'plain');
  return html`<li class="action-item">
<p>${state} <strong>${a.text}</strong></p>
<p class="chint">Owner: ${a.owner_name ?? a.owner_id}${a.suggestion_id ? ` · from suggestion ${a.suggestion_id}` : ''} · due ${fmtDateTime(a.due_at, v.zone)}${a.status === 'done' && a.done_at ? ` · done ${fmtDateTime(a.done_at, v.zone)} by ${a.done_by ?? 'someone'}` : ''}</p>
${a.note && html`<p class="chint">Note: ${a.note}</p>`}
${
  v.canWrite &&
  a.status === 'open' &&
  html`<form method="post" action="/console/debrief/actions/${encodeURIComponent(a.id)}/done">${csrfField(v.csrf)}${onceField()}<button class="cbutton cbutton-quiet cbutton-sm" type="submit">Mark done<span class="sr-only">: ${a.text}</span></button></form>`
}
</li>`;
}

export function actionItemsSection(v: ActionItemsView): Html {
  const id = encodeURIComponent(v.incidentId);
  const open = v.items.filter((a) => a.status === 'open');
  const overdue = open.filter((a) => isOverdue(a, v.now)).length;
  const values = v.values ?? {};
  const errors = v.errors ?? {};
  const known = ['text', 'owner_id', 'due_at', 'note', 'suggestion_id'];
  return html`<section class="card-pad" id="action-items" aria-labelledby="da-title"><h2 class="csection-title" id="da-title">Action items</h2>
<p class="chint">${v.items.length ? `${open.length} open${overdue ? `, ${overdue} overdue` : ''}, ${v.items.length - open.length} done.` : 'None yet.'} The owner is told on their internal channels when an item is theirs, and once when it is overdue.</p>
${v.items.length ? html`<ul class="action-items">${v.items.map((a) => item(a, v))}</ul>` : null}
${
  v.canWrite
    ? v.people.length
      ? html`<h3 class="csection-title">Add an action item</h3>
<form method="post" action="/console/incidents/${id}/debrief/actions" class="cform" novalidate>
${csrfField(v.csrf)}${onceField()}
${otherErrors(errors, known)}
${textField({ name: 'text', label: 'What is to be done', values, errors, required: true, maxlength: 2000, idPrefix: 'da-' })}
${selectField({ name: 'owner_id', label: 'Owner', values, errors, idPrefix: 'da-', options: [{ value: '', label: 'Choose a person' }, ...v.people.map((p) => ({ value: p.id, label: p.name }))] })}
${textField({ name: 'due_at', label: 'Due', help: `Date and time in ${v.zone.replace(/^Etc\//, '')}.`, type: 'datetime-local', values, errors, required: true, idPrefix: 'da-' })}
${v.suggestions.length ? selectField({ name: 'suggestion_id', label: 'From a suggestion (optional)', values, errors, idPrefix: 'da-', options: [{ value: '', label: 'None' }, ...v.suggestions.map((s) => ({ value: s.id, label: s.text.length > 90 ? `${s.text.slice(0, 89)}…` : s.text }))] }) : null}
${textField({ name: 'note', label: 'Note (optional)', values, errors, maxlength: 2000, idPrefix: 'da-' })}
<button class="cbutton cbutton-primary" type="submit">Add the action item</button>
</form>`
      : html`<p class="chint">Add people to the team (Set up → Team) to give action items owners.</p>`
    : html`<p class="chint">A write token can add action items and mark them done.</p>`
}
</section>`;
}

/** The message after an action item was added or marked done (?done=…), else null. */
export function actionFlash(done: unknown): Flash | null {
  if (done === 'action-added')
    return { tone: 'ok', text: 'Action item added: its owner has been told.' };
  if (done === 'action-done') return { tone: 'ok', text: 'Action item marked done.' };
  return null;
}
