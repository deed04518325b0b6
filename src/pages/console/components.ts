/**
 * The Components screen: every component and group in page order, with buttons to move each
 * one up or down (plain forms, no script needed) and a form to add a component or a group.
 */
import { COMPONENT_STATUS_LABEL } from '../../domain/status.js';
import type { ComponentStatus } from '../../domain/types.js';
import { type Html, html } from '../../lib/html.js';
import type { Component } from '../../store/queries/models.js';
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
} from './parts.js';

export const COMPONENT_FIELDS = [
  'kind',
  'name',
  'description',
  'group_id',
  'showcase',
  'only_show_if_degraded',
];

const TONE: Record<ComponentStatus, 'ok' | 'warn' | 'bad' | 'info'> = {
  operational: 'ok',
  degraded_performance: 'warn',
  partial_outage: 'warn',
  major_outage: 'bad',
  under_maintenance: 'info',
};

export function statusPill(status: ComponentStatus): Html {
  return pill(COMPONENT_STATUS_LABEL[status] ?? status, TONE[status] ?? 'plain');
}

export interface ComponentFormState {
  values: Values;
  errors: Errors;
}

export interface ComponentsData {
  /** in page order: each group followed by its components */
  components: Component[];
  csrf: string;
  form: ComponentFormState;
}

/** The group choices of a component's form: top level, or one of the groups. */
export function groupOptions(components: Component[]): { value: string; label: string }[] {
  return [
    { value: '', label: 'No group (top level)' },
    ...components.filter((c) => c.group).map((g) => ({ value: g.id, label: g.name })),
  ];
}

export function checkbox(name: string, label: string, checked: boolean, hint?: string): Html {
  return html`<label class="ccheck${hint ? ' ccheck-top' : ''}"><input type="checkbox" name="${name}" value="true" ${checked && 'checked'}> <span>${label}${hint && html`<br><small class="chint">${hint}</small>`}</span></label>`;
}

function moveButtons(c: Component, first: boolean, last: boolean, csrf: string): Html {
  const button = (dir: 'up' | 'down', glyph: string, off: boolean) =>
    html`<button class="cbutton cbutton-quiet cbutton-sm move" type="submit" name="direction" value="${dir}" ${off && 'disabled'} aria-label="Move ${c.name} ${dir}" title="Move ${dir}">${glyph}</button>`;
  return html`<form class="move-form" method="post" action="/console/components/${encodeURIComponent(c.id)}/move">${csrfField(csrf)}${button('up', '↑', first)}${button('down', '↓', last)}</form>`;
}

function row(c: Component, siblings: Component[], csrf: string): Html {
  const i = siblings.indexOf(c);
  const flags = [
    c.only_show_if_degraded && pill('Hidden while operational', 'plain'),
    !c.showcase && pill('No uptime bars', 'plain'),
  ];
  return html`<li class="comp-item${c.group ? ' is-group' : ''}${c.group_id ? ' is-child' : ''}">
<div class="comp-main">
<a class="row-link" href="/console/components/${encodeURIComponent(c.id)}">${c.name}</a>
${c.group ? pill('Group', 'info') : statusPill(c.status)} ${flags}
${c.description && html`<br><small class="chint comp-desc">${c.description}</small>`}
</div>
<div class="comp-actions">
${moveButtons(c, i === 0, i === siblings.length - 1, csrf)}
<a class="cbutton cbutton-quiet cbutton-sm" href="/console/components/${encodeURIComponent(c.id)}">Edit<span class="sr-only"> ${c.name}</span></a>
</div>
</li>`;
}

function list(d: ComponentsData): Html {
  const all = d.components;
  if (all.length === 0)
    return html`<p class="empty">No components yet. Add the parts of your service people rely on, such as "Website", "API" or "Payments".</p>`;
  const ids = new Set(all.map((c) => c.id));
  const top = all.filter((c) => !c.group_id || !ids.has(c.group_id));
  return html`<ol class="comp-order">${top.map((c) => {
    const children = all.filter((k) => k.group_id === c.id);
    return html`${row(c, top, d.csrf)}${
      c.group &&
      (children.length
        ? html`<li class="comp-children"><ol class="comp-order">${children.map((k) => row(k, children, d.csrf))}</ol></li>`
        : html`<li class="comp-children"><p class="chint comp-empty-group">No components in this group yet.</p></li>`)
    }`;
  })}</ol>`;
}

function addForm(d: ComponentsData): Html {
  const { values, errors } = d.form;
  const kind = values.kind === 'group' ? 'group' : 'component';
  return html`<section class="card-pad" id="add" aria-labelledby="add-title">
<h2 class="csection-title" id="add-title">Add a component or a group</h2>
${errorSummary(errors, { lead: 'Nothing was saved.' })}
${otherErrors(errors, COMPONENT_FIELDS)}
<form class="cform" method="post" action="/console/components" novalidate>
${csrfField(d.csrf)}${onceField()}
<fieldset class="cfield"><legend class="clabel">What to add</legend>
<label class="ccheck ccheck-top"><input type="radio" name="kind" value="component" ${kind === 'component' && 'checked'}> <span>A component <small class="chint">(something that can be up or down)</small></span></label>
<label class="ccheck ccheck-top"><input type="radio" name="kind" value="group" ${kind === 'group' && 'checked'}> <span>A group <small class="chint">(a heading that holds components)</small></span></label>
</fieldset>
${textField({ name: 'name', label: 'Name', values, errors, required: true, idPrefix: 'n-', maxlength: 200, placeholder: 'e.g. Payments' })}
${textField({ name: 'description', label: 'Description (optional)', help: 'Shown on the status page under the name.', values, errors, idPrefix: 'n-', multiline: true, maxlength: 2000 })}
${selectField({ name: 'group_id', label: 'In the group', help: 'For a component only; a group cannot go in another group.', values, errors, idPrefix: 'n-', options: groupOptions(d.components) })}
${checkbox('only_show_if_degraded', 'Only show it when it is not operational', values.only_show_if_degraded === 'true')}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Add</button></div>
</form>
</section>`;
}

export function componentsBody(d: ComponentsData): Html {
  const n = d.components.filter((c) => !c.group).length;
  return html`<div class="page-title"><h1>Components</h1><p class="chint">The parts of your service shown on the status page, in the order shown there. Open one to rename it, set its status or delete it.</p></div>
<div class="dash-grid">
<div class="dash-main">
<section class="card-pad" aria-labelledby="list-title">
<div class="block-head list-head"><h2 id="list-title">On the status page <span class="count">${n}</span></h2><span class="chint">Use ↑ and ↓ to change the order</span></div>
${list(d)}
</section>
</div>
<div class="dash-side">
${addForm(d)}
</div>
</div>`;
}
