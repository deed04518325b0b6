/**
 * The Severities screen: each level in words (who is called in, who is told on which channel,
 * approval, cadence), with edit and delete, and the plan's approval rule: whether the writer of
 * a message may approve it too.
 */
import { type Html, html } from '../../lib/html.js';
import type { Severity } from '../../store/queries/team.js';
import { csrfField, pill, severityBadge } from './parts.js';

export interface SeveritiesData {
  severities: Severity[];
  roleNames: Map<string, string>;
  labels: Record<string, string>;
  audienceNames: Map<string, string>;
  allowSelfApproval: boolean;
  canEdit: boolean;
  csrf: string;
}

const list = (xs: string[], f: (x: string) => string) =>
  xs.length ? xs.map(f).join(', ') : 'nobody';

function card(s: Severity, d: SeveritiesData): Html {
  const t = s.settings;
  const ch = (xs: string[]) =>
    xs.length ? xs.map((c) => d.labels[c] ?? c).join(', ') : 'not told';
  const key = encodeURIComponent(s.key);
  return html`<article class="card-pad sev-item" id="sev-${s.key}">
<div class="block-head"><h2>${severityBadge(s.key)} ${s.name}</h2>${t.approvalRequired ? pill('Free text needs approval', 'warn') : pill('No approval needed', 'ok')}</div>
<p>${s.description}</p>
<dl class="facts">
<div><dt>Calls in</dt><dd>${list(t.calledRoles, (k) => d.roleNames.get(k) ?? k)}</dd></div>
<div><dt>Customers and the public</dt><dd>${ch(t.audiences.public)}</dd></div>
<div><dt>The team</dt><dd>${ch(t.audiences.internal)}</dd></div>
<div><dt>Key accounts</dt><dd>${ch(t.audiences.key_accounts)}</dd></div>
<div><dt>Updates</dt><dd>Every ${t.cadence.firstMinutes} min for the first ${t.cadence.firstWindowMinutes} min, then every ${t.cadence.laterMinutes} min</dd></div>
<div><dt>Approval</dt><dd>${t.approvalRequired ? `The incident lead, within ${t.approvalTimeBoxMinutes} min; then it ${t.autoPublishOnTimeout ? 'publishes by itself' : 'escalates'}` : 'Not needed'}</dd></div>
<div><dt>Acknowledge within</dt><dd>${t.ackTimeoutMinutes} min</dd></div>
${
  t.notify &&
  html`<div><dt>Customer audiences</dt><dd>${list(
    t.notify.map((n) => n.audience),
    (k) => d.audienceNames.get(k) ?? k,
  )}</dd></div>`
}
</dl>
${d.canEdit && html`<p class="notice-actions"><a class="cbutton cbutton-primary cbutton-sm" href="/console/severities/${key}">Edit ${s.key}</a> <a class="cbutton cbutton-danger cbutton-sm" href="/console/severities/${key}/delete">Delete…</a></p>`}
</article>`;
}

function approvalRule(d: SeveritiesData): Html {
  return html`<section class="card-pad" id="approval-rule" aria-labelledby="rule-title">
<h2 class="csection-title" id="rule-title">Who approves</h2>
<p>A message that needs approval goes to the <strong>incident lead</strong> on call.</p>
<p class="approval-note">${d.allowSelfApproval ? 'Today the person who wrote a message may also approve it.' : 'Today a second person must approve: whoever wrote a message cannot approve it too.'}</p>
${
  d.canEdit &&
  html`<form method="post" action="/console/severities/approval-rule">${csrfField(d.csrf)}
<label class="ccheck"><input type="checkbox" name="allow_self_approval" value="true" ${d.allowSelfApproval && 'checked'}> Let the writer approve their own message</label>
<p class="chint">Only for a team of one. Otherwise leave it off, so every message gets a second pair of eyes.</p>
<div class="form-end"><button class="cbutton cbutton-primary cbutton-sm" type="submit">Save the rule</button></div>
</form>`
}
</section>`;
}

export function severitiesBody(d: SeveritiesData): Html {
  return html`<div class="page-title"><div><h1>Severities</h1><p class="chint">What each level means, who it calls in, who it tells, and how often it promises an update.</p></div>${d.canEdit && html`<a class="cbutton cbutton-primary" href="/console/severities/new">Add a severity</a>`}</div>
${!d.canEdit && html`<p class="approval-note">You are signed in with a token that can read the plan but not change it. To edit severities, sign in with an admin token.</p>`}
<div class="dash-grid">
<div class="dash-main sev-list">
${d.severities.length ? d.severities.map((s) => card(s, d)) : html`<section class="card-pad"><p class="empty">No severities yet. Add one: a plan needs at least one to declare an incident.</p></section>`}
</div>
<div class="dash-side">${approvalRule(d)}</div>
</div>`;
}
