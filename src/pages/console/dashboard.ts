/** The dashboard: what needs the comms lead now, then the health of delivery and subscriptions. */
import { INCIDENT_STATUS_LABEL } from '../../domain/status.js';
import { type Html, html } from '../../lib/html.js';
import type { Approval } from '../../store/queries/approvals.js';
import type { DeliveryHealth, SubscriberCount } from '../../store/queries/consoleReads.js';
import type { IncidentRoleRow } from '../../store/queries/incidentRoom.js';
import type { Incident } from '../../store/queries/models.js';
import { csrfField, dueBadge, duration, pill, severityBadge, when } from './parts.js';

export interface OpenIncident {
  incident: Incident;
  roles: IncidentRoleRow[];
}

export interface PendingApproval {
  approval: Approval;
  /** who asked, as a person reads it ("Ben Okafor (comms lead)") */
  requester: string;
  /** what it is, e.g. "The first post of a new incident" */
  what: string;
  /** the wording that publishes on approval */
  body: string;
}

export interface DashboardData {
  /** channel name → label, from the channel descriptors */
  channelLabels: Record<string, string>;
  open: OpenIncident[];
  drafts: OpenIncident[];
  approvals: PendingApproval[];
  maintenance: Incident[];
  health: DeliveryHealth;
  subscribers: SubscriberCount[];
  readiness: {
    score: number;
    ready: boolean;
    gaps: { severity: string; message: string }[];
  } | null;
  zone: string;
  now: Date;
  csrf: string;
  /** the signed-in actor's id, to tell them when a request is their own */
  viewer?: string;
  /** the plan lets the writer approve their own message */
  selfApproval?: boolean;
}

function sevClass(sev: string | null): string {
  const n = sev ? /(\d+)$/.exec(sev)?.[1] : undefined;
  return n === '1' || n === '2' || n === '3' ? `sevc-${n}` : '';
}

function rolesLine(roles: IncidentRoleRow[]): Html | null {
  if (roles.length === 0) return null;
  return html`<ul class="roles-inline" aria-label="Roles">${roles.map(
    (r) =>
      html`<li class="${r.acked_at ? 'acked' : 'unacked'}"><b>${r.role_name}:</b> ${r.person_name} ${r.acked_at ? html`<span aria-label="acknowledged">✓</span>` : html`<span>· not acknowledged</span>`}</li>`,
  )}</ul>`;
}

function incidentCard(o: OpenIncident, now: Date): Html {
  const i = o.incident;
  const href = `/console/incidents/${encodeURIComponent(i.id)}`;
  return html`<article class="inc-card ${sevClass(i.severity)}">
<div class="inc-top">
  <div class="inc-title">${severityBadge(i.severity)}<h3 class="title-text" dir="auto"><a href="${href}">${i.name}</a></h3>${i.draft && pill('Draft: not public', 'warn')}${i.drill && pill('Drill', 'info')}</div>
  ${!i.draft && dueBadge(i.next_update_at, now)}
</div>
<p class="inc-meta"><span>${INCIDENT_STATUS_LABEL[i.status] ?? i.status}</span><span>Open for ${duration(now.getTime() - Date.parse(i.started_at))}</span><span>${i.updates.length} update${i.updates.length === 1 ? '' : 's'}</span></p>
${rolesLine(o.roles)}
<div class="inc-actions"><a class="cbutton cbutton-primary" href="${href}#post-update">Post an update</a><a class="cbutton cbutton-quiet" href="${href}">Open incident</a>${!i.draft && html`<a class="cbutton cbutton-quiet" href="${href}?action=resolve#resolve">Resolve</a>`}</div>
</article>`;
}

function approvalCard(p: PendingApproval, d: DashboardData): Html {
  const { csrf, zone } = d;
  const a = p.approval;
  const id = encodeURIComponent(a.id);
  const own = !d.selfApproval && d.viewer !== undefined && a.requested_by === d.viewer;
  return html`<article class="approval">
<div class="approval-head"><h3>${a.incident_name ?? 'Message'}</h3><span class="chint">Asked by ${p.requester} · ${a.state === 'escalated' ? 'escalated · ' : ''}time box ends ${when(a.expires_at, zone)}</span></div>
<p class="approval-what">${p.what}. Read it as a customer would, edit if needed, then decide.</p>
${own ? html`<p class="approval-note">You asked for this approval, so another person must approve it (the plan's rule). You can still reject it.</p>` : !d.selfApproval && html`<p class="chint">Rule: the person who wrote it cannot approve it too.</p>`}
<form method="post" action="/console/approvals/${id}">
${csrfField(csrf)}
<label class="sr-only" for="ap-${a.id}">Wording to publish</label>
<textarea id="ap-${a.id}" name="body" rows="4" maxlength="20000">${p.body}</textarea>
<div class="row">
<label class="sr-only" for="apn-${a.id}">Note for the timeline</label>
<input id="apn-${a.id}" type="text" name="note" maxlength="2000" placeholder="Note for the incident room (optional)">
<button class="cbutton cbutton-ok" type="submit" name="decision" value="approve">Approve</button>
<button class="cbutton cbutton-quiet" type="submit" name="decision" value="edit">Publish my edit</button>
<button class="cbutton cbutton-danger" type="submit" name="decision" value="reject">Reject</button>
</div>
</form>
</article>`;
}

function healthBlock(h: DeliveryHealth): Html {
  return html`<section class="card-pad" aria-labelledby="health-title">
<div class="block-head"><h2 id="health-title">Deliveries, last 24 h</h2></div>
<div class="stats">
<div class="stat"><b>${h.queued}</b><span>queued</span></div>
<div class="stat"><b>${h.sent}</b><span>sent</span></div>
<div class="stat${h.dead ? ' bad' : ''}"><b>${h.dead}</b><span>failed</span></div>
</div>
</section>`;
}

function subscribersBlock(rows: SubscriberCount[], labels: Record<string, string>): Html {
  const total = rows.reduce((n, r) => n + r.active, 0);
  return html`<section class="card-pad" aria-labelledby="subs-title">
<div class="block-head"><h2 id="subs-title">Subscribers</h2><a href="/console/subscribers">${total} active</a></div>
${
  rows.length
    ? html`<ul class="side-list">${rows.map(
        (r) =>
          html`<li><span>${labels[r.channel] ?? r.channel}${r.contacts ? html` <small class="chint">(${r.contacts} account contact${r.contacts === 1 ? '' : 's'})</small>` : ''}${r.pending ? html` <small class="chint">(${r.pending} unconfirmed)</small>` : ''}${r.paused ? html` <small class="chint">(${r.paused} paused)</small>` : ''}</span><span class="num">${r.active}</span></li>`,
      )}</ul>`
    : html`<p class="empty">Nobody has subscribed yet.</p>`
}
</section>`;
}

function maintenanceBlock(list: Incident[], zone: string): Html {
  return html`<section class="card-pad" aria-labelledby="maint-title">
<div class="block-head"><h2 id="maint-title">Upcoming maintenance</h2></div>
${
  list.length
    ? html`<ul class="side-list">${list.map(
        (m) =>
          html`<li><span>${m.name}${m.status === 'in_progress' ? html` ${pill('In progress', 'info')}` : ''}</span><span class="chint">${m.scheduled_for ? when(m.scheduled_for, zone) : ''}</span></li>`,
      )}</ul>`
    : html`<p class="empty">None scheduled.</p>`
}
</section>`;
}

function readinessBlock(r: NonNullable<DashboardData['readiness']>): Html {
  const critical = r.gaps.filter((g) => g.severity === 'critical').length;
  const top = [...r.gaps].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1,
  );
  return html`<section class="card-pad" aria-labelledby="ready-title">
<div class="block-head"><h2 id="ready-title">Plan readiness</h2><span class="score ${!r.ready ? 'count-bad' : r.score >= 80 ? 'count-ok' : 'count-warn'}">${r.score}%</span></div>
${
  top.length
    ? html`<p class="chint">${critical ? `${critical} critical gap${critical === 1 ? '' : 's'}` : 'No critical gaps'} · ${r.gaps.length} in all. <a href="/console/plan">See how to fix each on the Plan screen</a>.</p>
<ul class="side-list gaps">${top.slice(0, 4).map((g) => html`<li>${g.severity === 'critical' ? pill('Critical', 'bad') : pill('Gap', 'warn')} <span>${g.message}</span></li>`)}</ul>`
    : html`<p class="empty">No gaps: the plan is ready.</p>`
}
</section>`;
}

export function dashboardBody(d: DashboardData): Html {
  return html`<div class="page-title"><h1>Dashboard</h1></div>
<div class="dash-grid">
<div class="dash-main">
<div id="live-approvals" data-live>${
    d.approvals.length > 0 &&
    html`<section aria-labelledby="approvals-title"><div class="block-head"><h2 id="approvals-title">Waiting for your approval <span class="count">${d.approvals.length}</span></h2></div>
${d.approvals.map((p) => approvalCard(p, d))}</section>`
  }</div>
<section id="live-open" data-live aria-labelledby="open-title">
<div class="block-head"><h2 id="open-title">Open incidents <span class="count">${d.open.length}</span></h2></div>
${
  d.open.length
    ? html`<div class="inc-list">${d.open.map((o) => incidentCard(o, d.now))}</div>`
    : html`<div class="card-pad"><p class="empty"><strong>No open incidents.</strong> When something breaks, press <a href="/console/declare">Declare incident</a>: the plan does the rest.</p></div>`
}
</section>
<div id="live-drafts" data-live>${
    d.drafts.length > 0 &&
    html`<section aria-labelledby="drafts-title"><div class="block-head"><h2 id="drafts-title">Drafts <span class="count">${d.drafts.length}</span></h2></div>
<div class="inc-list">${d.drafts.map((o) => incidentCard(o, d.now))}</div></section>`
  }</div>
</div>
<div class="dash-side" id="live-side" data-live>
${healthBlock(d.health)}
${maintenanceBlock(d.maintenance, d.zone)}
${subscribersBlock(d.subscribers, d.channelLabels)}
${d.readiness && readinessBlock(d.readiness)}
</div>
</div>`;
}
