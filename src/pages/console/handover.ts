/**
 * The console's handover screen (/console/incidents/:id/handover): the note form, prefilled with
 * the incident's state and what is still open on it, and the incident's handovers so far; and
 * the pending-handovers card on the incident screen, with an Accept button each.
 */
import { type Html, html } from '../../lib/html.js';
import type { Handover, HandoverBrief } from '../../store/queries/handovers.js';
import type { Incident } from '../../store/queries/models.js';
import { briefList } from '../handoverPage.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  onceField,
  pill,
  selectField,
  type Values,
  when,
} from './parts.js';

export const HANDOVER_LABELS: Record<string, string> = {
  role: 'Role',
  to_person_id: 'Who takes over',
  note: 'Handover note',
};

export interface HandoverScreen {
  incident: Incident;
  brief: HandoverBrief;
  handovers: Handover[];
  /** roles held on this incident: key, name and holder */
  roles: { key: string; name: string; holder: string }[];
  people: { id: string; name: string }[];
  values: Values;
  errors: Errors;
  csrf: string;
  zone: string;
}

const STATE: Record<Handover['state'], [string, 'ok' | 'warn' | 'plain']> = {
  pending: ['Waiting to be accepted', 'warn'],
  accepted: ['Accepted', 'ok'],
  superseded: ['Replaced', 'plain'],
};

function handoverItem(h: Handover, csrf: string, zone: string, names: Map<string, string>): Html {
  const [label, tone] = STATE[h.state];
  const escalated = h.escalated_at
    ? html`<small>Not accepted in time: escalated ${when(h.escalated_at, zone)}${h.escalated_to.length ? ` to ${h.escalated_to.map((id) => names.get(id) ?? id).join(', ')}` : ''}. ${h.from_name} keeps the role until someone accepts.</small>`
    : null;
  return html`<li class="handover-item"><div class="handover-head"><strong>${h.role_name}</strong>: ${h.from_name} → ${h.to_name} ${pill(label, tone)}</div>
<div class="handover-meta">${when(h.created_at, zone)}${h.accepted_at ? html` · accepted ${when(h.accepted_at, zone)}` : ''}</div>
<blockquote class="handover-note" dir="auto">${h.note}</blockquote>
${escalated}
${h.state === 'pending' && html`<div class="inline-row">${acceptButtons(h, csrf, names)}</div>`}</li>`;
}

function acceptButtons(h: Handover, csrf: string, names: Map<string, string>): Html {
  const who = [h.to_person_id, ...h.escalated_to.filter((id) => id !== h.to_person_id)];
  return html`${who.map(
    (personId) =>
      html`<form method="post" action="/console/handovers/${encodeURIComponent(h.id)}/ack">${csrfField(csrf)}<input type="hidden" name="person_id" value="${personId}"><button class="cbutton cbutton-quiet cbutton-sm" type="submit">Accept for ${names.get(personId) ?? personId}</button></form>`,
  )}`;
}

/** The incident screen's card: pending handovers first, and the way to write one. */
export function handoverCard(o: {
  incidentId: string;
  handovers: Handover[];
  people: { id: string; name: string }[];
  csrf: string;
  zone: string;
  closed: boolean;
}): Html | null {
  const pending = o.handovers.filter((h) => h.state === 'pending');
  if (pending.length === 0 && o.closed) return null;
  const names = new Map(o.people.map((p) => [p.id, p.name]));
  const id = encodeURIComponent(o.incidentId);
  return html`<section class="card-pad" aria-labelledby="handover-title" id="handovers">
<div class="block-head"><h2 id="handover-title">Handovers</h2><span class="chint">${pending.length ? `${pending.length} waiting` : 'Follow the sun'}</span></div>
${pending.length ? html`<ul class="handover-list">${pending.map((h) => handoverItem(h, o.csrf, o.zone, names))}</ul>` : html`<p class="empty">No handover is waiting.</p>`}
${!o.closed && html`<p><a class="cbutton cbutton-quiet cbutton-sm" href="/console/incidents/${id}/handover">Hand over a role</a></p>`}
</section>`;
}

export function handoverBody(s: HandoverScreen): Html {
  const id = encodeURIComponent(s.incident.id);
  const names = new Map(s.people.map((p) => [p.id, p.name]));
  const zoneWhen = (iso: string | null) =>
    iso ? when(iso, s.zone).value.replace(/<[^>]+>/g, '') : 'none promised';
  return html`<p class="back"><a href="/console/incidents/${id}">← ${s.incident.name}</a></p>
<section class="card-pad" aria-labelledby="ho-title">
<h1 id="ho-title" class="title-text">Hand over a role</h1>
<p class="chint">Your shift is ending: say what the next person needs to know. They are told with a link to accept; until someone does, the role stays with its holder. Everything goes into the incident room.</p>
${briefList(s.brief, zoneWhen)}
${errorSummary(s.errors, { fields: ['role', 'to_person_id', 'note'], lead: 'Nothing was handed over.' })}
<form class="cform" method="post" action="/console/incidents/${id}/handover">
${csrfField(s.csrf)}${onceField()}
${selectField({
  name: 'role',
  label: HANDOVER_LABELS.role,
  errors: s.errors,
  values: s.values,
  options: s.roles.map((r) => ({ value: r.key, label: `${r.name} (now ${r.holder})` })),
})}
${selectField({
  name: 'to_person_id',
  label: HANDOVER_LABELS.to_person_id,
  help: 'By default, the next person on shift in the role’s rotation (their own or their region’s hours cover now).',
  errors: s.errors,
  values: s.values,
  options: [
    { value: '', label: 'Next on shift in the rotation' },
    ...s.people.map((p) => ({ value: p.id, label: p.name })),
  ],
})}
<div class="cfield${s.errors.note ? ' has-error' : ''}"><label class="clabel" for="f-note">${HANDOVER_LABELS.note}</label>
<textarea id="f-note" name="note" rows="10" maxlength="10000"${s.errors.note ? html` aria-invalid="true" aria-describedby="note-error"` : ''}>${s.values.note ?? ''}</textarea>
${s.errors.note && html`<p class="field-error" id="note-error">${s.errors.note}</p>`}</div>
<button class="cbutton cbutton-primary" type="submit">Hand over</button>
</form>
</section>
<section class="card-pad" aria-labelledby="ho-list-title">
<div class="block-head"><h2 id="ho-list-title">Handovers on this incident</h2></div>
${s.handovers.length ? html`<ul class="handover-list">${[...s.handovers].reverse().map((h) => handoverItem(h, s.csrf, s.zone, names))}</ul>` : html`<p class="empty">None yet.</p>`}
</section>`;
}
