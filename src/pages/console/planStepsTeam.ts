/** Plan builder steps 1–4: team and roles, severities, audiences and channels, templates. */
import { AUDIENCE_CHANNELS } from '../../domain/severity.js';
import { STAGES } from '../../domain/templates.js';
import { type Html, html } from '../../lib/html.js';
import { csrfField, LOCALE_NAMES, pill, selectField, textField } from './parts.js';
import type { PlanScreen } from './plan.js';
import { errorBox, sevCard, stateOf } from './planStepForms.js';

const CHANNEL_WORDS: Record<string, string> = {
  status_page: 'Status page',
  email: 'Email',
  sms: 'SMS',
  webhook: 'Webhooks',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  social: 'Social media',
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');

function checks(name: string, options: { value: string; label: string }[], chosen: string[]) {
  return html`<div class="check-grid">${options.map((o) => html`<label class="ccheck"><input type="checkbox" name="${name}" value="${o.value}" ${chosen.includes(o.value) && 'checked'}> ${o.label}</label>`)}</div>`;
}

function rotations(s: PlanScreen): Html {
  const { roles, people } = s.data.plan;
  const st = stateOf(s, 'rotations');
  return html`<section class="card-pad plan-card" id="rotations" aria-labelledby="rotations-t">
<h2 id="rotations-t" class="plan-card-title">Roles and who is on each</h2>
<div class="table-scroll"><table class="ctable"><thead><tr><th scope="col">Role</th><th scope="col">On the rotation, first on call first</th></tr></thead>
<tbody>${roles.map(
    (r) =>
      html`<tr><td><strong>${r.name}</strong><br><small class="chint">${r.description}</small></td><td>${
        r.rotation.length
          ? html`<ol class="rota">${r.rotation.map(
              (p) =>
                html`<li><span>${p.name}</span><form method="post" action="/console/plan/1/rotation/remove">${csrfField(s.csrf)}<input type="hidden" name="role" value="${r.key}"><input type="hidden" name="person" value="${p.id}"><button class="linkish" type="submit">Remove<span class="sr-only"> ${p.name} from ${r.name}</span></button></form></li>`,
            )}</ol>`
          : pill('Nobody yet', 'warn')
      }</td></tr>`,
  )}</tbody></table></div>
${
  people.length
    ? html`<h3 class="plan-sub">Put someone on a rotation</h3>
${errorBox(st.errors, ['role', 'person'])}
<form class="cform" method="post" action="/console/plan/1/rotation" novalidate>${csrfField(s.csrf)}
<div class="grid-2">
${selectField({ name: 'role', label: 'Role', values: st.values, errors: st.errors, idPrefix: 'rot-', options: roles.map((r) => ({ value: r.key, label: r.name })) })}
${selectField({ name: 'person', label: 'Person', values: st.values, errors: st.errors, idPrefix: 'rot-', options: people.map((p) => ({ value: p.id, label: p.name })) })}
</div>
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Add to the rotation</button></div></form>`
    : html`<p class="empty">Add the first person below, then put them on a rotation.</p>`
}
</section>`;
}

function addPerson(s: PlanScreen): Html {
  const st = stateOf(s, 'add-person');
  const f = { values: st.values, errors: st.errors, idPrefix: 'p-' };
  return html`<section class="card-pad plan-card" id="add-person" aria-labelledby="add-person-t">
<h2 id="add-person-t" class="plan-card-title">Add a person to the team</h2>
${errorBox(st.errors, ['name', 'email', 'phone', 'slack', 'role'])}
<form class="cform" method="post" action="/console/plan/1/person" novalidate>${csrfField(s.csrf)}
<div class="grid-2">
${textField({ ...f, name: 'name', label: 'Name', required: true, placeholder: 'e.g. Ana Silva' })}
${selectField({ ...f, name: 'role', label: 'Their role (optional)', options: [{ value: '', label: 'Not on a rotation yet' }, ...s.data.plan.roles.map((r) => ({ value: r.key, label: r.name }))] })}
</div>
<div class="grid-2">
${textField({ ...f, name: 'email', label: 'Email', placeholder: 'ana@example.com' })}
${textField({ ...f, name: 'phone', label: 'Mobile phone', help: 'With the country code, e.g. +447700900123.' })}
</div>
${textField({ ...f, name: 'slack', label: 'Slack incoming-webhook URL (optional)', help: 'Lets Flare post to them on Slack.' })}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Add person</button></div></form>
</section>`;
}

function addRole(s: PlanScreen): Html {
  const st = stateOf(s, 'add-role');
  const f = { values: st.values, errors: st.errors, idPrefix: 'r-' };
  return html`<details class="more card-pad" id="add-role" ${Object.keys(st.errors).length > 0 && 'open'}>
<summary>Add a role of your own</summary>
${errorBox(st.errors, ['key', 'name', 'description'])}
<form class="cform" method="post" action="/console/plan/1/role" novalidate>${csrfField(s.csrf)}
<div class="grid-2">
${textField({ ...f, name: 'name', label: 'Name', placeholder: 'e.g. Security lead' })}
${textField({ ...f, name: 'key', label: 'Short key', help: 'Lower case with underscores, e.g. security_lead.' })}
</div>
${textField({ ...f, name: 'description', label: 'What they do' })}
<div class="form-end"><button class="cbutton cbutton-quiet" type="submit">Add role</button></div></form></details>`;
}

export function stepTeam(s: PlanScreen): Html {
  return html`${rotations(s)}${addPerson(s)}${addRole(s)}
<p class="chint">Working hours, time zones and editing someone's details: <a href="/console/team">the Team screen</a>.</p>`;
}

export function stepSeverities(s: PlanScreen): Html {
  const roles = s.data.plan.roles.map((r) => ({ value: r.key, label: r.name }));
  const st = stateOf(s, 'add-severity');
  const f = { values: st.values, errors: st.errors, idPrefix: 'ns-' };
  return html`${s.data.plan.severities.map((sev) =>
    sevCard(
      s,
      2,
      sev,
      ['name', 'description', 'calledRoles'],
      (
        x,
      ) => html`${textField({ name: 'name', label: 'Name', values: x.values, errors: x.errors, idPrefix: `${sev.key}-` })}
${textField({ name: 'description', label: 'When to use it', values: x.values, errors: x.errors, idPrefix: `${sev.key}-`, multiline: true })}
<fieldset class="cfield"><legend class="clabel">Who is called in</legend>${checks('calledRoles', roles, x.values.calledRoles?.split(',') ?? [])}</fieldset>`,
      {
        name: sev.name,
        description: sev.description,
        calledRoles: sev.settings.calledRoles.join(','),
      },
    ),
  )}
<section class="card-pad plan-card" id="add-severity" aria-labelledby="add-severity-t">
<h2 id="add-severity-t" class="plan-card-title">Add a severity</h2>
${errorBox(st.errors, ['key', 'name', 'description'])}
<form class="cform" method="post" action="/console/plan/2/severity" novalidate>${csrfField(s.csrf)}
<div class="grid-2">
${textField({ ...f, name: 'key', label: 'Short key', help: 'Capitals and digits, e.g. SEV4.' })}
${textField({ ...f, name: 'name', label: 'Name', placeholder: 'e.g. Cosmetic' })}
</div>
${textField({ ...f, name: 'description', label: 'When to use it', multiline: true })}
<p class="chint">It starts with the same people, channels, approval and cadence as the least severe one; change them on the next steps.</p>
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Add severity</button></div></form></section>
<p class="chint">Acknowledgement time-outs, account outreach and more: <a href="/console/severities">the Severities screen</a>.</p>`;
}

export function stepChannels(s: PlanScreen): Html {
  const opts = (list: readonly string[]) =>
    list.map((c) => ({ value: c, label: CHANNEL_WORDS[c] ?? cap(c) }));
  const reach = s.data.summary.roles.flatMap((r) => r.members);
  const seen = new Map(reach.map((p) => [p.id, p]));
  return html`${s.data.plan.severities.map((sev) =>
    sevCard(
      s,
      3,
      sev,
      ['public', 'internal'],
      (
        x,
      ) => html`<fieldset class="cfield"><legend class="clabel">Customers and the public are told on</legend>${checks('public', opts(AUDIENCE_CHANNELS.public), x.values.public?.split(',') ?? [])}</fieldset>
<fieldset class="cfield"><legend class="clabel">The team is told on</legend>${checks('internal', opts(AUDIENCE_CHANNELS.internal), x.values.internal?.split(',') ?? [])}</fieldset>`,
      {
        public: sev.settings.audiences.public.join(','),
        internal: sev.settings.audiences.internal.join(','),
      },
    ),
  )}
<section class="card-pad plan-card" id="reach" aria-labelledby="reach-t"><h2 id="reach-t" class="plan-card-title">How the people on call can be reached</h2>
${
  seen.size
    ? html`<ul class="side-list">${[...seen.values()].map((p) => html`<li><span>${p.name}</span>${p.channels.length ? html`<span>${p.channels.map((c) => CHANNEL_WORDS[c] ?? c).join(', ')}</span>` : pill('Cannot be reached', 'bad')}</li>`)}</ul>`
    : html`<p class="empty">Nobody is on a rotation yet (step 1).</p>`
}
<p class="chint">Change someone's email, phone or Slack on <a href="/console/team">the Team screen</a>. Groups of customers (key accounts, regions) are on <a href="/console/audiences">the Audiences screen</a>.</p></section>`;
}

export function stepTemplates(s: PlanScreen): Html {
  const have = new Set(s.data.summary.templateStages);
  const locales = new Set(s.data.plan.templates.map((t) => t.locale));
  const missing = STAGES.filter((x) => !have.has(x)).length;
  return html`<section class="card-pad plan-card" id="templates" aria-labelledby="templates-t"><h2 id="templates-t" class="plan-card-title">A message ready for every stage</h2>
<ul class="side-list">${STAGES.map((x) => html`<li><span>${cap(x)}</span>${have.has(x) ? pill('Ready', 'ok') : pill('Missing', 'bad')}</li>`)}</ul>
<p class="chint">Languages: ${[...locales].map((l) => LOCALE_NAMES[l] ?? l).join(', ') || 'none'}. Edit the wording, with a preview for each channel, on <a href="/console/templates">the Templates screen</a>.</p></section>
<section class="card-pad plan-card" id="restore" aria-labelledby="restore-t"><h2 id="restore-t" class="plan-card-title">Restore the built-in templates</h2>
<p>${missing ? `${missing} stage${missing === 1 ? ' has' : 's have'} no template. Put Flare's built-in wording back for what is missing; nothing you wrote is changed.` : 'Every stage has a template. Restoring only adds what is missing, so nothing you wrote is changed.'}</p>
<form method="post" action="/console/plan/4/restore">${csrfField(s.csrf)}<div class="form-end"><button class="cbutton ${missing ? 'cbutton-primary' : 'cbutton-quiet'}" type="submit">Restore missing templates</button></div></form></section>`;
}
