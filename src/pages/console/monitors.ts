/**
 * The Monitors screen (admins): the alerting tools connected to Flare, whose alerts open draft
 * incidents. One card per monitor with its rules in words and its latest alert groups (each
 * linked to the draft or incident it opened); a form to connect one; the page that shows a new
 * intake URL and secret (once); the edit form for a monitor's rules; and the confirmations
 * before rotating its secret or disconnecting it. Secrets are never put back into a page after
 * the one answer that made them. Rules beyond the form (matchers, grouping, a template) are set
 * through the API and kept as they are.
 */
import type { AlertMapping } from '../../domain/alerts.js';
import { type Html, html } from '../../lib/html.js';
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
  when,
} from './parts.js';

export interface MonitorGroup {
  id: string;
  title: string;
  state: string;
  incident_id: string | null;
  firing: number;
  alert_count: number;
  updated_at: string;
}

export interface MonitorCard {
  id: string;
  name: string;
  kind: string;
  kindTitle: string;
  signed: boolean;
  mapping: AlertMapping;
  groups: MonitorGroup[];
  created_at: string;
}

export interface MonitorsData {
  monitors: MonitorCard[];
  kinds: { kind: string; title: string }[];
  components: { id: string; name: string }[];
  severities: { key: string; name: string }[];
  zone: string;
  csrf: string;
  form?: { values: Values; errors: Errors };
}

export const MONITOR_LABELS: Record<string, string> = {
  name: 'Name',
  kind: 'Monitoring tool',
  label: 'Label that names the service',
  status: 'Status to propose',
  severity: 'Severity',
  publish: 'Publish at once',
};

export const STATUS_CHOICES = [
  { value: 'degraded_performance', label: 'Degraded performance' },
  { value: 'partial_outage', label: 'Partial outage (the default)' },
  { value: 'major_outage', label: 'Major outage' },
];

/** What each group state means to a comms lead. */
const STATE: Record<string, [string, 'ok' | 'warn' | 'bad' | 'info' | 'plain']> = {
  held: ['Waiting (flap window)', 'info'],
  opening: ['Opening a draft', 'info'],
  declaring: ['Opening a draft', 'info'],
  open: ['Draft or incident open', 'warn'],
  flapped: ['Flapped: closed by itself', 'plain'],
  closed: ['Closed', 'ok'],
};

/** The form's field for one component's label values. */
export const componentField = (id: string) => `comp_${id}`;

/** A monitor's mapping as the form's values (label values per component, joined by commas). */
export function mappingValues(m: AlertMapping, name: string): Values {
  const v: Values = {
    name,
    label: m.label ?? 'service',
    status: m.status ?? 'partial_outage',
    severity: typeof m.severity === 'string' ? m.severity : m.severity ? '__api' : '',
    publish: m.publish ? '1' : '',
  };
  for (const [value, id] of Object.entries(m.components ?? {})) {
    const k = componentField(id);
    v[k] = v[k] ? `${v[k]}, ${value}` : value;
  }
  return v;
}

function mappingFields(
  d: MonitorsData,
  values: Values,
  errors: Errors,
  p: string,
  m?: AlertMapping,
): Html {
  const o = { values, errors, idPrefix: p };
  const bySeverity =
    m?.severity && typeof m.severity === 'object'
      ? Object.entries(m.severity)
          .map(([a, b]) => `${a} → ${b}`)
          .join(', ')
      : '';
  return html`${textField({ ...o, name: 'label', label: MONITOR_LABELS.label, help: 'The alert label (Datadog: tag) whose value says which part of the product is failing, e.g. service=checkout.', maxlength: 100 })}
<fieldset class="cfield mon-map"><legend class="clabel">Which components an alert affects</legend>
<p class="chint">For each component, the label values that mean it, separated by commas. An alert whose value is not listed opens a draft with no component ticked.</p>
${d.components.map((c) => textField({ ...o, name: componentField(c.id), label: c.name, maxlength: 2000, placeholder: 'e.g. checkout, payments-api' }))}
</fieldset>
${selectField({ ...o, name: 'status', label: MONITOR_LABELS.status, help: 'The status the draft proposes for those components.', options: STATUS_CHOICES })}
${selectField({
  ...o,
  name: 'severity',
  label: MONITOR_LABELS.severity,
  help: 'The severity the draft is declared with.',
  options: [
    ...(bySeverity ? [{ value: '__api', label: `As set through the API (${bySeverity})` }] : []),
    { value: '', label: 'None: the comms lead chooses' },
    ...d.severities.map((s) => ({ value: s.key, label: `${s.key}: ${s.name}` })),
  ],
})}
<label class="ccheck"><input type="checkbox" name="publish" value="1" ${values.publish === '1' && 'checked'}> Publish at once, with no draft to check first (only for alerts you trust)</label>`;
}

function rulesInWords(m: AlertMapping, d: MonitorsData): Html {
  const names = new Map(d.components.map((c) => [c.id, c.name]));
  const parts = Object.entries(m.components ?? {}).map(
    ([value, id]) =>
      html`<li><code>${m.label ?? 'service'}=${value}</code> → ${names.get(id) ?? id}</li>`,
  );
  const extra = [
    m.rules?.length ? `${m.rules.length} matching ${m.rules.length === 1 ? 'rule' : 'rules'}` : '',
    m.group_by ? `grouped by ${m.group_by.join(', ')}` : m.group ? 'all alerts in one group' : '',
    m.template ? `template ${m.template}` : '',
  ].filter(Boolean);
  const sev =
    typeof m.severity === 'string'
      ? m.severity
      : m.severity
        ? Object.entries(m.severity)
            .map(([a, b]) => `${a} → ${b}`)
            .join(', ')
        : 'chosen by the comms lead';
  return html`<ul class="mon-rules">${parts.length ? parts : html`<li>No component mapped yet: drafts open with none ticked.</li>`}</ul>
<p class="src-meta">Proposes ${(STATUS_CHOICES.find((s) => s.value === (m.status ?? 'partial_outage'))?.label ?? '').replace(' (the default)', '').toLowerCase()} · severity ${sev} · ${m.publish ? html`<strong>publishes at once</strong>` : 'opens a draft'}${extra.length ? ` · ${extra.join(' · ')} (set through the API)` : ''}</p>`;
}

function groupsTable(m: MonitorCard, zone: string): Html {
  if (!m.groups.length) return html`<p class="src-meta">No alert received yet.</p>`;
  return html`<div class="table-scroll"><table class="ctable"><caption class="sr-only">Latest alerts from ${m.name}</caption>
<thead><tr><th scope="col">Alert</th><th scope="col">State</th><th scope="col">Firing</th><th scope="col">Last change</th></tr></thead>
<tbody>${m.groups.map((g) => {
    const [label, tone] = STATE[g.state] ?? [g.state, 'plain'];
    return html`<tr><td>${g.incident_id ? html`<a href="/console/incidents/${encodeURIComponent(g.incident_id)}">${g.title}</a>` : g.title}</td><td>${pill(label, tone)}</td><td>${g.firing} of ${g.alert_count}</td><td>${when(g.updated_at, zone)}</td></tr>`;
  })}</tbody></table></div>`;
}

function monitorCard(m: MonitorCard, d: MonitorsData): Html {
  const id = encodeURIComponent(m.id);
  return html`<section class="card-pad src-card" id="m-${m.id}" aria-labelledby="m-${m.id}-title">
<div class="src-head"><h3 id="m-${m.id}-title">${m.name}</h3>${pill(m.kindTitle, 'info')} ${m.signed && pill('Signed requests', 'ok')}</div>
<p class="src-meta">Connected ${when(m.created_at, d.zone)}</p>
${rulesInWords(m.mapping, d)}
<h4 class="mon-sub">Latest alerts</h4>
${groupsTable(m, d.zone)}
<p class="form-end"><a class="cbutton cbutton-quiet" href="/console/monitors/${id}">Edit rules<span class="sr-only"> of ${m.name}</span></a>
<a class="cbutton cbutton-quiet" href="/console/monitors/${id}/rotate">New secret…<span class="sr-only"> for ${m.name}</span></a>
<a class="cbutton cbutton-danger" href="/console/monitors/${id}/disconnect">Disconnect…<span class="sr-only"> ${m.name}</span></a></p>
</section>`;
}

const FORM_FIELDS = ['name', 'kind', 'label', 'status', 'severity'];

function connectForm(d: MonitorsData): Html {
  const errors = d.form?.errors ?? {};
  const values = d.form?.values ?? {
    kind: 'alertmanager',
    label: 'service',
    status: 'partial_outage',
  };
  const o = { values, errors, idPrefix: 'new-' };
  return html`<section class="card-pad src-card" id="connect" aria-labelledby="connect-title">
<h2 id="connect-title" class="csection-title">Connect a monitor</h2>
<p class="chint">Flare makes a web address with a secret in it; paste it into the tool as a webhook. Its alerts then open a draft incident here, and the comms lead is told.</p>
${errorSummary(errors, { fields: [...FORM_FIELDS, ...d.components.map((c) => componentField(c.id))], idPrefix: 'new-', lead: 'Nothing was connected.' })}
${otherErrors(errors, [...FORM_FIELDS, ...d.components.map((c) => componentField(c.id))])}
<form class="cform" method="post" action="/console/monitors" novalidate>
${csrfField(d.csrf)}${onceField()}
${textField({ ...o, name: 'name', label: MONITOR_LABELS.name, help: 'What your team calls it, e.g. “Prometheus production”.', maxlength: 200, required: true })}
${selectField({ ...o, name: 'kind', label: MONITOR_LABELS.kind, options: d.kinds.map((k) => ({ value: k.kind, label: k.title })) })}
${mappingFields(d, values, errors, 'new-')}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Connect</button></div>
</form></section>`;
}

export function monitorsBody(d: MonitorsData): Html {
  return html`<div class="page-title"><h1>Monitors</h1><p class="chint">The alerting tools whose alerts open draft incidents. Nothing is public until someone publishes the draft, unless a monitor is set to publish at once. Setting up each tool: <code>docs/alerts.md</code>.</p></div>
${d.monitors.length ? html`<div class="src-grid">${d.monitors.map((m) => monitorCard(m, d))}</div>` : html`<p class="src-meta">No monitor is connected yet.</p>`}
${connectForm(d)}`;
}

/** The edit form for one monitor's name and rules. */
export function monitorEditBody(
  d: MonitorsData,
  m: MonitorCard,
  form: { values: Values; errors: Errors },
): Html {
  const { values, errors } = form;
  const fields = ['name', 'label', 'status', 'severity'];
  return html`<div class="page-title"><p class="chint"><a href="/console/monitors">Monitors</a></p><h1>Rules of ${m.name}</h1><p class="chint">${m.kindTitle}. Changes apply to the next alert; drafts already open stay as they are.</p></div>
<section class="card-pad src-card">
${errorSummary(errors, { fields: [...fields, ...d.components.map((c) => componentField(c.id))], idPrefix: 'edit-', lead: 'Nothing was saved.' })}
${otherErrors(errors, [...fields, ...d.components.map((c) => componentField(c.id))])}
<form class="cform" method="post" action="/console/monitors/${encodeURIComponent(m.id)}" novalidate>
${csrfField(d.csrf)}${onceField()}
${textField({ values, errors, idPrefix: 'edit-', name: 'name', label: MONITOR_LABELS.name, maxlength: 200, required: true })}
${mappingFields(d, values, errors, 'edit-', m.mapping)}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Save rules</button> <a class="cbutton cbutton-quiet" href="/console/monitors">Cancel</a></div>
</form></section>`;
}

/** The one page that shows a monitor's intake URL and secrets. */
export function monitorSecretBody(o: {
  name: string;
  kindTitle: string;
  url: string;
  signingSecret: string | null;
  signingName: string | null;
  rotated: boolean;
}): Html {
  return html`<section class="card-pad secret-card" aria-labelledby="secret-title">
<h1 id="secret-title">${o.rotated ? `New secret for ${o.name}` : `${o.name} is connected`}</h1>
<p class="secret-warn"><strong>Copy the address now: you will not see it again.</strong> Flare keeps the secret in it encrypted and never shows it. If it is lost, make a new one.${o.rotated ? ' The old address has stopped working: update the tool now.' : ''}</p>
<div class="cfield"><label class="clabel" for="new-secret">Webhook URL to paste into ${o.kindTitle}</label>
<div class="secret-row"><input id="new-secret" class="secret" type="text" value="${o.url}" readonly spellcheck="false" autocomplete="off"><button class="cbutton cbutton-quiet" type="button" data-copy="new-secret" hidden>Copy</button></div>
<p class="chint copy-status" data-copy-status aria-live="polite"></p></div>
${
  o.signingSecret &&
  html`<div class="cfield"><label class="clabel" for="signing-secret">${o.signingName ?? 'Signing secret'}</label>
<input id="signing-secret" class="secret" type="text" value="${o.signingSecret}" readonly spellcheck="false" autocomplete="off">
<p class="chint">${o.kindTitle} signs every request with it; Flare refuses a request whose signature does not match.</p></div>`
}
<p class="notice-actions"><a class="cbutton cbutton-primary" href="/console/monitors">I have copied it: back to the monitors</a></p>
</section>`;
}

/** Asks before rotating a monitor's secret or disconnecting it. */
export function monitorConfirmBody(o: {
  title: string;
  text: string;
  action: string;
  button: string;
  csrf: string;
}): Html {
  return html`<section class="card-pad notice-card confirm-card"><h1>${o.title}</h1>
<p>${o.text}</p>
<form method="post" action="${o.action}" class="notice-actions">${csrfField(o.csrf)}${onceField()}<input type="hidden" name="confirm" value="yes">
<button class="cbutton cbutton-danger" type="submit">${o.button}</button> <a class="cbutton cbutton-quiet" href="/console/monitors">Cancel</a></form></section>`;
}

export function monitorsRefusedBody(): Html {
  return html`<div class="page-title"><h1>Monitors</h1></div>
<p class="approval-note">You are signed in with a token that can post incidents but not connect monitors. To see and change them, sign in with an admin token.</p>`;
}
