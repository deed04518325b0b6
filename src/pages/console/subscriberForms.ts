/**
 * The Subscribers screen's two side cards, adding one subscriber and importing many from a CSV
 * file (or pasted rows), and the import's report: what was added, what was already there, and
 * every row not imported with its line, the row as sent and why, with a file of those rows to
 * fix and import again. With JavaScript the import form uploads with a progress bar
 * (scriptUpload.ts); without it the form posts and the report comes back on the page.
 */
import { type Html, html } from '../../lib/html.js';
import type { Component } from '../../store/queries/models.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  onceField,
  otherErrors,
  selectField,
  textField,
  type Values,
} from './parts.js';

/** The server's limits, shared by the routes and the inputs' maxlength. */
export const ADDRESS_MAX = 2000;
export const PASTE_MAX = 1_000_000;
/** Rows not imported listed on the page; the download has them all. */
export const REPORT_ROWS_SHOWN = 200;

export interface AddState {
  values: Values;
  components: string[];
  errors: Errors;
}

export interface ReportRow {
  line: number;
  /** the row as it was sent, as a CSV line */
  sent: string;
  reasons: string[];
  /** the address repeats an earlier line of the file */
  repeat: boolean;
}

export interface ImportReport {
  filename: string | null;
  added: number;
  /** already subscribed: updated plus unchanged */
  existing: number;
  updated: number;
  repeated: number;
  rejected: number;
  /** every row not imported, in file order */
  rows: ReportRow[];
  /** the rows not imported as a CSV file, or null when there are none or too many to offer here */
  csv: string | null;
}

export interface ImportState {
  values: Values;
  /** the file as a whole could not be imported */
  error: string | null;
  report: ImportReport | null;
}

export const ADD_FIELDS = ['channel', 'address', 'components', 'confirmed'];

export function addForm(o: {
  state: AddState;
  channels: { value: string; label: string }[];
  components: Component[];
  csrf: string;
}): Html {
  const { values, errors } = o.state;
  const chosen = new Set(o.state.components);
  const leaves = o.components.filter((c) => !c.group);
  return html`<section class="card-pad" id="add" aria-labelledby="add-title">
<h2 class="csection-title" id="add-title">Add a subscriber</h2>
${errorSummary(errors, { fields: ADD_FIELDS, idPrefix: 's-', lead: 'Nobody was added.' })}
${otherErrors(errors, ADD_FIELDS)}
<form class="cform" method="post" action="/console/subscribers" novalidate>
${csrfField(o.csrf)}${onceField()}
${selectField({ name: 'channel', label: 'Channel', values, errors, idPrefix: 's-', options: o.channels })}
${textField({ name: 'address', label: 'Address', help: 'An email address; for SMS a mobile number in international form, e.g. +447700900123; for a webhook or a chat channel the URL to post to.', values, errors, idPrefix: 's-', required: true, maxlength: ADDRESS_MAX })}
${
  leaves.length > 0 &&
  html`<fieldset class="cfield${errors.components ? ' has-error' : ''}"><legend class="clabel">Components (optional)</legend>
<p class="chint">Tick none to send them every update, including about components added later.</p>
<div class="check-grid">${leaves.map((c) => html`<label class="ccheck"><input type="checkbox" name="components" value="${c.id}" ${chosen.has(c.id) && 'checked'}> ${c.name}</label>`)}</div>
${errors.components && html`<p class="field-error" id="s-components-error">${errors.components}</p>`}
</fieldset>`
}
<div class="cfield${errors.confirmed ? ' has-error' : ''}"><label class="ccheck"><input id="f-s-confirmed" type="checkbox" name="confirmed" value="yes" aria-describedby="s-confirmed-hint" ${values.confirmed === 'yes' && 'checked'}> They already agreed to get these updates</label>
<p class="chint" id="s-confirmed-hint">Ticked, they are active at once. Otherwise an email address gets a link and a mobile number a code to confirm with, and hears nothing until it does. A webhook or chat URL you add here is active at once either way.</p>
${errors.confirmed && html`<p class="field-error" id="s-confirmed-error">${errors.confirmed}</p>`}</div>
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Add subscriber</button></div>
</form>
</section>`;
}

const n = (x: number) => x.toLocaleString('en-GB');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

export function importReport(r: ImportReport): Html {
  const left = r.rows.length;
  const tone = left ? 'warn' : 'ok';
  return html`<section class="import-result import-${tone} report" id="import-report" role="status" aria-labelledby="report-title" tabindex="-1">
<h2 class="csection-title" id="report-title">Import finished${r.filename ? html` for <bdi>${r.filename}</bdi>` : ''}</h2>
<ul class="import-counts">
<li><b>${n(r.added)}</b> added</li>
<li><b>${n(r.existing)}</b> already subscribed${r.updated > 0 && html` <span class="chint">(${n(r.updated)} with new choices)</span>`}</li>
<li><b>${n(r.repeated)}</b> repeated in the file, skipped</li>
<li><b>${n(r.rejected)}</b> rejected</li>
</ul>
${
  left > 0
    ? html`<h3 class="report-sub">${plural(left, 'row was', 'rows were')} not imported</h3>
${
  r.csv
    ? html`<p class="report-download"><a class="cbutton cbutton-quiet cbutton-sm" download="rows-not-imported.csv" href="data:text/csv;charset=utf-8;base64,${Buffer.from(r.csv).toString('base64')}">Download ${left === 1 ? 'this row' : `these ${n(left)} rows`} as CSV</a></p>
<p class="chint">Each comes back as you sent it, with a <code>problem</code> column saying why. Fix them and import the file again.</p>`
    : html`<p class="chint">There are too many to offer as a download here: fix the lines below in your file and import it again. Rows already imported are left as they are.</p>`
}
<div class="table-scroll"><table class="ctable rejects"><caption class="sr-only">Rows not imported</caption><thead><tr><th scope="col" class="n">Line</th><th scope="col">The row as sent</th><th scope="col">Why</th></tr></thead><tbody>${r.rows
        .slice(0, REPORT_ROWS_SHOWN)
        .map(
          (x) =>
            html`<tr><td class="n">${x.line}</td><td><code class="sent">${x.sent}</code></td><td>${x.reasons.map((why, i) => html`${i > 0 && html`<br>`}${why}`)}</td></tr>`,
        )}</tbody></table></div>
${left > REPORT_ROWS_SHOWN && html`<p class="chint">…and ${plural(left - REPORT_ROWS_SHOWN, 'more row', 'more rows')}, all in the download.</p>`}`
    : html`<p>Every row was imported.</p>`
}
</section>`;
}

export function importForm(o: { state: ImportState; csrf: string }): Html {
  const { values, error } = o.state;
  return html`<section class="card-pad" id="import" aria-labelledby="import-title">
<h2 class="csection-title" id="import-title">Import from a spreadsheet</h2>
<p class="chint">A CSV file with a header row and one subscriber a row. Columns: <code>channel</code> and <code>address</code> (or just <code>email</code>, <code>phone</code> or <code>url</code>), and if you like <code>components</code> (names or ids, separated by <code>;</code>), <code>locale</code>, <code>time_zone</code>, <code>confirmed</code>. An address already subscribed is left as it is, apart from the choices in its row.</p>
${error && html`<div class="form-alert" role="alert" id="import-error" tabindex="-1"><strong>Nothing was imported.</strong> ${error}</div>`}
<form class="cform" method="post" action="/console/subscribers/import" enctype="multipart/form-data" data-upload="import-progress">
${csrfField(o.csrf)}
<div class="cfield"><label class="clabel" for="f-file">CSV file</label><p class="chint" id="file-hint">Up to 20 MB.</p><input id="f-file" class="file-input" type="file" name="file" accept=".csv,text/csv" aria-describedby="file-hint"></div>
<details class="more paste" ${values.rows && 'open'}><summary>Or paste the rows</summary>
${textField({ name: 'rows', label: 'Rows, with the header row first', values, errors: {}, multiline: true, maxlength: PASTE_MAX, placeholder: 'email,components\nkim@example.com,API;Dashboard' })}
</details>
<div class="cfield"><label class="ccheck"><input type="checkbox" name="confirmed" value="yes" ${values.confirmed === 'yes' && 'checked'}> Everyone in the file already agreed to get these updates</label>
<p class="chint">Ticked, no confirmation is sent. Otherwise each new email address and mobile number is asked to confirm first (a <code>confirmed</code> column can say so row by row).</p></div>
<div class="upload-progress" id="import-progress" hidden><progress max="100" aria-label="Import progress"></progress><p class="chint" role="status" aria-live="polite"></p></div>
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Import subscribers</button></div>
</form>
</section>`;
}

/** After adding a webhook: its signing secret, shown this once. */
export function webhookSecretBody(o: {
  address: string;
  label: string;
  secret: string;
  next: string;
}): Html {
  return html`<section class="card-pad notice-card secret-card">
<h1>${o.label} added</h1>
<p>Updates are posted to <bdi class="addr">${o.address}</bdi> from now on. Each request is signed (Standard Webhooks: the <code>webhook-signature</code> header) with this secret:</p>
<p><code class="secret" id="webhook-secret">${o.secret}</code></p>
<p class="chint">Copy it now and give it to whoever runs the receiver, so it can check that requests come from you. It is not shown again.</p>
<p class="notice-actions"><a class="cbutton cbutton-primary" href="${o.next}">Done, back to subscribers</a></p>
</section>`;
}
