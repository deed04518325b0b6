/**
 * The incident screen: header with the next-update countdown, the forms to post an update and
 * to resolve, the public timeline, roles with their acknowledgements, the internal room, and
 * delivery results per channel.
 */
import { IMPACT_LABEL, INCIDENT_STATUS_LABEL } from '../../domain/status.js';
import { type Html, html } from '../../lib/html.js';
import { renderMarkdown } from '../../lib/markdown.js';
import type { ChannelSummary } from '../../store/queries/deliveries.js';
import type { IncidentRoleRow, TimelineRow } from '../../store/queries/incidentRoom.js';
import type { Incident } from '../../store/queries/models.js';
import { type ActorTeam, actorLabel, withActorNames } from './actor.js';
import { csrfField, dueBadge, duration, pill, severityBadge, when } from './parts.js';

export interface IncidentScreen {
  /** channel name → label, from the channel descriptors */
  channelLabels: Record<string, string>;
  incident: Incident;
  severityName: string | null;
  roles: IncidentRoleRow[];
  room: TimelineRow[];
  deliveries: ChannelSummary[];
  waitingApprovals: number;
  zone: string;
  now: Date;
  csrf: string;
  /** the update and resolve forms, or null once the incident is closed */
  forms: Html | null;
  /** the key-account outreach board, or null when there are no tasks */
  outreach: Html | null;
  /** enquiries per 5 minutes and the top themes, or null when there are none */
  reaction: Html | null;
  /** audience key → name */
  audienceNames: Record<string, string>;
  /** the team, to name who wrote each entry of the room */
  people: ActorTeam['people'];
  /** the pending-handovers card (follow the sun), or null */
  handovers?: Html | null;
  /** the briefing's latest version and how many read it (issue #11) */
  briefing?: { version: number; read: number; total: number } | null;
}

function header(s: IncidentScreen): Html {
  const i = s.incident;
  const id = encodeURIComponent(i.id);
  const closed = i.status === 'resolved' || i.status === 'postmortem';
  const n = i.severity ? /(\d+)$/.exec(i.severity)?.[1] : undefined;
  return html`<section class="card-pad inc-head ${n ? `sevc-${n}` : ''}" id="live-head" data-live>
<div class="inc-top">
<div class="inc-title">${severityBadge(i.severity)}${s.severityName && html`<span class="sev-name">${s.severityName}</span>`} ${pill(INCIDENT_STATUS_LABEL[i.status] ?? i.status, closed ? 'ok' : 'bad')} ${i.draft && pill('Draft: not public', 'warn')} ${i.drill && pill('Drill', 'info')} ${i.visibility === 'audiences' && pill('Not public: audiences only', 'info')}</div>
${!closed && !i.draft && dueBadge(i.next_update_at, s.now)}
</div>
<h1 class="title-text" dir="auto">${i.name}</h1>
<p class="inc-meta"><span>Impact: <strong>${IMPACT_LABEL[i.impact] ?? i.impact}</strong></span><span>Started ${when(i.started_at, s.zone)}</span><span>${closed && i.resolved_at ? `Lasted ${duration(Date.parse(i.resolved_at) - Date.parse(i.started_at))}` : `Open for ${duration(s.now.getTime() - Date.parse(i.started_at))}`}</span></p>
${s.waitingApprovals > 0 && html`<p class="approval-note">${s.waitingApprovals === 1 ? 'A message is' : `${s.waitingApprovals} messages are`} waiting for approval. <a href="/console">Decide on the dashboard</a>.</p>`}
<div class="inc-actions">
${
  i.draft && !i.drill
    ? html`<form method="post" action="/console/incidents/${id}/publish">${csrfField(s.csrf)}<button class="cbutton cbutton-primary" type="submit">Publish now</button></form>`
    : !i.draft &&
      i.visibility !== 'audiences' &&
      html`<a class="cbutton cbutton-quiet" href="/incidents/${id}" target="_blank" rel="noopener">View on the status page ↗</a>`
}
${!closed && html`<a class="cbutton cbutton-quiet" href="#post-update">Post an update</a><a class="cbutton cbutton-quiet" href="?action=resolve#resolve" data-open="resolve">Resolve</a>`}
${s.outreach && html`<a class="cbutton cbutton-quiet" href="#outreach">Key-account calls</a>`}
${!i.drill && html`<a class="cbutton cbutton-quiet" href="/console/incidents/${id}/debrief">Debrief</a>`}
${!i.drill && html`<a class="cbutton cbutton-quiet" href="/console/incidents/${id}/briefing">Briefing${s.briefing && html` <small>v${s.briefing.version}, ${s.briefing.read} of ${s.briefing.total} read</small>`}</a>`}
</div>
</section>`;
}

function publicTimeline(i: Incident, zone: string, names: Record<string, string>): Html {
  return html`<section class="card-pad" aria-labelledby="public-title">
<div class="block-head"><h2 id="public-title">${i.visibility === 'audiences' ? 'Timeline' : 'Public timeline'}</h2><span class="chint">${i.draft ? 'Not public yet' : i.visibility === 'audiences' ? 'What the audiences were told' : 'What customers see'}</span></div>
<ol class="timeline">${i.updates.map(
    (u) =>
      html`<li class="update"><div class="update-head"><span class="update-status">${INCIDENT_STATUS_LABEL[u.status] ?? u.status}</span>${u.visibility === 'audiences' && html` ${pill(`Only to ${u.audiences.map((k) => names[k] ?? k).join(', ')}`, 'info')}`}${when(u.display_at, zone)}</div><div class="md" dir="auto">${renderMarkdown(u.body)}</div></li>`,
  )}</ol>
</section>`;
}

function roles(s: IncidentScreen): Html {
  const id = encodeURIComponent(s.incident.id);
  // once it is over there is nothing left to acknowledge
  const closed = s.incident.status === 'resolved' || s.incident.status === 'postmortem';
  return html`<section class="card-pad" aria-labelledby="roles-title">
<div class="block-head"><h2 id="roles-title">Roles</h2><span class="chint">${s.roles.filter((r) => r.acked_at).length} of ${s.roles.length} acknowledged</span></div>
${
  s.roles.length
    ? html`<ul class="role-list">${s.roles.map(
        (
          r,
        ) => html`<li><span class="role-who"><strong>${r.role_name}</strong><span>${r.person_name}</span><small>${r.acked_at ? html`Acknowledged ${when(r.acked_at, s.zone)}` : `Not acknowledged${r.escalation_level ? ` · escalated ${r.escalation_level}×` : ''}`}</small></span>
${
  r.acked_at
    ? pill('✓ Acknowledged', 'ok')
    : closed
      ? null
      : html`<form method="post" action="/console/incidents/${id}/ack">${csrfField(s.csrf)}<input type="hidden" name="role" value="${r.role_key}"><input type="hidden" name="person_id" value="${r.person_id}"><button class="cbutton cbutton-quiet cbutton-sm" type="submit">Acknowledge<span class="sr-only"> for ${r.person_name}</span></button></form>`
}</li>`,
      )}</ul>`
    : html`<p class="empty">Nobody is assigned. Set rotations on the <a href="/console/team">Team</a> screen.</p>`
}
</section>`;
}

/** How each kind of room entry is tagged (a note has no tag). */
const ROOM_KIND: Record<string, string> = {
  decision: 'Decision',
  touchpoint: 'Touchpoint',
  system: 'Log',
};

function room(s: IncidentScreen): Html {
  const id = encodeURIComponent(s.incident.id);
  return html`<section class="card-pad" aria-labelledby="room-title">
<div class="block-head"><h2 id="room-title">Incident room</h2><span class="chint">Internal only, never public</span></div>
<ol class="room">${[...s.room]
    .reverse()
    .map(
      (e) =>
        html`<li><div class="room-body">${e.kind !== 'note' && html`${pill(ROOM_KIND[e.kind] ?? e.kind, e.kind === 'decision' ? 'info' : 'plain')} `}${withActorNames(e.body, { roles: s.roles, people: s.people })}</div><div class="room-meta">${actorLabel(e.author, { roles: s.roles, people: s.people })} · ${when(e.at, s.zone)}</div></li>`,
    )}</ol>
<form class="cform" method="post" action="/console/incidents/${id}/notes">
${csrfField(s.csrf)}
<div class="cfield"><label class="clabel" for="f-note">Add to the room</label>
<textarea id="f-note" name="body" rows="2" maxlength="10000" placeholder="A note, a decision, or who you told"></textarea></div>
<div class="inline-row">
<label class="sr-only" for="f-kind">Kind</label>
<select id="f-kind" name="kind"><option value="note">Note</option><option value="decision">Decision</option><option value="touchpoint">Touchpoint</option></select>
<button class="cbutton cbutton-quiet" type="submit">Add</button>
</div>
</form>
</section>`;
}

const ms = (v: number | null) =>
  v == null ? '–' : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`;

function deliveries(rows: ChannelSummary[], labels: Record<string, string>): Html {
  return html`<section class="card-pad" aria-labelledby="dlv-title">
<div class="block-head"><h2 id="dlv-title">Delivery results</h2></div>
${
  rows.length
    ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Table (scrolls sideways)"><table class="ctable dlv-table"><thead><tr><th scope="col">Channel</th><th scope="col" class="n">Queued</th><th scope="col" class="n">Sent</th><th scope="col" class="n">Failed</th><th scope="col" class="n wide-only"><abbr title="Typical time to deliver (median)">p50</abbr></th><th scope="col" class="n wide-only"><abbr title="Slowest 5% took at least this long">p95</abbr></th></tr></thead>
<tbody>${rows.map(
        (r) =>
          html`<tr><td>${labels[r.channel] ?? r.channel}${r.p50_ms != null && html`<small class="dlv-speed">typically ${ms(r.p50_ms)}, slowest ${ms(r.p95_ms)}</small>`}</td><td class="n">${r.queued + r.sending}</td><td class="n">${r.sent}</td><td class="n">${r.dead ? html`<strong class="count-bad">${r.dead}</strong>` : '0'}</td><td class="n wide-only">${ms(r.p50_ms)}</td><td class="n wide-only">${ms(r.p95_ms)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="empty">No notifications sent for this incident yet.</p>`
}
</section>`;
}

export function incidentBody(s: IncidentScreen): Html {
  return html`<p class="back"><a href="/console">← Dashboard</a></p>
${header(s)}
<div class="inc-grid">
<div>
${s.forms}
<div id="live-timeline" data-live>${publicTimeline(s.incident, s.zone, s.audienceNames)}</div>
</div>
<div>
<div id="live-outreach" data-live>${s.outreach}</div>
<div id="live-reaction" data-live>${s.reaction}</div>
<div id="live-roles" data-live>${roles(s)}</div>
<div id="live-handovers" data-live>${s.handovers ?? null}</div>
<div id="live-room" data-live>${room(s)}</div>
<div id="live-deliveries" data-live>${deliveries(s.deliveries, s.channelLabels)}</div>
</div>
</div>`;
}
