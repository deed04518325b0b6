/**
 * One template's editor: its name, stage and wording per channel, a live preview with the
 * linter's findings, its languages, and its saved versions with a compare form.
 */
import { STAGES, TEMPLATE_VARIABLES } from '../../domain/templates.js';
import { type Html, html } from '../../lib/html.js';
import type { StoredTemplate } from '../../store/queries/templates.js';
import type { TemplateVersion } from '../../store/queries/templateVersions.js';
import {
  csrfField,
  type Errors,
  otherErrors,
  selectField,
  textField,
  type Values,
  when,
} from './parts.js';
import { CHANNEL_NAMES, localeName, STAGE_NAMES } from './templates.js';

/** The editable channels, their help, and whether they may be left blank. */
export const CHANNEL_FIELDS: { name: string; help: string; rows: number; optional: boolean }[] = [
  {
    name: 'page',
    help: 'Markdown. Also used for email, Slack and Teams when they have no wording of their own.',
    rows: 8,
    optional: false,
  },
  {
    name: 'email_subject',
    help: 'Leave blank for the standard subject: [page name] incident: stage.',
    rows: 1,
    optional: true,
  },
  { name: 'email', help: 'Leave blank to send the status page wording.', rows: 5, optional: true },
  {
    name: 'sms',
    help: 'Keep it to one segment (160 plain characters) where you can.',
    rows: 3,
    optional: false,
  },
  { name: 'slack', help: 'Leave blank to post the status page wording.', rows: 4, optional: true },
  { name: 'teams', help: 'Leave blank to post the status page wording.', rows: 4, optional: true },
  { name: 'social', help: 'At most 280 characters once filled in.', rows: 3, optional: false },
];

/** The longest wording a channel takes (the API's limit). */
export const SOURCE_MAX = 20000;

export interface TemplateEditData {
  template: StoredTemplate;
  /** the same template in every language, this one included */
  variants: StoredTemplate[];
  /** languages a variant can be added in */
  addable: string[];
  versions: TemplateVersion[];
  values: Values;
  errors: Errors;
  preview: Html | null;
  csrf: string;
  zone: string;
  /** false when the signed-in token may read but not change the plan */
  canSave: boolean;
}

function channelField(f: (typeof CHANNEL_FIELDS)[number], d: TemplateEditData): Html {
  const bad = Boolean(d.errors[f.name]);
  const hint = `${f.name}-hint`;
  const by = [hint, bad ? `${f.name}-error` : ''].filter(Boolean).join(' ');
  // tall enough for the wording (long lines wrap at about 100 characters), at most 18 rows
  const text = d.values[f.name] ?? '';
  const lines = text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / 100)), 0);
  const rows = Math.min(18, Math.max(f.rows, lines + 1));
  return html`<div class="cfield${bad ? ' has-error' : ''}">
<label class="clabel" for="f-${f.name}">${CHANNEL_NAMES[f.name]}${f.optional && html` <span class="chint">(optional)</span>`}</label>
<p class="chint" id="${hint}">${f.help}</p>
<textarea class="liquid" id="f-${f.name}" name="${f.name}" rows="${rows}" maxlength="${SOURCE_MAX}" spellcheck="true" dir="auto" aria-describedby="${by}" ${bad && html`aria-invalid="true"`}>${d.values[f.name] ?? ''}</textarea>
${bad && html`<p class="field-error" id="${f.name}-error">${d.errors[f.name]}</p>`}
</div>`;
}

function languages(d: TemplateEditData): Html {
  const t = d.template;
  return html`<section class="card-pad" aria-labelledby="lang-title">
<div class="block-head"><h2 id="lang-title">Languages</h2></div>
<p class="tag-row">${d.variants.map((v) =>
    v.id === t.id
      ? html`<span class="mini-tag is-current" aria-current="page">${localeName(v.locale)}</span>`
      : html`<a class="mini-tag" href="/console/templates/${encodeURIComponent(v.id)}" lang="${v.locale}">${localeName(v.locale)}</a>`,
  )}</p>
${
  d.addable.length > 0 &&
  html`<form class="inline-form" method="post" action="/console/templates/${encodeURIComponent(t.id)}/locales">${csrfField(d.csrf)}
<label class="clabel" for="f-locale">Add a language</label>
<p class="chint" id="locale-hint">Starts from this wording; translate it, then save.</p>
<div class="inline-row"><select id="f-locale" name="locale" aria-describedby="locale-hint${d.errors.locale ? ' locale-error' : ''}">${d.addable.map((l) => html`<option value="${l}">${localeName(l)}</option>`)}</select>
<button class="cbutton cbutton-quiet" type="submit">Add</button></div>
${d.errors.locale && html`<p class="field-error" id="locale-error">${d.errors.locale}</p>`}
</form>`
}
</section>`;
}

function versions(d: TemplateEditData): Html {
  const id = encodeURIComponent(d.template.id);
  const v = d.versions;
  const options = (selected: number) =>
    v.map(
      (x) =>
        html`<option value="${x.version}" ${x.version === selected ? 'selected' : ''}>Version ${x.version}</option>`,
    );
  return html`<section class="card-pad" aria-labelledby="ver-title">
<div class="block-head"><h2 id="ver-title">Versions <span class="count">${v.length}</span></h2></div>
${
  v.length === 0
    ? html`<p class="empty">Not changed yet. The first save keeps today’s wording as version 1.</p>`
    : html`<ol class="side-list ver-list" reversed>${v
        .slice(0, 6)
        .map(
          (x) =>
            html`<li><span><strong>Version ${x.version}</strong>${x.version === v[0].version && ' (current)'}<br><small class="chint">${when(x.at, d.zone)} · ${x.changed_by}</small></span></li>`,
        )}</ol>
${v.length > 6 && html`<p class="chint">And ${v.length - 6} older: compare them below.</p>`}
${
  v.length > 1 &&
  html`<form class="compare" method="get" action="/console/templates/${id}/diff">
<div class="grid-2"><div class="cfield"><label class="clabel" for="f-from">Compare</label><select id="f-from" name="from">${options(v[1].version)}</select></div>
<div class="cfield"><label class="clabel" for="f-to">with</label><select id="f-to" name="to">${options(v[0].version)}</select></div></div>
<p><button class="cbutton cbutton-quiet" type="submit">Show the changes</button></p>
</form>`
}`
}
</section>`;
}

/** The problems at the top, each linking to its field. */
function summary(errors: Errors): Html | null {
  const named = Object.keys(errors).filter((k) => k !== '_' && k !== 'locale');
  if (named.length === 0) return null;
  return html`<div class="form-alert" role="alert" tabindex="-1" id="form-errors">Nothing was saved. ${named.length === 1 ? 'One field needs' : `${named.length} fields need`} attention:<ul>${named.map((k) => html`<li><a href="#f-${k}">${errors[k]}</a></li>`)}</ul></div>`;
}

export function templateEditBody(d: TemplateEditData): Html {
  const t = d.template;
  const id = encodeURIComponent(t.id);
  const known = ['name', 'stage', 'pre_approved', 'locale', ...CHANNEL_FIELDS.map((f) => f.name)];
  return html`<p class="crumbs"><a href="/console/templates">Templates</a> ›</p>
<div class="page-title"><h1 dir="auto">${t.name}</h1><p class="chint">${STAGE_NAMES[t.stage]} · ${localeName(t.locale)} · <code>${t.key}</code></p></div>
<div class="tpl-side">
${languages(d)}
${versions(d)}
</div>
<form class="cform" method="post" action="/console/templates/${id}" data-preview="preview" novalidate>
${csrfField(d.csrf)}
${summary(d.errors)}
${otherErrors(d.errors, known)}
<section class="csection card-pad">
<h2 class="csection-title">About this template</h2>
<div class="grid-2">
${textField({ name: 'name', label: 'Name', errors: d.errors, values: d.values, required: true, help: 'What the team sees when choosing it.' })}
${selectField({ name: 'stage', label: 'Stage', errors: d.errors, values: d.values, help: 'When it is used.', options: STAGES.map((s) => ({ value: s, label: STAGE_NAMES[s] })) })}
</div>
<label class="ccheck"><input type="checkbox" name="pre_approved" value="true" ${d.values.pre_approved === 'true' ? 'checked' : ''}> Pre-approved: messages from it go out without waiting for the approver</label>
<p class="chint">Saving a new wording clears this, so a changed message waits for the approver until someone ticks it again.</p>
</section>
<section class="csection card-pad">
<h2 class="csection-title">Wording per channel</h2>
<p class="chint">Write the message as readers will get it. Put variables in double braces, such as <code>{{ issue }}</code>; they are filled in when the message goes out.</p>
<details class="var-help"><summary>Variables you can use</summary><dl>${Object.entries(TEMPLATE_VARIABLES).map(([k, v]) => html`<dt><code>{{ ${k} }}</code></dt><dd>${v}</dd>`)}</dl></details>
${CHANNEL_FIELDS.map((f) => channelField(f, d))}
</section>
<section id="preview" class="preview" aria-live="polite" aria-label="Preview">
${d.preview ?? html`<div class="preview-inner preview-empty"><h2>Preview</h2><p>Choose Preview to see each channel filled in with sample details, and what the checker finds.</p></div>`}
</section>
${!d.canSave && html`<p class="warn-note" id="save-note">You can preview here, but saving needs a sign-in with an admin token. Ask whoever runs Flare for one.</p>`}
<div class="action-bar">
<button class="cbutton cbutton-quiet cbutton-lg" type="submit" name="intent" value="preview">Preview</button>
<span class="spacer"></span>
<button class="cbutton cbutton-primary cbutton-lg" type="submit" name="intent" value="save" ${!d.canSave && html`aria-describedby="save-note"`}>Save as a new version</button>
</div>
</form>`;
}
