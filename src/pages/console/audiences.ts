/** The Audiences screen (read-only): each of the plan's audiences, its rule in plain words, its channels, outreach and private page. */

import type { AudienceDefinition, AudienceMatch } from '../../domain/audience.js';
import { type Html, html } from '../../lib/html.js';
import { CRITICALITY_LABEL, capitalise } from './accounts.js';
import { pill } from './parts.js';

export interface AudienceRow {
  audience: AudienceDefinition;
  /** active contacts it selects today, ignoring "affected only" */
  contacts: number;
}

export interface AudiencesData {
  rows: AudienceRow[];
  channelLabels: Record<string, string>;
}

const list = (xs: string[], f: (x: string) => string = (x) => x) => xs.map(f).join(', ');

/** An audience's rule as a sentence a comms lead can read. */
export function ruleSummary(m: AudienceMatch): string {
  const parts: string[] = [];
  if (m.key_only) parts.push('key accounts');
  if (m.tiers?.length) parts.push(`tier ${list(m.tiers, capitalise)}`);
  if (m.criticality?.length)
    parts.push(`criticality ${list(m.criticality, (c) => CRITICALITY_LABEL[c] ?? c)}`);
  if (m.regions?.length) parts.push(`region ${list(m.regions)}`);
  if (m.tags?.length) parts.push(`tagged ${list(m.tags)}`);
  const who = parts.length ? `Accounts: ${parts.join('; ')}` : 'Every account';
  const roles = m.roles?.length ? `, their ${list(m.roles)} contacts` : ', all their contacts';
  const affected = m.affected_only
    ? ', when the incident touches a component they use'
    : ', whatever the incident touches';
  return `${who}${roles}${affected}.`;
}

export function audiencesBody(d: AudiencesData): Html {
  return html`<div class="page-title"><h1>Audiences</h1><p class="chint">Named groups of customer contacts the plan can tell. Pick them when you declare or post an update; the preview there says how many people each one reaches.</p></div>
<section class="card-pad aud-howto"><p>To choose which audiences a severity tells, edit the severity on <a href="/console/severities">Severities</a>; which accounts belong to an audience follows each account's tier, region and tags on <a href="/console/accounts">Accounts</a>. Adding an audience or changing its rule is not done on a screen yet: ask whoever looks after your Flare plan, and check the whole plan's readiness on <a href="/console/plan">Plan</a>.</p>
<p class="chint">For them: the audiences live in the plan file (<code>flare plan export</code>, then <code>flare plan apply</code>).</p></section>
${
  d.rows.length
    ? html`<div class="audience-list">${d.rows.map(
        ({
          audience: a,
          contacts,
        }) => html`<section class="card-pad audience-card" aria-labelledby="aud-${a.key}">
<div class="block-head"><h2 id="aud-${a.key}">${a.name} <small class="aud-key">key <code>${a.key}</code></small></h2>${a.outreach ? pill('Account-manager calls', 'info') : null}</div>
<p class="rule">${ruleSummary(a.match)}</p>
<dl class="facts">
<div><dt>Channels</dt><dd>${a.channels.length ? list(a.channels, (c) => d.channelLabels[c] ?? c) : html`<span class="chint">None</span>`}</dd></div>
<div><dt>Contacts today</dt><dd><strong>${contacts}</strong>${a.match.affected_only && html` <small class="chint">before narrowing to the affected ones</small>`}</dd></div>
<div><dt>Private status page</dt><dd>${a.private_page ? html`<a href="/a/${encodeURIComponent(a.key)}" target="_blank" rel="noopener">/a/${a.key} ↗</a>` : html`<span class="chint">No</span>`}</dd></div>
</dl>
</section>`,
      )}</div>`
    : html`<section class="card-pad"><p class="empty">The plan has no audiences yet.</p></section>`
}`;
}
