/** The Team screen (read-only): people, roles with their on-call rotations, and severities. */

import { type Html, html } from '../../lib/html.js';
import type { Person, Role, Severity } from '../../store/queries/team.js';
import { pill } from './parts.js';

export interface TeamData {
  people: Person[];
  roles: Role[];
  severities: Severity[];
  /** role keys → the person on call now */
  onCall: Map<string, string>;
}

function contact(p: Person): Html {
  const bits = [
    p.email && html`<a href="mailto:${p.email}">${p.email}</a>`,
    p.phone,
    p.slack && `Slack ${p.slack.startsWith('http') ? '(webhook)' : p.slack}`,
    p.teams && `Teams ${p.teams.startsWith('http') ? '(webhook)' : p.teams}`,
  ].filter(Boolean);
  return html`${bits.map((b, i) => [i > 0 && ' · ', b])}`;
}

export function teamBody(d: TeamData): Html {
  const names = new Map(d.roles.map((r) => [r.key, r.name]));
  return html`<div class="page-title"><h1>Team</h1><p class="chint">Who is called in, in what order, and what each severity means. To change it, use the CLI (<code>flare team add</code>, <code>flare role rotation</code>) or the admin API (<a href="/api/v1/openapi.json">OpenAPI</a>: <code>/api/v1/people</code>, <code>/api/v1/roles</code>, <code>/api/v1/severities</code>).</p></div>
<div class="dash-grid">
<div class="dash-main">
<section class="card-pad" aria-labelledby="roles-title">
<div class="block-head"><h2 id="roles-title">Roles and rotations</h2></div>
<div class="table-scroll"><table class="ctable"><thead><tr><th scope="col">Role</th><th scope="col">On call now</th><th scope="col">Rotation, in order</th></tr></thead>
<tbody>${d.roles.map(
    (
      r,
    ) => html`<tr><td><strong>${r.name}</strong>${r.description && html`<br><small class="chint">${r.description}</small>`}</td>
<td>${d.onCall.get(r.key) ?? pill('Nobody', 'bad')}</td>
<td>${r.rotation.length ? r.rotation.map((p) => p.name).join(' → ') : html`<span class="chint">Empty</span>`}</td></tr>`,
  )}</tbody></table></div>
</section>
<section class="card-pad" aria-labelledby="people-title">
<div class="block-head"><h2 id="people-title">People <span class="count">${d.people.length}</span></h2></div>
${
  d.people.length
    ? html`<div class="table-scroll"><table class="ctable"><thead><tr><th scope="col">Name</th><th scope="col">Reached by</th><th scope="col">Time zone</th><th scope="col">Hours</th></tr></thead>
<tbody>${d.people.map((p) => html`<tr><td><strong>${p.name}</strong></td><td>${contact(p)}</td><td>${p.time_zone}</td><td>${p.working_hours ?? '24/7'}</td></tr>`)}</tbody></table></div>`
    : html`<p class="empty">Nobody yet. Add people with <code>flare team add --name "Ana Silva" --email ana@example.com</code>.</p>`
}
</section>
</div>
<div class="dash-side">
<section class="card-pad" aria-labelledby="sev-title">
<div class="block-head"><h2 id="sev-title">Severities</h2></div>
<ul class="side-list">${d.severities.map(
    (s) =>
      html`<li><span><strong>${s.key} · ${s.name}</strong><br><small class="chint">${s.description}</small><br><small class="chint">Updates every ${s.settings.cadence.firstMinutes} min, then every ${s.settings.cadence.laterMinutes} · ${s.settings.approvalRequired ? 'free text needs approval' : 'no approval needed'} · calls in ${s.settings.calledRoles.map((k) => names.get(k) ?? k).join(', ') || 'nobody'}</small></span></li>`,
  )}</ul>
</section>
</div>
</div>`;
}
