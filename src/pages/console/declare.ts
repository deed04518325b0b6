/** The declare screen: severity, template and its variables, components, then preview and publish. */

import { type Html, html } from '../../lib/html.js';
import type { Component } from '../../store/queries/models.js';
import { type AudienceChoice, type AudienceState, audienceField } from './audienceFields.js';
import {
  affectedSummary,
  componentsField,
  estimateField,
  nextUpdateField,
  varField,
} from './messageFields.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  fieldError,
  LOCALE_NAMES,
  onceField,
  otherErrors,
  selectField,
  textField,
  type Values,
} from './parts.js';
import { previewPlaceholder } from './preview.js';

export interface SeverityChoice {
  key: string;
  name: string;
  description: string;
  cadenceMinutes: number;
  approvalRequired: boolean;
  /** the audiences this severity tells by default */
  audiences: string[];
}

export interface DeclareData {
  severities: SeverityChoice[];
  templates: { key: string; name: string }[];
  locales: string[];
  components: Component[];
  audiences: AudienceChoice[];
  channelLabels: Record<string, string>;
}

export interface DeclareState {
  values: Values;
  components: Record<string, string>;
  errors: Errors;
  /** whether the next-update field still holds the severity's default */
  autoMinutes: boolean;
  audience: AudienceState;
}

/** Every field this form shows an error next to; the rest go in the alert at the top. */
export const DECLARE_FIELDS = [
  'severity',
  'template',
  'locale',
  'name',
  'issue',
  'impact',
  'regions',
  'workaround',
  'contact',
  'estimate',
  'estimate_confirmed',
  'next_update_in_minutes',
  'components',
  'visibility',
  'audiences',
];

function severityField(d: DeclareData, s: DeclareState): Html {
  const v = s.values.severity;
  return html`<fieldset class="cfield${s.errors.severity ? ' has-error' : ''}">
<legend class="clabel">How bad is it?</legend>
<div class="sev-choices">
${d.severities.map(
  (sev, i) => html`<label class="sev-choice">
<input type="radio" name="severity" value="${sev.key}" ${i === 0 && html`id="f-severity"`} data-cadence="${sev.cadenceMinutes}" data-audiences="${sev.audiences.join(' ')}" ${v === sev.key && 'checked'}>
<span class="sev-card">
<span class="sev-card-head"><span class="sev sev-${Math.min(i + 1, 3)}">${sev.key}</span> <strong>${sev.name}</strong></span>
<span class="sev-desc">${sev.description}</span>
<span class="sev-rules">Updates every ${sev.cadenceMinutes} min${sev.approvalRequired ? ' · free text needs approval' : ''}</span>
</span>
</label>`,
)}
</div>
${fieldError(s.errors, 'severity')}
</fieldset>`;
}

export function declareBody(
  d: DeclareData,
  s: DeclareState,
  preview: Html | null,
  csrf: string,
): Html {
  const { values, errors } = s;
  return html`<div class="page-title"><h1>Declare an incident</h1><p class="chint">Fill in what you know now. You can post updates as you learn more.</p></div>
${errorSummary(errors, { fields: DECLARE_FIELDS })}
${otherErrors(errors, DECLARE_FIELDS)}
<form class="cform" method="post" action="/console/declare" data-preview="preview" novalidate>
${csrfField(csrf)}${onceField()}
<section class="csection card-pad">
${severityField(d, s)}
${affectedSummary(d.components, s.components)}
</section>
<section class="csection card-pad">
<h2 class="csection-title">The message</h2>
<div class="grid-2">
${selectField({ name: 'template', label: 'Template', help: 'The wording for this stage. Pre-approved templates publish at once.', values, errors, options: d.templates.map((t) => ({ value: t.key, label: t.name })) })}
${selectField({ name: 'locale', label: 'Language', values, errors, options: d.locales.map((l) => ({ value: l, label: LOCALE_NAMES[l] ?? l })) })}
</div>
${varField('issue', values, errors, { required: true, placeholder: 'e.g. failed logins for some customers' })}
${textField({ name: 'name', label: 'Incident title (optional)', help: 'Shown on the status page. Left empty, it is the issue above.', values, errors, maxlength: 255 })}
<div class="grid-2">
${varField('impact', values, errors)}
${varField('workaround', values, errors)}
</div>
<div class="grid-2">
${varField('regions', values, errors, { placeholder: 'e.g. EU, US-East' })}
${varField('contact', values, errors)}
</div>
${estimateField(values, errors)}
</section>
<section class="csection card-pad">
<h2 class="csection-title">Who is told</h2>
${audienceField(d.audiences, s.audience, errors, d.channelLabels)}
</section>
<section class="csection card-pad">
<h2 class="csection-title">Status page</h2>
${componentsField(d.components, s.components, errors)}
${nextUpdateField(values, errors, s.autoMinutes)}
</section>
<section id="preview" class="preview" aria-live="polite" aria-label="Preview">
${preview ?? previewPlaceholder('Choose how bad it is above, and the preview shows here: the status page, email, SMS, Slack, Teams and social versions side by side.')}
</section>
<div class="action-bar">
<button class="cbutton cbutton-quiet cbutton-lg" type="submit" name="intent" value="preview">Preview</button>
<span class="spacer"></span>
<button class="cbutton cbutton-quiet cbutton-lg" type="submit" name="intent" value="draft">Save as draft</button>
<button class="cbutton cbutton-primary cbutton-lg" type="submit" name="intent" value="publish">Declare and publish</button>
</div>
</form>`;
}
