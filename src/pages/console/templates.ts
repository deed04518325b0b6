/** The Templates screen: the plan's message templates by lifecycle stage, with their languages. */
import { STAGES, type Stage, TEMPLATE_CHANNELS } from '../../domain/templates.js';
import { type Html, html } from '../../lib/html.js';
import type { StoredTemplate } from '../../store/queries/templates.js';
import { LOCALE_NAMES, pill, when } from './parts.js';

/** Each stage in plain words: when a message from it goes out. */
export const STAGE_NAMES: Record<Stage, string> = {
  investigating: 'First notice: we are investigating',
  identified: 'Cause found',
  monitoring: 'Fix in place, watching',
  interim: 'Progress update',
  resolved: 'Resolved',
  false_alarm: 'False alarm',
  maintenance_scheduled: 'Maintenance scheduled',
  maintenance_started: 'Maintenance started',
  maintenance_completed: 'Maintenance completed',
  postmortem_published: 'Postmortem published',
};

/** What each channel is called on screen. */
export const CHANNEL_NAMES: Record<string, string> = {
  page: 'Status page',
  email_subject: 'Email subject',
  email: 'Email',
  sms: 'SMS',
  slack: 'Slack',
  teams: 'Teams',
  social: 'Social post',
};

export function localeName(locale: string): string {
  return LOCALE_NAMES[locale] ? `${LOCALE_NAMES[locale]} (${locale})` : locale;
}

function own(t: StoredTemplate): string {
  return TEMPLATE_CHANNELS.filter((c) => typeof t[c] === 'string')
    .map((c) => CHANNEL_NAMES[c])
    .join(', ');
}

function row(variants: StoredTemplate[], zone: string): Html {
  const first = variants.find((t) => t.locale === 'en') ?? variants[0];
  const href = (t: StoredTemplate) => `/console/templates/${encodeURIComponent(t.id)}`;
  const newest = variants.reduce((a, b) => (a.updated_at > b.updated_at ? a : b));
  return html`<tr>
<td><a class="row-link" href="${href(first)}"><strong dir="auto">${first.name}</strong></a><br><small class="chint"><code>${first.key}</code></small></td>
<td><span class="tag-row">${variants.map((t) => html`<a class="mini-tag" href="${href(t)}" lang="${t.locale}">${localeName(t.locale)}</a>`)}</span></td>
<td><small>${own(first)}</small></td>
<td>${first.pre_approved ? pill('Pre-approved', 'ok') : pill('Needs approval', 'warn')} ${first.builtin ? pill('Built-in', 'plain') : pill('Your own', 'info')}</td>
<td><small>${when(newest.updated_at, zone)}</small></td>
</tr>`;
}

export function templatesBody(templates: StoredTemplate[], zone: string): Html {
  const byKey = new Map<string, StoredTemplate[]>();
  const ordered = [...templates].sort((a, b) =>
    a.locale === b.locale
      ? 0
      : a.locale === 'en'
        ? -1
        : b.locale === 'en'
          ? 1
          : a.locale.localeCompare(b.locale),
  );
  for (const t of ordered) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t]);
  const groups = STAGES.map((stage) => ({
    stage,
    keys: [...byKey.values()].filter((v) => v[0].stage === stage),
  })).filter((g) => g.keys.length);
  return html`<div class="page-title"><h1>Templates</h1><p class="chint">The wording of every message, for each stage of an incident or maintenance, on every channel and in every language. Open one to edit it with a live preview. Each save is kept as a version you can compare and go back to.</p></div>
${
  groups.length
    ? html`<section class="card-pad" aria-labelledby="tpl-title">
<div class="block-head"><h2 id="tpl-title">By stage <span class="count">${byKey.size}</span></h2></div>
<div class="table-scroll" tabindex="0" role="region" aria-label="Table (scrolls sideways)"><table class="ctable tpl-table"><thead><tr><th scope="col">Template</th><th scope="col">Languages</th><th scope="col">Own wording for</th><th scope="col">Approval</th><th scope="col">Last changed</th></tr></thead>
${groups.map(
  (
    g,
  ) => html`<tbody><tr class="tpl-stage"><th colspan="5" scope="rowgroup">${STAGE_NAMES[g.stage]}</th></tr>
${g.keys.map((v) => row(v, zone))}</tbody>`,
)}</table></div>
</section>`
    : html`<section class="card-pad"><p class="empty">No templates yet. The built-in library is added when Flare starts.</p></section>`
}`;
}
