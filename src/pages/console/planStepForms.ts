/** Pieces the plan builder's step screens share: form state, a severity's card, a setting form. */
import type { PlanSettingKey } from '../../domain/planSettings.js';
import { type Html, html } from '../../lib/html.js';
import type { Severity } from '../../store/queries/team.js';
import {
  csrfField,
  type Errors,
  otherErrors,
  selectField,
  textField,
  type Values,
} from './parts.js';
import type { PlanScreen } from './plan.js';

/** The values and errors of one form: what was typed when it failed, else the defaults. */
export function stateOf(
  s: PlanScreen,
  form: string,
  defaults: Values = {},
): { values: Values; errors: Errors } {
  return s.failed?.form === form
    ? { values: s.failed.values, errors: s.failed.errors }
    : { values: defaults, errors: {} };
}

export function errorBox(errors: Errors, known: string[]): Html | null {
  if (Object.keys(errors).length === 0) return null;
  return html`<div class="form-alert" role="alert">Nothing was saved. Please check the fields marked in red.</div>${otherErrors(errors, known)}`;
}

/** One severity's form on a step: its own fields, saved to the severity. */
export function sevCard(
  s: PlanScreen,
  step: number,
  sev: Severity,
  known: string[],
  fields: (st: { values: Values; errors: Errors }) => Html,
  defaults: Values,
): Html {
  const id = `sev-${sev.key}`;
  const st = stateOf(s, id, defaults);
  return html`<section class="card-pad plan-card" id="${id}" aria-labelledby="${id}-t">
<h2 id="${id}-t" class="plan-card-title"><span class="sev-key">${sev.key}</span> ${sev.name}</h2>
${errorBox(st.errors, known)}
<form class="cform" method="post" action="/console/plan/${step}/severity/${encodeURIComponent(sev.key)}" novalidate>
${csrfField(s.csrf)}
${fields(st)}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Save ${sev.key}</button></div>
</form></section>`;
}

/** A form setting one plan setting (an owner, the export target, a yes/no). */
export function settingForm(
  s: PlanScreen,
  o: {
    step: number;
    key: PlanSettingKey;
    anchor: string;
    title: string;
    label: string;
    help: string;
    options?: { value: string; label: string }[];
    placeholder?: string;
  },
): Html {
  const current = s.data.plan.settings[o.key] ?? '';
  const st = stateOf(s, o.anchor, { value: current });
  const common = {
    name: 'value',
    label: o.label,
    help: o.help,
    values: st.values,
    errors: st.errors,
    idPrefix: `${o.anchor}-`,
  };
  return html`<section class="card-pad plan-card" id="${o.anchor}" aria-labelledby="${o.anchor}-t">
<h2 id="${o.anchor}-t" class="plan-card-title">${o.title}</h2>
${errorBox(st.errors, ['value'])}
<form class="cform" method="post" action="/console/plan/setting" novalidate>
${csrfField(s.csrf)}<input type="hidden" name="key" value="${o.key}"><input type="hidden" name="step" value="${String(o.step)}"><input type="hidden" name="anchor" value="${o.anchor}">
${o.options ? selectField({ ...common, options: o.options }) : textField({ ...common, placeholder: o.placeholder })}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Save</button></div>
</form></section>`;
}

/** The team as options for an owner: nobody, or a person. */
export function personOptions(s: PlanScreen, none: string): { value: string; label: string }[] {
  return [
    { value: '', label: none },
    ...s.data.plan.people.map((p) => ({
      value: p.id,
      label: p.email ? `${p.name} (${p.email})` : p.name,
    })),
  ];
}

export function numberField(
  name: string,
  label: string,
  help: string,
  st: { values: Values; errors: Errors },
  prefix: string,
): Html {
  return textField({
    name,
    label,
    help,
    values: st.values,
    errors: st.errors,
    idPrefix: prefix,
    type: 'number',
  });
}
