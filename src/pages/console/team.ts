/**
 * The Team screen: roles with their on-call rotations (who is called first, inside which hours
 * and time zone), the people, and forms to add a person, add a role and set the
 * acknowledgement time-outs. Each role edits its rotation, and a custom role its name, in place.
 */

import { type Html, html } from '../../lib/html.js';
import type { Person, Role, Severity } from '../../store/queries/team.js';
import { csrfField, type Errors, onceField, pill, textField, type Values } from './parts.js';
import { errorLinks, PERSON_LABELS, type PersonFormState, personFields } from './teamForms.js';

export interface RoleEdit {
  key: string;
  values: Values;
  errors: Errors;
  /** the rotation form's person ids, in order (blank slots kept) */
  slots?: string[];
}

export interface TeamData {
  people: Person[];
  roles: Role[];
  severities: Severity[];
  /** role keys → the person on call now */
  onCall: Map<string, string>;
  csrf: string;
  /** false: the session's token may read the plan but not change it */
  canEdit: boolean;
  person: PersonFormState;
  role: { values: Values; errors: Errors };
  /** the role whose form came back with errors */
  edit: RoleEdit | null;
  ack: { values: Values; errors: Errors };
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

export function hoursText(p: Person): string {
  return `${p.working_hours && p.working_hours !== '24/7' ? p.working_hours : 'Any time'} (${p.time_zone === 'Etc/UTC' ? 'UTC' : p.time_zone})`;
}

function contact(p: Person): Html {
  const bits = [
    p.email && html`<a href="mailto:${p.email}">${p.email}</a>`,
    p.phone,
    p.slack && `Slack ${p.slack.startsWith('http') ? '(webhook)' : p.slack}`,
    p.teams && `Teams ${p.teams.startsWith('http') ? '(webhook)' : p.teams}`,
  ].filter(Boolean);
  return bits.length
    ? html`${bits.map((b, i) => [i > 0 && ' · ', b])}`
    : html`<span class="chint">No way to reach them yet</span>`;
}

function rotationForm(r: Role, d: TeamData): Html {
  const mine = d.edit?.key === r.key && d.edit.slots ? d.edit : null;
  const chosen = mine?.slots ?? r.rotation.map((p) => p.id);
  const count = Math.min(d.people.length, Math.max(chosen.length + 1, 3));
  const slots = Array.from({ length: count }, (_, i) => chosen[i] ?? '');
  const err = mine?.errors.rotation;
  const id = `rot-${r.key}`;
  return html`<details class="more" ${mine && 'open'}><summary>Change who is on call</summary>
<form method="post" action="/console/team/roles/${r.key}/rotation" class="rotation-form">${csrfField(d.csrf)}
<p class="chint">Flare calls the first person who is inside their working hours, then the next. Leave a line empty to shorten the list.</p>
${err && html`<p class="field-error" id="${id}-error" role="alert">${err}</p>`}
<ol class="slots">${slots.map(
    (v, i) =>
      html`<li><label class="sr-only" for="f-${id}-${i}">${`${r.name}: called ${ORDINALS[i] ?? `number ${i + 1}`}`}</label><select id="f-${id}-${i}" name="slot"><option value="">(nobody)</option>${d.people.map((p) => html`<option value="${p.id}" ${p.id === v && 'selected'}>${p.name} · ${hoursText(p)}</option>`)}</select></li>`,
  )}</ol>
<div class="form-end"><button class="cbutton cbutton-primary cbutton-sm" type="submit">Save the rotation</button></div>
</form></details>`;
}

function roleEditForm(r: Role, d: TeamData): Html {
  const mine = d.edit?.key === r.key && !d.edit.slots ? d.edit : null;
  const values = mine?.values ?? { name: r.name, description: r.description };
  const errors = mine?.errors ?? {};
  const p = `r-${r.key}-`;
  return html`<details class="more" ${mine && 'open'}><summary>Rename or delete this role</summary>
${errorLinks(errors, { name: 'Name', description: 'What they do' }, p)}
<form method="post" action="/console/team/roles/${r.key}" novalidate>${csrfField(d.csrf)}
${textField({ name: 'name', label: 'Name', values, errors, idPrefix: p, required: true })}
${textField({ name: 'description', label: 'What they do', values, errors, idPrefix: p })}
<div class="form-end"><a class="cbutton cbutton-danger cbutton-sm" href="/console/team/roles/${r.key}/delete">Delete role…</a><button class="cbutton cbutton-primary cbutton-sm" type="submit">Save</button></div>
</form></details>`;
}

function roleCard(r: Role, d: TeamData): Html {
  const now = d.onCall.get(r.key);
  return html`<article class="role-card" id="role-${r.key}">
<div class="role-head"><h3>${r.name}</h3>${now ? pill(`On call now: ${now}`, 'ok') : pill('Nobody on call', 'bad')}</div>
${r.description && html`<p class="chint">${r.description}</p>`}
${
  r.rotation.length
    ? html`<ol class="rota">${r.rotation.map((p) => html`<li><strong>${p.name}</strong> <span class="chint">${hoursText(p)}</span></li>`)}</ol>`
    : html`<p class="empty">Nobody in the rotation.</p>`
}
${d.canEdit && (d.people.length ? rotationForm(r, d) : html`<p class="chint">Add people first, then put them on call here.</p>`)}
${d.canEdit && !r.builtin && roleEditForm(r, d)}
${r.builtin && d.edit?.key === r.key && !d.edit.slots && html`<div class="form-alert" role="alert">${Object.values(d.edit.errors).join(' ')}</div>`}
</article>`;
}

function peopleTable(d: TeamData): Html {
  if (!d.people.length)
    return html`<p class="empty">Nobody yet. Add the people who respond to incidents with the form on the right.</p>`;
  return html`<div class="table-scroll"><table class="ctable"><thead><tr><th scope="col">Name</th><th scope="col">Reached by</th><th scope="col">Can be called</th>${d.canEdit && html`<th scope="col"><span class="sr-only">Actions</span></th>`}</tr></thead>
<tbody>${d.people.map(
    (p) =>
      html`<tr><td><strong>${p.name}</strong></td><td>${contact(p)}</td><td>${hoursText(p)}</td>${d.canEdit && html`<td class="row-actions"><a href="/console/team/people/${encodeURIComponent(p.id)}">Edit<span class="sr-only"> ${p.name}</span></a></td>`}</tr>`,
  )}</tbody></table></div>`;
}

function addPerson(d: TeamData): Html {
  return html`<section class="card-pad" id="add-person" aria-labelledby="add-person-title">
<h2 class="csection-title" id="add-person-title">Add a person</h2>
<p class="chint">Their email, phone and chat webhooks receive the team's internal notices.</p>
${errorLinks(d.person.errors, PERSON_LABELS, 'p-')}
<form method="post" action="/console/team/people" novalidate>${csrfField(d.csrf)}${onceField()}
${personFields(d.person, 'p-')}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Add person</button></div>
</form></section>`;
}

function addRole(d: TeamData): Html {
  const { values, errors } = d.role;
  return html`<section class="card-pad" id="add-role" aria-labelledby="add-role-title">
<h2 class="csection-title" id="add-role-title">Add a role</h2>
${errorLinks(errors, { name: 'Name', description: 'What they do' }, 'nr-')}
<form method="post" action="/console/team/roles" novalidate>${csrfField(d.csrf)}
${textField({ name: 'name', label: 'Name', values, errors, idPrefix: 'nr-', required: true, placeholder: 'e.g. Security lead' })}
${textField({ name: 'description', label: 'What they do (optional)', values, errors, idPrefix: 'nr-' })}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Add role</button></div>
</form></section>`;
}

function ackForm(d: TeamData): Html {
  const { values, errors } = d.ack;
  return html`<section class="card-pad" id="ack" aria-labelledby="ack-title">
<h2 class="csection-title" id="ack-title">Acknowledgement time-outs</h2>
<p class="chint">When someone is called in and does not acknowledge in time, Flare calls the next person in the rotation.</p>
${errorLinks(errors, Object.fromEntries(d.severities.map((s) => [`ack_${s.key}`, s.key])))}
<form method="post" action="/console/team/ack" novalidate>${csrfField(d.csrf)}
${d.severities.map((s) => {
  const k = `ack_${s.key}`;
  return html`<div class="cfield${errors[k] ? ' has-error' : ''}"><label class="clabel" for="f-${k}">${s.key} · ${s.name}</label>
<div class="with-unit"><input id="f-${k}" name="${k}" type="number" min="1" max="120" step="1" value="${values[k] ?? String(s.settings.ackTimeoutMinutes)}"><span>minutes</span></div>
${errors[k] && html`<p class="field-error">${errors[k]}</p>`}</div>`;
})}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Save time-outs</button></div>
</form></section>`;
}

export function teamBody(d: TeamData): Html {
  return html`<div class="page-title"><h1>Team</h1><p class="chint">Who is called in, in what order, and when. Severities decide which roles an incident calls: <a href="/console/severities">Severities</a>.</p></div>
${!d.canEdit && html`<p class="approval-note">You are signed in with a token that can read the plan but not change it. To edit the team, sign in with an admin token.</p>`}
<div class="dash-grid">
<div class="dash-main">
<section class="card-pad" aria-labelledby="roles-title">
<div class="block-head"><h2 id="roles-title">Roles and who is on call</h2></div>
<div class="team-roles">${d.roles.map((r) => roleCard(r, d))}</div>
</section>
<section class="card-pad" aria-labelledby="people-title">
<div class="block-head"><h2 id="people-title">People <span class="count">${d.people.length}</span></h2></div>
${peopleTable(d)}
</section>
</div>
<div class="dash-side">
${d.canEdit && [addPerson(d), addRole(d), d.severities.length > 0 && ackForm(d)]}
</div>
</div>`;
}
