/**
 * One maintenance: its window and components, a form to post an update, a button to complete
 * it, a form to change its plan, and its updates, newest first.
 */
import { INCIDENT_STATUS_LABEL } from '../../domain/status.js';
import type { AnyIncidentStatus } from '../../domain/types.js';
import { type Html, html } from '../../lib/html.js';
import type { Component, Incident } from '../../store/queries/models.js';
import { checkbox } from './components.js';
import {
  componentChecks,
  componentNames,
  maintenancePill,
  windowFields,
  windowOf,
} from './maintenance.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  onceField,
  otherErrors,
  selectField,
  textField,
  type Values,
  when,
} from './parts.js';

export const UPDATE_FIELDS = ['status', 'body', 'deliver_notifications'];
export const EDIT_FIELDS = [
  'name',
  'scheduled_for',
  'scheduled_until',
  'components',
  'auto_transition',
];

/** The statuses an update may move a maintenance to, by where it is now (not completed). */
export const NEXT_STATUS: Record<string, AnyIncidentStatus[]> = {
  scheduled: ['scheduled', 'in_progress', 'verifying'],
  in_progress: ['in_progress', 'verifying'],
  verifying: ['in_progress', 'verifying'],
};

export interface MaintenanceScreen {
  maintenance: Incident;
  components: Component[];
  zone: string;
  csrf: string;
  update: { values: Values; errors: Errors };
  edit: { values: Values; components: string[]; errors: Errors };
  completeErrors: Errors;
  /** the final message offered when completing */
  completeBody: string;
}

const path = (m: Incident) => `/console/maintenance/${encodeURIComponent(m.id)}`;

function updateForm(s: MaintenanceScreen): Html {
  const m = s.maintenance;
  const { values, errors } = s.update;
  return html`<section class="card-pad" id="update" aria-labelledby="update-title">
<h2 class="csection-title" id="update-title">Post an update</h2>
${errorSummary(errors)}
${otherErrors(errors, UPDATE_FIELDS)}
<form class="cform" method="post" action="${path(m)}/updates" novalidate>
${csrfField(s.csrf)}${onceField()}
${selectField({ name: 'status', label: 'Status', values, errors, options: (NEXT_STATUS[m.status] ?? []).map((st) => ({ value: st, label: INCIDENT_STATUS_LABEL[st] })) })}
${textField({ name: 'body', label: 'Message', values, errors, required: true, multiline: true, maxlength: 20000, placeholder: 'e.g. The upgrade is going well; we expect to finish on time.' })}
${checkbox('deliver_notifications', 'Tell subscribers', values.deliver_notifications === 'true')}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Post update</button></div>
</form>
</section>`;
}

function completeForm(s: MaintenanceScreen): Html {
  const m = s.maintenance;
  return html`<section class="card-pad" id="complete" aria-labelledby="complete-title">
<h2 class="csection-title" id="complete-title">Complete it</h2>
<p class="chint">The components go back to their usual status and the page says the work is done.</p>
${otherErrors(s.completeErrors, ['body'])}
<form class="cform" method="post" action="${path(m)}/complete">
${csrfField(s.csrf)}${onceField()}
${textField({ name: 'body', label: 'Final message', values: { body: s.completeBody }, errors: s.completeErrors, required: true, multiline: true, maxlength: 20000, idPrefix: 'c-' })}
${checkbox('deliver_notifications', 'Tell subscribers', true)}
<div class="form-end"><button class="cbutton cbutton-ok" type="submit">Complete maintenance</button></div>
</form>
</section>`;
}

function editForm(s: MaintenanceScreen): Html {
  const m = s.maintenance;
  const { values, errors } = s.edit;
  return html`<section class="card-pad" id="edit" aria-labelledby="edit-title">
<h2 class="csection-title" id="edit-title">Change the plan</h2>
<p class="chint">Subscribers are not told of these changes; post an update to tell them.</p>
${errorSummary(errors, { lead: 'Nothing was saved.' })}
${otherErrors(errors, EDIT_FIELDS)}
<form class="cform" method="post" action="${path(m)}" novalidate>
${csrfField(s.csrf)}
${textField({ name: 'name', label: 'Title', values, errors, required: true, maxlength: 255, idPrefix: 'e-' })}
${windowFields(values, errors, s.zone)}
${componentChecks(s.components, s.edit.components, errors, m.status !== 'scheduled')}
${checkbox('auto_transition', 'Start and complete it by itself at these times', values.auto_transition === 'true')}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Save changes</button></div>
</form>
</section>`;
}

function timeline(s: MaintenanceScreen): Html {
  const ups = s.maintenance.updates;
  return html`<section class="card-pad" aria-labelledby="updates-title">
<div class="block-head"><h2 id="updates-title">Updates</h2><span class="chint">Newest first</span></div>
<ol class="mt-updates">${ups.map(
    (u) =>
      html`<li><p class="mt-update-head">${maintenancePill(u.status)} ${when(u.display_at, s.zone)}${!u.deliver_notifications && html` <small class="chint">· subscribers not told</small>`}</p><p class="mt-update-body" dir="auto">${u.body}</p></li>`,
  )}</ol>
</section>`;
}

export function maintenanceOneBody(s: MaintenanceScreen): Html {
  const m = s.maintenance;
  const open = m.status !== 'completed';
  return html`<p class="back"><a href="/console/maintenance">← Maintenance</a></p>
<section class="card-pad account-head">
<div class="inc-title">${maintenancePill(m.status)}</div>
<h1 dir="auto">${m.name}</h1>
<p class="chint mt-when">${windowOf(m, s.zone)} · ${m.auto_transition ? 'starts and completes by itself' : 'started and completed by hand'}</p>
<p class="chint">${componentNames(m.component_ids, s.components)}</p>
</section>
<div class="inc-grid">
<div>
${open && updateForm(s)}
${timeline(s)}
</div>
<div>
${open ? html`${completeForm(s)}${editForm(s)}` : html`<section class="card-pad"><p>Completed${m.resolved_at && html` ${when(m.resolved_at, s.zone)}`}. A completed maintenance stays in the page’s history and cannot be changed.</p></section>`}
</div>
</div>`;
}
