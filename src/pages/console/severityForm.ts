/**
 * The form to add or edit a severity: what it means, the roles it calls in, the channel matrix
 * (who is told on which channel), the plan's customer audiences, approval, cadence, the
 * acknowledgement time-out and the outreach due time. Works without JavaScript.
 */
import type { AudienceDefinition } from '../../domain/audience.js';
import { type Html, html } from '../../lib/html.js';
import { csrfField, type Errors, textField, type Values } from './parts.js';
import { errorLinks } from './teamForms.js';

export type Matrix = { public: string[]; internal: string[]; key_accounts: string[] };

export interface NotifyRow {
  audience: string;
  on: boolean;
  channels: string[];
  outreach: boolean;
}

export interface SeverityFormState {
  isNew: boolean;
  values: Values;
  roles: string[];
  channels: Matrix;
  notify: NotifyRow[];
  errors: Errors;
}

export interface SeverityFormData {
  form: SeverityFormState;
  roles: { key: string; name: string }[];
  audiences: AudienceDefinition[];
  /** the channels each of the three audiences may be told on */
  allowed: Matrix;
  labels: Record<string, string>;
  csrf: string;
}

export const SEVERITY_LABELS: Record<string, string> = {
  key: 'Short name',
  name: 'Name',
  description: 'What it means',
  roles: 'Roles called in',
  ch_public: 'Customers and the public',
  ch_internal: 'The team',
  ch_key_accounts: 'Key accounts',
  notify: 'Customer audiences',
  approval_box: 'Approval time box',
  first_minutes: 'Update every',
  first_window: 'For the first',
  later_minutes: 'Then every',
  reminder_lead: 'Remind the owner',
  interim_after: 'Interim update after',
  ack_timeout: 'Acknowledgement time-out',
  outreach_due: 'Account-manager calls due within',
};

const ROWS: [keyof Matrix, string, string][] = [
  ['public', 'Customers and the public', 'The status page and everyone subscribed to it'],
  ['internal', 'The team', 'Internal notices to the people on the team'],
  ['key_accounts', 'Key accounts', 'Contract and premium customers, one by one'],
];

function minutes(d: SeverityFormData, name: string, max: number, help?: string): Html {
  const e = d.form.errors[name];
  return html`<div class="cfield${e ? ' has-error' : ''}"><label class="clabel" for="f-${name}">${SEVERITY_LABELS[name]}</label>
${help && html`<p class="chint">${help}</p>`}
<div class="with-unit"><input id="f-${name}" name="${name}" type="number" min="0" max="${max}" step="1" value="${d.form.values[name] ?? ''}" ${e && html`aria-invalid="true"`}><span>minutes</span></div>
${e && html`<p class="field-error">${e}</p>`}</div>`;
}

function matrix(d: SeverityFormData): Html {
  const cols = [
    ...new Set([...d.allowed.public, ...d.allowed.internal, ...d.allowed.key_accounts]),
  ];
  const bad = ROWS.filter(([k]) => d.form.errors[`ch_${k}`]);
  return html`<fieldset class="cfield${bad.length ? ' has-error' : ''}" id="f-ch_public"><legend class="clabel">Who is told, on which channel</legend>
<p class="chint">Tick a box to use that channel for that audience. A row with nothing ticked tells nobody.</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Table (scrolls sideways)"><table class="ctable matrix"><thead><tr><th scope="col">Audience</th>${cols.map((c) => html`<th scope="col">${d.labels[c] ?? c}</th>`)}</tr></thead>
<tbody>${ROWS.map(
    ([k, label, hint]) =>
      html`<tr><th scope="row">${label}<br><small class="chint">${hint}</small></th>${cols.map(
        (c) =>
          (d.allowed[k] as string[]).includes(c)
            ? html`<td><input type="checkbox" name="ch_${k}" value="${c}" aria-label="${label}: ${d.labels[c] ?? c}" ${d.form.channels[k].includes(c) && 'checked'}></td>`
            : html`<td class="na" aria-label="not available">–</td>`,
      )}</tr>`,
  )}</tbody></table></div>
${bad.map(([k]) => html`<p class="field-error">${d.form.errors[`ch_${k}`]}</p>`)}
</fieldset>`;
}

function audiences(d: SeverityFormData): Html | null {
  if (!d.audiences.length) return null;
  const e = d.form.errors.notify;
  return html`<fieldset class="cfield${e ? ' has-error' : ''}" id="f-notify"><legend class="clabel">Customer audiences</legend>
<p class="chint">The plan's groups of customer contacts this severity tells (see <a href="/console/audiences">Audiences</a>).</p>
${e && html`<p class="field-error">${e}</p>`}
<div class="aud-rows">${d.audiences.map((a) => {
    const row = d.form.notify.find((n) => n.audience === a.key);
    return html`<div class="aud-row"><label class="ccheck"><input type="checkbox" name="aud" value="${a.key}" ${row?.on && 'checked'}> ${a.name}</label>
<div class="aud-opts" role="group" aria-label="${a.name}: channels">${a.channels.map((c) => html`<label class="ccheck"><input type="checkbox" name="aud_ch_${a.key}" value="${c}" ${(row?.channels ?? a.channels).includes(c) && 'checked'}> ${d.labels[c] ?? c}</label>`)}
<label class="ccheck"><input type="checkbox" name="aud_out_${a.key}" value="true" ${(row?.outreach ?? a.outreach) && 'checked'}> Account-manager calls</label></div></div>`;
  })}</div></fieldset>`;
}

export function severityFormBody(d: SeverityFormData): Html {
  const f = d.form;
  const { values, errors } = f;
  const action = f.isNew ? '/console/severities' : `/console/severities/${values.key}`;
  const check = (name: string, label: string) =>
    html`<label class="ccheck"><input type="checkbox" name="${name}" value="true" ${values[name] === 'true' && 'checked'}> ${label}</label>`;
  return html`<p class="crumb"><a href="/console/severities">← Severities</a></p>
<div class="page-title"><h1>${f.isNew ? 'Add a severity' : html`Edit ${values.key}`}</h1></div>
${errorLinks(errors, SEVERITY_LABELS)}
<form method="post" action="${action}" class="sev-form" novalidate>${csrfField(d.csrf)}
<section class="card-pad"><h2 class="csection-title">What it means</h2>
${
  f.isNew
    ? html`<div class="grid-2">${textField({ name: 'key', label: 'Short name', help: 'Capital letters and digits, e.g. SEV4. It cannot change later.', values, errors, required: true })}
${textField({ name: 'name', label: 'Name', help: 'e.g. Critical, Major, Minor.', values, errors, required: true })}</div>`
    : html`<input type="hidden" name="key" value="${values.key}">${textField({ name: 'name', label: 'Name', help: 'e.g. Critical, Major, Minor.', values, errors, required: true })}`
}
${textField({ name: 'description', label: 'What it means', help: 'When to choose it, in a sentence or two.', values, errors, multiline: true, required: true })}
</section>
<section class="card-pad"><h2 class="csection-title">Who is called in</h2>
<fieldset class="cfield${errors.roles ? ' has-error' : ''}" id="f-roles"><legend class="clabel">Roles called in when it is declared</legend>
<div class="check-grid role-checks">${d.roles.map((r) => html`<label class="ccheck"><input type="checkbox" name="roles" value="${r.key}" ${f.roles.includes(r.key) && 'checked'}> ${r.name}</label>`)}</div>
${errors.roles && html`<p class="field-error">${errors.roles}</p>`}</fieldset>
${minutes(d, 'ack_timeout', 120, 'If the person called does not acknowledge in time, the next person in the rotation is called.')}
</section>
<section class="card-pad"><h2 class="csection-title">Who is told</h2>
${matrix(d)}
${audiences(d)}
${minutes(d, 'outreach_due', 10080, 'Each key account’s manager has this long to call them.')}
</section>
<section class="card-pad"><h2 class="csection-title">Approval</h2>
<p class="chint">Pre-approved templates always publish at once. This rule is for free text and edited wording.</p>
${check('approval_required', 'Free text needs approval before it is published')}
<p class="chint">The incident lead on call approves. Whether the writer may approve their own message is one rule for the whole plan, on the <a href="/console/severities#approval-rule">Severities</a> page.</p>
${minutes(d, 'approval_box', 60, 'How long a message may wait for a decision.')}
${check('auto_publish', 'Publish by itself when the time box runs out (so approval never blocks the first post)')}
</section>
<section class="card-pad"><h2 class="csection-title">Update cadence</h2>
<p class="chint">Every public update promises the next one. The owner is reminded before it is due.</p>
<div class="grid-2">${minutes(d, 'first_minutes', 240)}${minutes(d, 'first_window', 1440, 'The early, faster rhythm lasts this long.')}</div>
<div class="grid-2">${minutes(d, 'later_minutes', 1440)}${minutes(d, 'reminder_lead', 60, 'How long before an update is due.')}</div>
${minutes(d, 'interim_after', 240, 'A long incident prompts an interim update after this long (60 to 90 minutes is usual).')}
</section>
<div class="action-bar action-bar-static"><a class="cbutton cbutton-quiet" href="/console/severities">Cancel</a><span class="spacer"></span><button class="cbutton cbutton-primary" type="submit">${f.isNew ? 'Add severity' : 'Save changes'}</button></div>
</form>`;
}
