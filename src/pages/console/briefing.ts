/**
 * The incident's briefing screen: the current version of the pack for the customer-facing team,
 * who has read it, what changed since the version before, and a form (no JavaScript needed) to
 * edit what to say, what not to say and the approved answers.
 */
import { type BriefingPack, type FaqItem, LIMITS } from '../../domain/briefing.js';
import { type Html, html } from '../../lib/html.js';
import type { DiffLine } from '../../lib/lineDiff.js';
import { packSections } from '../briefingPack.js';
import { csrfField, type Errors, fieldError, pill, textField, when } from './parts.js';
import { errorLinks } from './teamForms.js';
import { diffLines } from './templateDiff.js';

export interface BriefingReader {
  person_id: string;
  name: string;
  read_at: string | null;
  /** the newest version they read, when not the current one */
  last_read: number | null;
  reminded: boolean;
}

export interface BriefingForm {
  say: string;
  avoid: string;
  faq: FaqItem[];
  errors: Errors;
}

export interface BriefingScreen {
  incident: { id: string; name: string };
  version: number;
  created_at: string;
  actor: string;
  pack: BriefingPack;
  readers: BriefingReader[];
  versions: { version: number; created_at: string; actor: string }[];
  /** what changed from the version before, for the version shown */
  changes: DiffLine[] | null;
  form: BriefingForm;
  csrf: string;
  zone: string;
}

export const BRIEFING_LABELS: Record<string, string> = {
  say: 'What to say',
  avoid: 'What not to say',
  faq: 'Approved answers',
};

/** Room for every line at its limit, one a line. */
const LIST_MAX = LIMITS.items * (LIMITS.line + 1);

function readers(s: BriefingScreen): Html {
  const read = s.readers.filter((r) => r.read_at).length;
  return html`<section class="card-pad" aria-labelledby="readers-title">
<div class="block-head"><h2 id="readers-title">Who has read version ${s.version}</h2><span class="chint">${read} of ${s.readers.length}</span></div>
${
  s.readers.length
    ? html`<ul class="brief-readers">${s.readers.map(
        (r) =>
          html`<li><strong>${r.name}</strong> ${
            r.read_at
              ? html`${pill('Read', 'ok')} <span class="chint">${when(r.read_at, s.zone)}</span>`
              : html`${pill('Not yet', r.reminded ? 'bad' : 'warn')}${r.reminded ? html` <span class="chint">reminded</span>` : ''}${r.last_read ? html` <span class="chint">read version ${r.last_read}</span>` : ''}`
          }</li>`,
      )}</ul>`
    : html`<p class="empty">Nobody to brief: add people to the support, customer liaison or account manager roles.</p>`
}
</section>`;
}

function faqRows(faq: FaqItem[], errors: Errors): Html {
  const rows = [...faq, { q: '', a: '' }, { q: '', a: '' }];
  return html`<fieldset class="cfield${errors.faq ? ' has-error' : ''}" id="f-faq"><legend class="clabel">${BRIEFING_LABELS.faq}</legend>
<p class="chint">Leave a question and its answer empty to remove it.</p>
${fieldError(errors, 'faq')}
${rows.map(
  (f, n) => html`<div class="brief-faq">
<label class="clabel" for="f-faq-q-${n}">Question ${n + 1}</label>
<input id="f-faq-q-${n}" type="text" name="faq_q" value="${f.q}" maxlength="${String(LIMITS.question)}">
<label class="clabel" for="f-faq-a-${n}">Answer ${n + 1}</label>
<textarea id="f-faq-a-${n}" name="faq_a" rows="2" maxlength="${String(LIMITS.answer)}">${f.a}</textarea>
</div>`,
)}
</fieldset>`;
}

function editForm(s: BriefingScreen): Html {
  const id = encodeURIComponent(s.incident.id);
  const f = s.form;
  return html`<section class="card-pad" aria-labelledby="edit-title" id="edit">
<div class="block-head"><h2 id="edit-title">Edit the briefing</h2></div>
<p class="chint">Saving makes version ${s.version + 1} and sends it to the team to read. Your lists stay in later versions when updates are posted.</p>
<form class="cform" method="post" action="/console/incidents/${id}/briefing" novalidate>
${csrfField(s.csrf)}
${errorLinks(f.errors, BRIEFING_LABELS)}
${textField({ name: 'say', label: BRIEFING_LABELS.say, help: 'One point a line.', values: { say: f.say }, errors: f.errors, multiline: true, maxlength: LIST_MAX })}
${textField({ name: 'avoid', label: BRIEFING_LABELS.avoid, help: 'One point a line: no guessed fix times, no blame.', values: { avoid: f.avoid }, errors: f.errors, multiline: true, maxlength: LIST_MAX })}
${faqRows(f.faq, f.errors)}
<p class="form-end"><button class="cbutton cbutton-primary" type="submit">Save as version ${s.version + 1}</button></p>
</form>
</section>`;
}

function versions(s: BriefingScreen): Html {
  const id = encodeURIComponent(s.incident.id);
  return html`<section class="card-pad" aria-labelledby="versions-title">
<div class="block-head"><h2 id="versions-title">Versions</h2></div>
<ul class="brief-versions">${s.versions.map(
    (v) =>
      html`<li>${v.version === s.version ? html`<strong>Version ${v.version}</strong>` : html`<a href="/console/incidents/${id}/briefing?v=${String(v.version)}">Version ${v.version}</a>`} <span class="chint">${when(v.created_at, s.zone)}, ${v.actor === 'flare' ? 'after an update' : v.actor}</span></li>`,
  )}</ul>
</section>`;
}

export function briefingBody(s: BriefingScreen, latest: number): Html {
  const id = encodeURIComponent(s.incident.id);
  const old = s.version !== latest;
  return html`<p class="back"><a href="/console/incidents/${id}">← ${s.incident.name}</a></p>
<div class="page-title"><h1>Briefing: ${s.incident.name}</h1>
<p class="chint">${s.version ? html`Version ${s.version} of ${latest}, ${when(s.created_at, s.zone)}` : 'No version yet: the first public update makes one.'}${old ? html` · <a href="/console/incidents/${id}/briefing">Back to the current version</a>` : ''}</p>
<p><a class="cbutton cbutton-quiet" href="/console/incidents/${id}/briefing/print${old ? `?v=${s.version}` : ''}">Print</a></p></div>
<div class="inc-grid">
<div>
<section class="card-pad">${packSections(s.pack)}</section>
${s.changes && html`<section class="card-pad diff-card" aria-labelledby="changes-title"><div class="block-head"><h2 id="changes-title">Changes from version ${s.version - 1}</h2></div><p class="chint"><span class="diff-key"><del>Removed lines</del> <ins>added lines</ins></span></p>${diffLines(s.changes)}</section>`}
${!old && editForm(s)}
</div>
<div>
${!old && readers(s)}
${s.versions.length > 0 && versions(s)}
</div>
</div>`;
}
