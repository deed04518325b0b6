/** Plan builder steps 5–8: approvals, backup comms, customer-facing preparation, cadence. */
import { type Html, html } from '../../lib/html.js';
import { csrfField, pill, selectField } from './parts.js';
import type { PlanScreen } from './plan.js';
import { numberField, personOptions, settingForm, sevCard } from './planStepForms.js';

const YES_NO = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

export function stepApprovals(s: PlanScreen): Html {
  return html`${s.data.plan.severities.map((sev) =>
    sevCard(
      s,
      5,
      sev,
      ['approvalRequired', 'approvalTimeBoxMinutes', 'autoPublishOnTimeout'],
      (x) => {
        const f = { values: x.values, errors: x.errors, idPrefix: `${sev.key}-` };
        return html`<div class="grid-2">
${selectField({ ...f, name: 'approvalRequired', label: 'Free text needs an approver', options: YES_NO })}
${numberField('approvalTimeBoxMinutes', 'Minutes the approver has', 'Five or less keeps the first post fast.', x, `${sev.key}-`)}
</div>
${selectField({ ...f, name: 'autoPublishOnTimeout', label: 'Publish anyway when the time is up', help: 'So a missing approver never holds up the first post.', options: YES_NO })}`;
      },
      {
        approvalRequired: String(sev.settings.approvalRequired),
        approvalTimeBoxMinutes: String(sev.settings.approvalTimeBoxMinutes),
        autoPublishOnTimeout: String(sev.settings.autoPublishOnTimeout),
      },
    ),
  )}
${settingForm(s, {
  step: 5,
  key: 'allow_self_approval',
  anchor: 'approvals',
  title: 'Who may approve',
  label: 'The writer of a message may approve it too',
  help: 'No (the default) means a second person always says yes.',
  options: [
    { value: '', label: 'No (default)' },
    { value: 'true', label: 'Yes' },
    { value: 'false', label: 'No' },
  ],
})}
<p class="chint">The approvers are the incident lead rotation (step 1).</p>`;
}

export function stepBackup(s: PlanScreen): Html {
  const p = s.data.summary.providers;
  const row = (label: string, on: boolean, env: string) =>
    html`<li><span>${label}<br><small class="chint">Set by whoever runs Flare: <code>${env}</code></small></span>${on ? pill('Set up', 'ok') : pill('Not set up', 'warn')}</li>`;
  return html`<section class="card-pad plan-card" id="providers" aria-labelledby="providers-t"><h2 id="providers-t" class="plan-card-title">Providers that send your messages</h2>
<ul class="side-list">
${
  !p.email && p.emailDemo
    ? html`<li><span>Email provider<br><small class="chint">Email lands in the <a href="/demo/inbox">demo inbox</a> on this machine; for real email, whoever runs Flare sets <code>FLARE_SMTP_URL</code></small></span>${pill('Demo inbox', 'info')}</li>`
    : row('Email provider', p.email, 'FLARE_SMTP_URL')
}
${row('Second email provider, if the first fails', p.emailFallback, 'FLARE_SMTP_FALLBACK_URL')}
${row('SMS provider', p.sms, 'FLARE_SMS_URL')}
${row('Second SMS provider, if the first fails', p.smsFallback, 'FLARE_SMS_FALLBACK_URL')}
</ul>
<p class="chint">These are server settings. Send this list to the person who runs Flare for your team.</p></section>
${settingForm(s, {
  step: 6,
  key: 'static_export_target',
  anchor: 'backup',
  title: 'A copy of the status page elsewhere',
  label: 'Where the copy is published',
  help: 'A web address or folder outside Flare, e.g. https://backup-status.example.com. If Flare is down, send people there.',
  placeholder: 'https://backup-status.example.com',
})}`;
}

export function stepBriefing(s: PlanScreen): Html {
  return html`${settingForm(s, {
    step: 7,
    key: 'briefing_owner',
    anchor: 'briefing',
    title: 'Who briefs the customer-facing teams',
    label: 'Briefing owner',
    help: 'They prepare the support script and the notes for account managers and sales.',
    options: personOptions(s, 'Nobody yet'),
  })}
<section class="card-pad plan-card" aria-labelledby="prep-t"><h2 id="prep-t" class="plan-card-title">What the briefing covers</h2>
<ul class="plan-list">
<li>What happened, in the words of the latest public update.</li>
<li>Answers to the questions customers will ask: is my data safe, when will it be fixed, is there a workaround.</li>
<li>Who watches the phones, the support inbox and social media, and where they pass on what they hear.</li>
<li>Which key accounts get a call, and from whom (see <a href="/console/accounts">Accounts</a>).</li>
</ul></section>
${s.data.plan.people.length === 0 && html`<p class="chint">Add people in <a href="/console/plan/1#add-person">step 1</a> first.</p>`}`;
}

export function stepCadence(s: PlanScreen): Html {
  const sevs = s.data.plan.severities;
  return html`${sevs.map((sev) =>
    sevCard(
      s,
      8,
      sev,
      ['firstMinutes', 'laterMinutes', 'interimAfterMinutes'],
      (x) => html`<div class="grid-2">
${numberField('firstMinutes', 'Update every (minutes) at first', '30 or less; 20 is usual.', x, `${sev.key}-`)}
${numberField('laterMinutes', 'Update every (minutes) later on', 'Once things are under way.', x, `${sev.key}-`)}
</div>
${numberField('interimAfterMinutes', 'Post an interim update after (minutes)', 'If it is not fixed by then; 60 to 90 is the practice.', x, `${sev.key}-`)}`,
      {
        firstMinutes: String(sev.settings.cadence.firstMinutes),
        laterMinutes: String(sev.settings.cadence.laterMinutes),
        interimAfterMinutes: String(sev.settings.cadence.interimAfterMinutes),
      },
    ),
  )}
${settingForm(s, {
  step: 8,
  key: 'debrief_owner',
  anchor: 'debrief',
  title: 'Who runs the debrief',
  label: 'Debrief owner',
  help: 'How did customers react, was the message clear, which channels worked, who is at risk now.',
  options: personOptions(s, 'Nobody yet'),
})}
<section class="card-pad plan-card plan-drill" id="drill" aria-labelledby="drill-t"><h2 id="drill-t" class="plan-card-title">Run a drill</h2>
<p>Try the plan without any risk: a practice incident calls in the team and tells them on their own channels, exactly like a real one. Nothing goes public.</p>
${
  sevs.length
    ? html`<form class="cform" method="post" action="/console/plan/drill">${csrfField(s.csrf)}
${selectField({ name: 'severity', label: 'Severity to practise', values: { severity: sevs[0].key }, errors: {}, idPrefix: 'drill-', options: sevs.map((v) => ({ value: v.key, label: `${v.key}: ${v.name}` })) })}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Run a drill</button></div></form>`
    : html`<p class="empty">Add a severity in <a href="/console/plan/2">step 2</a> first.</p>`
}</section>`;
}
