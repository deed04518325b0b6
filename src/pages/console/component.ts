/**
 * One component (or group): set its status, with or without telling subscribers; edit its
 * name, description, group and how the page shows it; and delete it, after a confirm page.
 */
import { COMPONENT_STATUS_LABEL } from '../../domain/status.js';
import { COMPONENT_STATUSES } from '../../domain/types.js';
import { type Html, html } from '../../lib/html.js';
import type { Component } from '../../store/queries/models.js';
import { checkbox, groupOptions, statusPill } from './components.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  otherErrors,
  selectField,
  textField,
  type Values,
} from './parts.js';

export const EDIT_FIELDS = ['name', 'description', 'group_id', 'showcase', 'only_show_if_degraded'];

export interface ComponentScreen {
  component: Component;
  /** every component, for the group choice and a group's members */
  all: Component[];
  csrf: string;
  edit: { values: Values; errors: Errors };
  statusErrors: Errors;
}

export function editValues(c: Component): Values {
  return {
    name: c.name,
    description: c.description ?? '',
    group_id: c.group_id ?? '',
    showcase: c.showcase ? 'true' : '',
    only_show_if_degraded: c.only_show_if_degraded ? 'true' : '',
  };
}

const path = (c: Component) => `/console/components/${encodeURIComponent(c.id)}`;

function statusForm(s: ComponentScreen): Html {
  const c = s.component;
  if (c.group) {
    const members = s.all.filter((k) => k.group_id === c.id);
    return html`<section class="card-pad" aria-labelledby="status-title">
<h2 class="csection-title" id="status-title">Status</h2>
<p>A group shows the worst status of its components.</p>
${members.length ? html`<ul class="side-list">${members.map((m) => html`<li><a href="${path(m)}">${m.name}</a> ${statusPill(m.status)}</li>`)}</ul>` : html`<p class="empty">No components in this group yet.</p>`}
</section>`;
  }
  return html`<section class="card-pad" aria-labelledby="status-title">
<h2 class="csection-title" id="status-title">Set the status</h2>
<p class="chint">Now: ${statusPill(c.status)}. An open incident or maintenance can hold it at a worse status until it ends.</p>
${otherErrors(s.statusErrors, [])}
<form class="cform" method="post" action="${path(c)}/status">
${csrfField(s.csrf)}
<fieldset class="cfield"><legend class="clabel">New status</legend>
<div class="status-choices">${COMPONENT_STATUSES.map((st) => html`<label class="ccheck"><input type="radio" name="status" value="${st}" ${st === c.status && 'checked'}> ${COMPONENT_STATUS_LABEL[st]}</label>`)}</div>
</fieldset>
${checkbox('notify', 'Tell subscribers about this change', false, 'Off: the status page changes quietly. On: subscribers get a message.')}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Set status</button></div>
</form>
</section>`;
}

function editForm(s: ComponentScreen): Html {
  const c = s.component;
  const { values, errors } = s.edit;
  return html`<section class="card-pad" id="edit" aria-labelledby="edit-title">
<h2 class="csection-title" id="edit-title">Edit</h2>
${errorSummary(errors, { lead: 'Nothing was saved.' })}
${otherErrors(errors, EDIT_FIELDS)}
<form class="cform" method="post" action="${path(c)}" novalidate>
${csrfField(s.csrf)}
${textField({ name: 'name', label: 'Name', values, errors, required: true, maxlength: 200 })}
${textField({ name: 'description', label: 'Description (optional)', help: 'Shown on the status page under the name.', values, errors, multiline: true, maxlength: 2000 })}
${!c.group && selectField({ name: 'group_id', label: 'In the group', values, errors, options: groupOptions(s.all.filter((g) => g.id !== c.id)) })}
${checkbox('showcase', 'Show its uptime history', values.showcase === 'true', 'The 90-day bars under the name, where the page shows them.')}
${checkbox('only_show_if_degraded', 'Only show it when it is not operational', values.only_show_if_degraded === 'true')}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Save changes</button></div>
</form>
</section>`;
}

export function componentBody(s: ComponentScreen): Html {
  const c = s.component;
  const group = c.group_id ? s.all.find((g) => g.id === c.group_id) : undefined;
  return html`<p class="back"><a href="/console/components">← Components</a></p>
<section class="card-pad account-head">
<h1>${c.name}</h1>
<p class="chint">${c.group ? 'A group' : group ? html`A component in <bdi>${group.name}</bdi>` : 'A component at the top level'}${!c.group && html` · ${statusPill(c.status)}`}</p>
</section>
<div class="inc-grid">
<div>
${statusForm(s)}
${editForm(s)}
</div>
<div>
<section class="card-pad" aria-labelledby="delete-title">
<h2 class="csection-title" id="delete-title">Delete</h2>
<p class="chint">${c.group ? 'Its components stay and move to the top level.' : 'It leaves the status page. Past incidents keep their history.'}</p>
<p><a class="cbutton cbutton-danger" href="${path(c)}/delete">Delete ${c.group ? 'this group' : 'this component'}…</a></p>
</section>
</div>
</div>`;
}

/** The confirmation step before a delete: says what happens, then a form to go ahead. */
export function confirmDeleteBody(c: Component, members: number, csrf: string): Html {
  return html`<section class="card-pad notice-card confirm-card">
<h1>Delete <bdi>${c.name}</bdi>?</h1>
<p>${
    c.group
      ? `The group is removed from the status page. Its ${members === 1 ? 'component stays' : `${members} components stay`} and ${members === 1 ? 'moves' : 'move'} to the top level.`
      : 'The component is removed from the status page and from subscribers’ choices. Past incidents keep their history. This cannot be undone.'
  }</p>
<form method="post" action="${path(c)}/delete" class="notice-actions">
${csrfField(csrf)}
<button class="cbutton cbutton-danger" type="submit">Yes, delete it</button>
<a class="cbutton cbutton-quiet" href="${path(c)}">No, keep it</a>
</form>
</section>`;
}
