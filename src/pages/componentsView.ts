/** The components section of the home page: groups (collapsible), statuses and uptime bars. */
import { worstComponentStatus } from '../domain/status.js';
import type { ComponentStatus } from '../domain/types.js';
import { type Html, html } from '../lib/html.js';
import { words } from '../lib/i18n/scope.js';
import type { Component } from '../store/queries/models.js';
import type { Snapshot } from '../store/queries/snapshot.js';
import { CHEVRON, STATUS_ICON } from './icons.js';
import type { ViewContext } from './incidentView.js';
import { type Span, spanOf, uptimeBar } from './uptimeBars.js';

function visible(c: Component): boolean {
  return !(c.only_show_if_degraded && c.status === 'operational');
}

export function statusLabel(status: ComponentStatus): Html {
  return html`<span class="status-label st-${status}">${STATUS_ICON[status]}${words().componentStatus[status]}</span>`;
}

/** Incidents and maintenances that ran, per component id. */
function spansByComponent(s: Snapshot): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  const nowMs = s.now.getTime();
  for (const i of [...s.incidents, ...s.maintenances]) {
    if (i.kind === 'maintenance' && i.status === 'scheduled') continue;
    const span = spanOf(i, nowMs);
    for (const id of i.component_ids) {
      const list = out.get(id);
      if (list) list.push(span);
      else out.set(id, [span]);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.from - b.from);
  return out;
}

export function componentsSection(s: Snapshot, v: ViewContext): Html | null {
  const spans = spansByComponent(s);
  const children = new Map<string, Component[]>();
  for (const c of s.components) {
    if (!c.group_id) continue;
    const list = children.get(c.group_id);
    if (list) list.push(c);
    else children.set(c.group_id, [c]);
  }
  const row = (c: Component): Html => html`<div class="component">
<div class="component-head"><span class="component-name">${c.name}</span>${statusLabel(c.status)}</div>
${c.description && html`<p class="component-desc">${c.description}</p>`}
${uptimeBar(c, s.history.get(c.id) ?? [], spans.get(c.id) ?? [], v.now, v.zone, v.base)}
</div>`;
  const blocks: Html[] = [];
  for (const c of s.components) {
    if (c.group_id) continue;
    if (!c.group) {
      if (visible(c)) blocks.push(row(c));
      continue;
    }
    const kids = (children.get(c.id) ?? []).filter(visible);
    if (kids.length === 0) continue;
    const worst = worstComponentStatus(kids.map((k) => k.status));
    blocks.push(html`<details class="group" open>
<summary><span class="group-title">${CHEVRON}<span class="group-name">${c.name}</span><span class="group-count">${words().components(kids.length)}</span></span>${statusLabel(worst)}</summary>
<div class="group-body">${kids.map(row)}</div>
</details>`);
  }
  if (blocks.length === 0) return null;
  return html`<section class="section" aria-labelledby="components-title">
<div class="section-head"><h2 id="components-title">${words().systemStatus}</h2><p class="section-note">${words().uptimeNote}</p></div>
<div class="card components">${blocks}</div>
</section>`;
}
