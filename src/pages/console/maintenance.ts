/**
 * The Maintenance screen: what is in progress, what is coming up and what is done, and a form
 * to schedule a maintenance window (times in the page's time zone).
 */
import { INCIDENT_STATUS_LABEL } from '../../domain/status.js';
import type { AnyIncidentStatus } from '../../domain/types.js';
import { type Html, html } from '../../lib/html.js';
import type { Component, Incident } from '../../store/queries/models.js';
import { checkbox } from './components.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  onceField,
  otherErrors,
  pill,
  textField,
  type Values,
  when,
} from './parts.js';

export const SCHEDULE_FIELDS = [
  'name',
  'body',
  'components',
  'scheduled_for',
  'scheduled_until',
  'auto_transition',
  'deliver_notifications',
];

export interface MaintenanceFormState {
  values: Values;
  components: string[];
  errors: Errors;
}

export interface MaintenanceData {
  /** newest first */
  maintenances: Incident[];
  components: Component[];
  zone: string;
  csrf: string;
  form: MaintenanceFormState;
}

export function maintenancePill(status: AnyIncidentStatus): Html {
  const tone = status === 'completed' ? 'ok' : status === 'scheduled' ? 'plain' : 'info';
  return pill(INCIDENT_STATUS_LABEL[status] ?? status, tone);
}

/** "3 Dec, 22:00 GMT → 4 Dec, 01:00 GMT" */
export function windowOf(m: Incident, zone: string): Html {
  return html`${m.scheduled_for ? when(m.scheduled_for, zone) : '?'} → ${m.scheduled_until ? when(m.scheduled_until, zone) : '?'}`;
}

export function componentNames(ids: string[], components: Component[]): string {
  const names = components.filter((c) => ids.includes(c.id)).map((c) => c.name);
  return names.length ? names.join(', ') : 'No components named';
}

/** The components a maintenance may name (not groups), as checkboxes. */
export function componentChecks(
  components: Component[],
  chosen: string[],
  errors: Errors,
  disabled = false,
): Html {
  const leaves = components.filter((c) => !c.group);
  if (leaves.length === 0)
    return html`<p class="chint">No components yet: <a href="/console/components">add some</a> to say what the work affects.</p>`;
  return html`<fieldset class="cfield${errors.components ? ' has-error' : ''}" ${disabled && 'disabled'}><legend class="clabel">Components affected</legend>
<p class="chint">${disabled ? 'Fixed once the maintenance has started.' : 'They show as “Under maintenance” while it is in progress.'}</p>
<div class="check-grid">${leaves.map((c) => html`<label class="ccheck"><input type="checkbox" name="components" value="${c.id}" ${chosen.includes(c.id) && 'checked'}> ${c.name}</label>`)}</div>
${errors.components && html`<p class="field-error" id="components-error">${errors.components}</p>`}
</fieldset>`;
}

/** Start and end as date-and-time fields, read in the page's time zone. */
export function windowFields(values: Values, errors: Errors, zone: string): Html {
  return html`<div class="mt-window">
${textField({ name: 'scheduled_for', label: 'Starts', type: 'datetime-local', values, errors, required: true })}
${textField({ name: 'scheduled_until', label: 'Ends', type: 'datetime-local', values, errors, required: true })}
</div>
<p class="chint">Times are in <strong>${zone}</strong>, the status page’s time zone.</p>`;
}

function item(m: Incident, d: MaintenanceData): Html {
  return html`<li class="mt-item">
<div class="mt-head"><a class="row-link" href="/console/maintenance/${encodeURIComponent(m.id)}">${m.name}</a> ${maintenancePill(m.status)}${m.auto_transition && m.status !== 'completed' && html` ${pill('Starts and ends by itself', 'plain')}`}</div>
<p class="chint mt-when">${windowOf(m, d.zone)}</p>
<p class="chint">${componentNames(m.component_ids, d.components)}</p>
</li>`;
}

function group(title: string, id: string, list: Incident[], d: MaintenanceData, empty: string) {
  return html`<section class="card-pad" aria-labelledby="${id}">
<div class="block-head"><h2 id="${id}">${title} <span class="count">${list.length}</span></h2></div>
${list.length ? html`<ul class="mt-list">${list.map((m) => item(m, d))}</ul>` : html`<p class="empty">${empty}</p>`}
</section>`;
}

function scheduleForm(d: MaintenanceData): Html {
  const { values, errors } = d.form;
  return html`<section class="card-pad" id="schedule" aria-labelledby="schedule-title">
<h2 class="csection-title" id="schedule-title">Schedule maintenance</h2>
${errorSummary(errors, { lead: 'Nothing was scheduled.' })}
${otherErrors(errors, SCHEDULE_FIELDS)}
<form class="cform" method="post" action="/console/maintenance" novalidate>
${csrfField(d.csrf)}${onceField()}
${textField({ name: 'name', label: 'Title', values, errors, required: true, maxlength: 255, placeholder: 'e.g. Database upgrade' })}
${textField({ name: 'body', label: 'What will happen', help: 'Shown on the status page and sent to subscribers.', values, errors, required: true, multiline: true, maxlength: 20000, placeholder: 'e.g. Payments may be slow for a few minutes while we upgrade the database.' })}
${windowFields(values, errors, d.zone)}
${componentChecks(d.components, d.form.components, errors)}
${checkbox('auto_transition', 'Start and complete it by itself at these times', values.auto_transition === 'true', 'Off: you start and complete it here yourself.')}
${checkbox('deliver_notifications', 'Tell subscribers now', values.deliver_notifications === 'true')}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Schedule</button></div>
</form>
</section>`;
}

export function maintenanceBody(d: MaintenanceData): Html {
  const all = d.maintenances;
  const now = all.filter((m) => m.status === 'in_progress' || m.status === 'verifying');
  const next = all
    .filter((m) => m.status === 'scheduled')
    .sort((a, b) => (a.scheduled_for ?? '').localeCompare(b.scheduled_for ?? ''));
  const past = all.filter((m) => m.status === 'completed').slice(0, 20);
  return html`<div class="page-title"><h1>Maintenance</h1><p class="chint">Planned work, announced ahead on the status page. Open one to change it, post an update or complete it.</p></div>
<div class="dash-grid">
<div class="dash-main">
${group('In progress', 'now-title', now, d, 'Nothing in progress.')}
${group('Upcoming', 'next-title', next, d, 'Nothing scheduled.')}
${group('Completed', 'past-title', past, d, 'No maintenance completed yet.')}
</div>
<div class="dash-side">
${scheduleForm(d)}
</div>
</div>`;
}
