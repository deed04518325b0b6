/** The incident screen's two message forms: post the next update, and the resolve shortcut. */

import { type Html, html } from '../../lib/html.js';
import type { Component } from '../../store/queries/models.js';
import { type AudienceChoice, type AudienceState, audienceField } from './audienceFields.js';
import { componentsField, estimateField, nextUpdateField, varField } from './messageFields.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  fieldError,
  LOCALE_NAMES,
  onceField,
  otherErrors,
  selectField,
  type Values,
} from './parts.js';
import { previewPlaceholder } from './preview.js';

export interface FormState {
  values: Values;
  components: Record<string, string>;
  errors: Errors;
  preview: Html | null;
  /** who the update goes to (the update form only) */
  audience?: AudienceState;
  /** shown open: asked for by the Resolve button, or after its own Preview or post */
  open?: boolean;
  /** set when the form comes back from its own submit (no autofocus then) */
  posted?: boolean;
}

export interface UpdateFormData {
  incidentId: string;
  templates: { key: string; name: string }[];
  locales: string[];
  components: Component[];
  /** set when free text waits for the approver under this severity */
  approvalNote: string | null;
  csrf: string;
  audiences: AudienceChoice[];
  channelLabels: Record<string, string>;
  /** set when the incident is for audiences only: who the final update goes to */
  resolveAudienceNote: string | null;
}

export const UPDATE_FIELDS = [
  'mode',
  'template',
  'locale',
  'issue',
  'cause',
  'impact',
  'workaround',
  'progress',
  'regions',
  'contact',
  'estimate',
  'estimate_confirmed',
  'status',
  'body',
  'components',
  'next_update_in_minutes',
  'visibility',
  'audiences',
];
export const RESOLVE_FIELDS = [
  'issue',
  'data_loss',
  'apology',
  'next_steps',
  'compensation',
  'contact',
];

const TEXT_STATUSES = [
  { value: 'investigating', label: 'Investigating' },
  { value: 'identified', label: 'Identified' },
  { value: 'monitoring', label: 'Monitoring' },
  { value: 'resolved', label: 'Resolved' },
];

export function updateForm(d: UpdateFormData, s: FormState): Html {
  const { values, errors } = s;
  const text = values.mode === 'text';
  const action = `/console/incidents/${encodeURIComponent(d.incidentId)}/update`;
  return html`<section class="card-pad" id="post-update" aria-labelledby="update-title">
<h2 class="csection-title" id="update-title">Post the next update</h2>
${errorSummary(errors, { fields: UPDATE_FIELDS, ids: { visibility: 'u-visibility-error', audiences: 'u-audiences-error' } })}
${otherErrors(errors, UPDATE_FIELDS)}
<form class="cform update-form" method="post" action="${action}" data-preview="update-preview" novalidate>
${csrfField(d.csrf)}${onceField()}
<div class="mode" role="radiogroup" aria-label="How to write it">
<input type="radio" id="mode-template" name="mode" value="template" ${!text && 'checked'}><label for="mode-template">From a template</label>
<input type="radio" id="mode-text" name="mode" value="text" ${text && 'checked'}><label for="mode-text">Write my own</label>
</div>
<div class="mode-template">
<div class="grid-2">
${selectField({ name: 'template', label: 'Stage', help: 'Identified, monitoring, interim, resolved or false alarm.', values, errors, options: d.templates.map((t) => ({ value: t.key, label: t.name })) })}
${selectField({ name: 'locale', label: 'Language', values, errors, options: d.locales.map((l) => ({ value: l, label: LOCALE_NAMES[l] ?? l })) })}
</div>
${varField('issue', values, errors, { required: true })}
<div class="grid-2">
${varField('cause', values, errors)}
${varField('impact', values, errors)}
</div>
<div class="grid-2">
${varField('workaround', values, errors)}
${varField('progress', values, errors)}
</div>
<div class="grid-2">
${varField('regions', values, errors, { placeholder: 'e.g. EU, US-East' })}
${varField('contact', values, errors)}
</div>
${estimateField(values, errors)}
</div>
<div class="mode-text">
${d.approvalNote && html`<p class="approval-note">${d.approvalNote}</p>`}
${selectField({ name: 'status', label: 'Status', values, errors, options: TEXT_STATUSES })}
<div class="cfield${errors.body ? ' has-error' : ''}">
<label class="clabel" for="f-body">Your update</label>
<p class="chint" id="body-hint">Plain words; **bold** and links work. Say what changed, what customers should do, and when the next update comes.</p>
<textarea id="f-body" name="body" rows="6" maxlength="20000" aria-describedby="body-hint">${values.body ?? ''}</textarea>
${fieldError(errors, 'body')}
</div>
</div>
<details class="more"${Object.keys(s.components).length || errors.components ? ' open' : ''}>
<summary>Change component statuses <span class="chint">(optional)</span></summary>
${componentsField(d.components, s.components, errors, 'No change')}
</details>
<details class="more"${s.audience && (s.audience.visibility === 'audiences' || !s.audience.auto || errors.audiences || errors.visibility) ? ' open' : ''}>
<summary>Who is told <span class="chint">(${s.audience?.visibility === 'audiences' ? 'only the audiences ticked' : 'everyone, and the audiences ticked'})</span></summary>
${s.audience && audienceField(d.audiences, s.audience, errors, d.channelLabels, 'u-')}
</details>
${nextUpdateField(values, errors, false)}
<section id="update-preview" class="preview" aria-live="polite" aria-label="Preview of the update">${s.preview ?? previewPlaceholder()}</section>
<div class="action-bar action-bar-static">
<button class="cbutton cbutton-quiet cbutton-lg" type="submit" name="intent" value="preview">Preview</button>
<span class="spacer"></span>
<button class="cbutton cbutton-primary cbutton-lg" type="submit" name="intent" value="post">Post update</button>
</div>
</form>
</section>`;
}

export function resolveForm(d: UpdateFormData, s: FormState): Html {
  const { values, errors } = s;
  const action = `/console/incidents/${encodeURIComponent(d.incidentId)}/resolve`;
  const open = s.open || Object.keys(errors).length > 0;
  // opened by the Resolve button: the cursor waits in the first field still to fill in
  const fresh = s.open && !s.posted && !Object.keys(errors).length;
  const focus = fresh ? (values.issue ? 'data_loss' : 'issue') : '';
  return html`<details class="card-pad resolve" id="resolve" ${open && 'open'}>
<summary><span class="csection-title" id="resolve-title">Resolve the incident</span><span class="chint">Final update: data loss, apology, next steps</span></summary>
<p class="chint">Sends the final update from the resolved template: what happened to data, an apology, and what comes next. Affected components go back to operational, except those another open incident still holds.</p>
${errorSummary(errors, { fields: RESOLVE_FIELDS, idPrefix: 'r-', id: 'resolve-errors' })}
${otherErrors(errors, RESOLVE_FIELDS)}
<form class="cform" method="post" action="${action}" data-preview="resolve-preview" novalidate>
${csrfField(d.csrf)}${onceField()}
${varField('issue', values, errors, { required: true, idPrefix: 'r-', autofocus: focus === 'issue' })}
${varField('data_loss', values, errors, { idPrefix: 'r-', placeholder: 'No data was lost, and there is no lingering impact.', autofocus: focus === 'data_loss' })}
${varField('apology', values, errors, { idPrefix: 'r-', placeholder: 'We are sorry for the disruption this caused.' })}
<div class="grid-2">
${varField('next_steps', values, errors, { idPrefix: 'r-' })}
${varField('compensation', values, errors, { idPrefix: 'r-' })}
</div>
${varField('contact', values, errors, { idPrefix: 'r-' })}
${d.resolveAudienceNote && html`<p class="approval-note">${d.resolveAudienceNote}</p>`}
<section id="resolve-preview" class="preview" aria-live="polite" aria-label="Preview of the final update">${s.preview ?? previewPlaceholder('The final update shows here as you fill it in: the status page, email, SMS, Slack, Teams and social versions side by side.')}</section>
<div class="action-bar action-bar-static">
<button class="cbutton cbutton-quiet cbutton-lg" type="submit" name="intent" value="preview">Preview</button>
<span class="spacer"></span>
<button class="cbutton cbutton-ok cbutton-lg" type="submit" name="intent" value="resolve">Resolve incident</button>
</div>
</form>
</details>`;
}
