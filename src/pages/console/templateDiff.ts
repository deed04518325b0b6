/** What changed between two versions of a template, per channel, as a line diff. */
import { TEMPLATE_CHANNELS } from '../../domain/templates.js';
import { type Html, html } from '../../lib/html.js';
import { type DiffLine, lineDiff } from '../../lib/lineDiff.js';
import type { StoredTemplate } from '../../store/queries/templates.js';
import type { TemplateVersion } from '../../store/queries/templateVersions.js';
import { when } from './parts.js';
import { CHANNEL_NAMES, STAGE_NAMES } from './templates.js';

export function diffLines(diff: DiffLine[]): Html {
  return html`<pre class="diff">${diff.map((l) =>
    l.op === 'ins'
      ? html`<ins><span class="sr-only">Added: </span>${l.text || ' '}</ins>`
      : l.op === 'del'
        ? html`<del><span class="sr-only">Removed: </span>${l.text || ' '}</del>`
        : html`<span class="same">${l.text || ' '}</span>`,
  )}</pre>`;
}

function label(v: TemplateVersion, zone: string): Html {
  return html`version ${v.version} (${when(v.at, zone)}, ${v.changed_by})`;
}

export function templateDiffBody(
  t: StoredTemplate,
  from: TemplateVersion,
  to: TemplateVersion,
  zone: string,
): Html {
  const id = encodeURIComponent(t.id);
  const parts: Html[] = [];
  if (from.name !== to.name)
    parts.push(
      html`<h2 class="csection-title">Name</h2>${diffLines(lineDiff(from.name, to.name))}`,
    );
  if (from.stage !== to.stage)
    parts.push(
      html`<h2 class="csection-title">Stage</h2><p><del>${STAGE_NAMES[from.stage as keyof typeof STAGE_NAMES] ?? from.stage}</del> → <ins>${STAGE_NAMES[to.stage as keyof typeof STAGE_NAMES] ?? to.stage}</ins></p>`,
    );
  if (from.pre_approved !== to.pre_approved)
    parts.push(
      html`<h2 class="csection-title">Approval</h2><p>${to.pre_approved ? 'Now pre-approved.' : 'No longer pre-approved: messages from it wait for the approver where the severity asks.'}</p>`,
    );
  for (const ch of TEMPLATE_CHANNELS) {
    const a = from.renderings[ch] ?? '';
    const b = to.renderings[ch] ?? '';
    if (a === b) continue;
    const note = !a ? ' (had no wording of its own)' : !b ? ' (back to the default wording)' : '';
    parts.push(
      html`<h2 class="csection-title">${CHANNEL_NAMES[ch]}${note}</h2>${diffLines(lineDiff(a, b))}`,
    );
  }
  return html`<p class="crumbs"><a href="/console/templates">Templates</a> › <a href="/console/templates/${id}" dir="auto">${t.name}</a> ›</p>
<div class="page-title"><h1>Changes from version ${from.version} to ${to.version}</h1>
<p class="chint">From ${label(from, zone)} to ${label(to, zone)}. <span class="diff-key"><del>Removed lines</del> <ins>added lines</ins></span></p></div>
<section class="card-pad diff-card">
${parts.length ? parts : html`<p class="empty">These two versions say the same thing.</p>`}
</section>
<p class="form-end"><a class="cbutton cbutton-quiet" href="/console/templates/${id}">Back to the template</a></p>`;
}
