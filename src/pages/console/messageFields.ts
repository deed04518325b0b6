/**
 * Fields shared by the declare form and the update form: the template's variables (with the
 * help text of TEMPLATE_VARIABLES), affected components with a status each, the next update.
 */

import { joinList } from '../../domain/listText.js';
import { COMPONENT_STATUS_LABEL } from '../../domain/status.js';
import { TEMPLATE_VARIABLES } from '../../domain/templates.js';
import { varMaxLength } from '../../domain/templateVarLimits.js';
import { COMPONENT_STATUSES, type ComponentStatus } from '../../domain/types.js';
import { type Html, html } from '../../lib/html.js';
import type { Component } from '../../store/queries/models.js';
import { type Errors, fieldError, textField, type Values } from './parts.js';

export type VarName = keyof typeof TEMPLATE_VARIABLES;

/** Each variable's label on the console forms (also what error messages call it). */
export const VAR_LABELS: Partial<Record<VarName, string>> = {
  issue: 'What is wrong, in a few words',
  impact: 'Customer impact',
  regions: 'Affected regions',
  workaround: 'Workaround',
  cause: 'Cause',
  progress: 'Progress',
  contact: 'Contact route',
  estimate: 'Estimated fix time',
  data_loss: 'Data loss statement',
  apology: 'Apology',
  next_steps: 'Next steps for customers',
  compensation: 'Compensation',
  team_on_it: 'What the team is doing',
  postmortem_url: 'Postmortem link',
};

const MULTILINE = new Set<VarName>([
  'impact',
  'workaround',
  'progress',
  'apology',
  'next_steps',
  'compensation',
  'data_loss',
]);

/** Where the variable's own description would only repeat the label. */
const HELP: Partial<Record<VarName, string>> = {
  regions: 'Leave empty when it is everywhere.',
};

function help(name: VarName): string {
  const base = HELP[name] ?? TEMPLATE_VARIABLES[name];
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/** One template variable as a labelled field. */
export function varField(
  name: VarName,
  values: Values,
  errors: Errors,
  extra: { required?: boolean; placeholder?: string; idPrefix?: string; autofocus?: boolean } = {},
): Html {
  return textField({
    idPrefix: extra.idPrefix,
    name,
    label: `${VAR_LABELS[name] ?? name}${extra.required ? '' : ' (optional)'}`,
    help: help(name),
    values,
    errors,
    placeholder: extra.placeholder,
    multiline: MULTILINE.has(name),
    maxlength: varMaxLength(name),
    autofocus: extra.autofocus,
  });
}

/** The estimate, with the warning and the incident lead's confirmation. */
export function estimateField(values: Values, errors: Errors): Html {
  const checked = values.estimate_confirmed === 'true';
  return html`<div class="estimate-box">
${varField('estimate', values, errors, { placeholder: 'e.g. 15:30 UTC' })}
<p class="warn-note" role="note"><strong>Careful:</strong> leave this empty unless the incident lead has confirmed it. A missed estimate costs more trust than no estimate.</p>
<label class="ccheck"><input type="checkbox" name="estimate_confirmed" value="true" ${checked && 'checked'}> The incident lead confirmed this estimate</label>
${fieldError(errors, 'estimate_confirmed')}
</div>`;
}

export function nextUpdateField(values: Values, errors: Errors, auto: boolean): Html {
  const bad = Boolean(errors.next_update_in_minutes);
  return html`<div class="cfield cfield-minutes${bad ? ' has-error' : ''}">
<label class="clabel" for="f-next_update_in_minutes">Next update in</label>
<p class="chint" id="next_update_in_minutes-hint">Every update promises the next one. Left empty, it is the severity's cadence.</p>
<div class="with-unit"><input id="f-next_update_in_minutes" name="next_update_in_minutes" type="number" inputmode="numeric" min="1" max="1440" step="1" value="${values.next_update_in_minutes ?? ''}" aria-describedby="next_update_in_minutes-hint${bad ? ' next_update_in_minutes-error' : ''}" ${auto && html`data-auto`}><span>minutes</span></div>
${fieldError(errors, 'next_update_in_minutes')}
</div>`;
}

/** Affected components: each with a status select ("not affected" leaves it alone). */
export function componentsField(
  components: Component[],
  chosen: Record<string, string>,
  errors: Errors,
  emptyLabel = 'Not affected',
): Html {
  const groups = new Map(components.filter((c) => c.group).map((c) => [c.id, c.name]));
  const leaves = components.filter((c) => !c.group);
  if (leaves.length === 0) return html`<p class="chint">This page has no components yet.</p>`;
  return html`<fieldset class="cfield components-field${errors.components ? ' has-error' : ''}" id="f-components" tabindex="-1">
<legend class="clabel">Affected components</legend>
<p class="chint">Set the status customers will see for each affected component.</p>
<div class="comp-list">
${leaves.map((c) => {
  const v = chosen[c.id] ?? '';
  const group = c.group_id ? groups.get(c.group_id) : undefined;
  return html`<div class="comp-row${v ? ' is-set' : ''}">
<label for="f-c_${c.id}"><span class="comp-name">${c.name}</span>${group && html`<span class="comp-group">${group}</span>`}</label>
<select id="f-c_${c.id}" name="c_${c.id}">
<option value="">${emptyLabel}</option>
${COMPONENT_STATUSES.map((s) => html`<option value="${s}" ${v === s && 'selected'}>${COMPONENT_STATUS_LABEL[s]}</option>`)}
</select>
</div>`;
})}
</div>
${fieldError(errors, 'components')}
</fieldset>`;
}

/**
 * One line near the top of the declare form: which components the status page will show as
 * affected (pre-marked or chosen), with a link down to the fieldset to change them. The console
 * script keeps it in step with the selects.
 */
export function affectedSummary(components: Component[], chosen: Record<string, string>): Html {
  const marked = components
    .filter((c) => !c.group && chosen[c.id])
    .map(
      (c) =>
        `${c.name} (${COMPONENT_STATUS_LABEL[chosen[c.id] as ComponentStatus] ?? chosen[c.id]})`,
    );
  if (!components.some((c) => !c.group)) return html``;
  return html`<p class="affected-summary" data-affected-summary><span class="clabel-inline">Affected:</span> <span data-affected-list>${marked.length ? joinList(marked) : 'no component marked'}</span> <a href="#f-components">(change)</a></p>`;
}
