/**
 * Form pieces of the Team and Severities screens: the person form (contact, time zone, working
 * hours as times and day boxes), an error summary that links to its fields, and a confirmation.
 */
import { type Html, html } from '../../lib/html.js';
import { csrfField, type Errors, textField, type Values } from './parts.js';

export const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** What the person form shows and sends back. */
export interface PersonFormState {
  values: Values;
  /** days ticked, 1 = Monday … 7 = Sunday */
  days: number[];
  errors: Errors;
}

export const PERSON_LABELS: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Mobile phone',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  time_zone: 'Time zone',
  working_hours: 'Working hours',
};

let zones: string[] | null = null;
function timeZones(): string[] {
  zones ??= ['Etc/UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

/** A list of what needs fixing, each linking to its field. */
export function errorLinks(
  errors: Errors,
  labels: Record<string, string>,
  prefix = '',
): Html | null {
  const list = Object.entries(errors);
  if (list.length === 0) return null;
  return html`<div class="form-alert" role="alert" tabindex="-1">Nothing was saved. ${list.length === 1 ? 'One thing needs' : `${list.length} things need`} fixing:<ul>${list.map(
    ([k, m]) =>
      labels[k]
        ? html`<li><a href="#f-${prefix}${k}">${labels[k]}</a>: ${m}</li>`
        : html`<li>${m}</li>`,
  )}</ul></div>`;
}

function zoneField(s: PersonFormState, prefix: string): Html {
  const v = s.values.time_zone || 'Etc/UTC';
  const list = timeZones().includes(v) ? timeZones() : [v, ...timeZones()];
  const bad = s.errors.time_zone;
  return html`<div class="cfield${bad ? ' has-error' : ''}"><label class="clabel" for="f-${prefix}time_zone">Time zone</label>
<p class="chint" id="${prefix}tz-hint">Working hours are read in this zone.</p>
<select id="f-${prefix}time_zone" name="time_zone" aria-describedby="${prefix}tz-hint">${list.map((z) => html`<option value="${z}" ${z === v && 'selected'}>${z === 'Etc/UTC' ? 'UTC' : z.replace(/_/g, ' ')}</option>`)}</select>
${bad && html`<p class="field-error">${bad}</p>`}</div>`;
}

function hoursField(s: PersonFormState, prefix: string): Html {
  const always = s.values.hours_mode !== 'set';
  const bad = s.errors.working_hours;
  return html`<fieldset class="cfield hours${bad ? ' has-error' : ''}" id="f-${prefix}working_hours"><legend class="clabel">When they can be called</legend>
<p class="chint">The rotation calls people inside their hours first, then the others.</p>
<label class="ccheck"><input type="radio" name="hours_mode" value="always" ${always && 'checked'}> Any time (24/7)</label>
<label class="ccheck"><input type="radio" name="hours_mode" value="set" ${!always && 'checked'}> Only these hours:</label>
<div class="hours-set">
<label>From <input type="time" name="hours_start" value="${s.values.hours_start ?? '09:00'}" aria-label="From"></label>
<label>to <input type="time" name="hours_end" value="${s.values.hours_end ?? '17:30'}" aria-label="To"></label>
<span class="day-boxes" role="group" aria-label="Days">${DAYS.map((d, i) => html`<label class="day"><input type="checkbox" name="hours_days" value="${i + 1}" ${s.days.includes(i + 1) && 'checked'}> ${d}</label>`)}</span>
</div>
${bad && html`<p class="field-error">${bad}</p>`}
</fieldset>`;
}

/** The person's fields, shared by "Add a person" and the edit page. */
export function personFields(s: PersonFormState, prefix: string): Html {
  const { values, errors } = s;
  const o = { values, errors, idPrefix: prefix };
  return html`${textField({ ...o, name: 'name', label: 'Name', required: true, placeholder: 'e.g. Ana Silva' })}
${textField({ ...o, name: 'email', label: 'Email (optional)', type: 'email', placeholder: 'ana@example.com' })}
${textField({ ...o, name: 'phone', label: 'Mobile phone (optional)', help: 'With the country code, e.g. +44 7700 900123.', placeholder: '+447700900123' })}
<div class="grid-2">
${textField({ ...o, name: 'slack', label: 'Slack (optional)', help: 'A handle such as @ana, or a webhook URL to post to.' })}
${textField({ ...o, name: 'teams', label: 'Teams (optional)', help: 'A handle, or a webhook URL to post to.' })}
</div>
${zoneField(s, prefix)}
${hoursField(s, prefix)}`;
}

/** A page that asks before deleting something, with what else changes. */
export function confirmBody(o: {
  title: string;
  lines: (string | Html)[];
  action: string;
  button: string;
  back: string;
  csrf: string;
}): Html {
  return html`<section class="card-pad notice-card confirm"><h1>${o.title}</h1>${o.lines.map((l) => html`<p>${l}</p>`)}
<form method="post" action="${o.action}" class="notice-actions">${csrfField(o.csrf)}<input type="hidden" name="confirm" value="yes">
<button class="cbutton cbutton-danger" type="submit">${o.button}</button> <a class="cbutton cbutton-quiet" href="${o.back}">Cancel, keep it</a></form></section>`;
}
