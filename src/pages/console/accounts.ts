/**
 * The Accounts screen: search and filters, the paginated list, and two side cards to add an
 * account and to import many from a CSV file (with what the import created, updated or
 * rejected, and why).
 */

import { CRITICALITIES } from '../../domain/audience.js';
import { type Html, html } from '../../lib/html.js';
import type {
  AccountFacets,
  AccountFilter,
  AccountList,
} from '../../store/queries/consoleAccounts.js';
import type { Component } from '../../store/queries/models.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  onceField,
  otherErrors,
  pill,
  selectField,
  textField,
  type Values,
} from './parts.js';

export const CRITICALITY_LABEL: Record<string, string> = {
  critical: 'Critical',
  high: 'High',
  normal: 'Normal',
};

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');

export function criticalityPill(c: string): Html {
  return pill(
    CRITICALITY_LABEL[c] ?? c,
    c === 'critical' ? 'bad' : c === 'high' ? 'warn' : 'plain',
  );
}

/** What importAccounts answers, plus the file's name, or why the file could not be read. */
export interface ImportOutcome {
  created: number;
  updated: number;
  contacts: number;
  rejected: { row: number; external_id: string | null; field: string; reason: string }[];
  rejected_total: number;
  /** the file could not be read at all */
  error?: string;
  filename?: string;
}

export interface AccountFormState {
  values: Values;
  components: string[];
  errors: Errors;
}

export interface AccountsData {
  list: AccountList;
  filter: AccountFilter;
  facets: AccountFacets;
  /** the plan's tiers, highest first */
  tiers: string[];
  people: { id: string; name: string }[];
  components: Component[];
  keyIds: Set<string>;
  csrf: string;
  form: AccountFormState;
  imported: ImportOutcome | null;
}

export const ACCOUNT_FIELDS = [
  'name',
  'external_id',
  'tier',
  'criticality',
  'region',
  'time_zone',
  'tags',
  'account_manager_id',
  'components',
];

function query(f: AccountFilter, page: number): string {
  const q = new URLSearchParams();
  for (const k of ['q', 'tier', 'criticality', 'region', 'tag'] as const)
    if (f[k]) q.set(k, String(f[k]));
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/console/accounts${s ? `?${s}` : ''}`;
}

function option(value: string, label: string, current: string | undefined): Html {
  return html`<option value="${value}" ${current === value && 'selected'}>${label}</option>`;
}

function filters(d: AccountsData): Html {
  const f = d.filter;
  const tiers = [...new Set([...d.tiers, ...d.facets.tiers])];
  const any = f.q || f.tier || f.criticality || f.region || f.tag;
  return html`<form class="filters" method="get" action="/console/accounts" role="search" aria-label="Find accounts">
<div class="cfield filter-q"><label class="clabel" for="f-q">Search</label><input id="f-q" type="search" name="q" value="${f.q ?? ''}" placeholder="Name or customer ID"></div>
<div class="cfield"><label class="clabel" for="f-tier">Tier</label><select id="f-tier" name="tier">${option('', 'Any tier', f.tier)}${tiers.map((t) => option(t, capitalise(t), f.tier))}</select></div>
<div class="cfield"><label class="clabel" for="f-criticality">Criticality</label><select id="f-criticality" name="criticality">${option('', 'Any', f.criticality)}${CRITICALITIES.map((c) => option(c, CRITICALITY_LABEL[c], f.criticality))}</select></div>
<div class="cfield"><label class="clabel" for="f-region">Region</label><select id="f-region" name="region">${option('', 'Any region', f.region)}${d.facets.regions.map((r) => option(r, r, f.region))}</select></div>
<div class="cfield"><label class="clabel" for="f-tag">Tag</label><select id="f-tag" name="tag">${option('', 'Any tag', f.tag)}${d.facets.tags.map((t) => option(t, t, f.tag))}</select></div>
<div class="filter-buttons"><button class="cbutton cbutton-primary" type="submit">Show</button>${any && html`<a class="cbutton cbutton-quiet" href="/console/accounts">Clear</a>`}</div>
</form>`;
}

function pager(d: AccountsData): Html | null {
  const { page, pages, total, perPage, rows } = d.list;
  if (total === 0) return null;
  const from = (page - 1) * perPage + 1;
  return html`<nav class="pager" aria-label="Pages">
<span class="chint">Showing ${from}–${from + rows.length - 1} of ${total}</span>
<span class="pager-links">
${page > 1 ? html`<a class="cbutton cbutton-quiet cbutton-sm" href="${query(d.filter, page - 1)}" rel="prev">← Previous</a>` : null}
<span class="pager-page">Page ${page} of ${pages}</span>
${page < pages ? html`<a class="cbutton cbutton-quiet cbutton-sm" href="${query(d.filter, page + 1)}" rel="next">Next →</a>` : null}
</span>
</nav>`;
}

function table(d: AccountsData): Html {
  const rows = d.list.rows;
  if (rows.length === 0)
    return html`<p class="empty">${d.facets.total === 0 ? 'No accounts yet. Add one, or import your customer list from a CSV file.' : 'No account matches these filters.'}</p>`;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Table (scrolls sideways)"><table class="ctable accounts-table"><thead><tr><th scope="col">Account</th><th scope="col">Tier</th><th scope="col">Critical?</th><th scope="col">Region</th><th scope="col">Account manager</th><th scope="col" class="n">Contacts</th><th scope="col" class="n">Components</th></tr></thead>
<tbody>${rows.map(
    (a) => html`<tr>
<td><a class="row-link" href="/console/accounts/${encodeURIComponent(a.id)}">${a.name}</a>${d.keyIds.has(a.id) && html` ${pill('Key account', 'info')}`}${a.external_id && html`<br><small class="chint">ID ${a.external_id}</small>`}${a.tags.length > 0 && html`<br><span class="tag-row">${a.tags.map((t) => html`<span class="mini-tag">${t}</span>`)}</span>`}</td>
<td>${capitalise(a.tier)}</td>
<td>${criticalityPill(a.criticality)}</td>
<td>${a.region ?? html`<span class="chint">–</span>`}</td>
<td>${a.manager ?? html`<span class="chint">Nobody</span>`}</td>
<td class="n">${a.contacts}</td>
<td class="n">${a.components}</td>
</tr>`,
  )}</tbody></table></div>`;
}

/** The account form: the fields an account carries, its manager and its footprint. */
export function accountForm(d: AccountsData): Html {
  const { values, errors } = d.form;
  const chosen = new Set(d.form.components);
  const leaves = d.components.filter((c) => !c.group);
  return html`<section class="card-pad" id="add-account" aria-labelledby="add-title">
<h2 class="csection-title" id="add-title">Add an account</h2>
${errorSummary(errors, { fields: ACCOUNT_FIELDS, idPrefix: 'a-', lead: 'Nothing was saved.' })}
${otherErrors(errors, ACCOUNT_FIELDS)}
<form class="cform" method="post" action="/console/accounts" novalidate>
${csrfField(d.csrf)}${onceField()}
${textField({ name: 'name', label: 'Customer name', values, errors, required: true, idPrefix: 'a-' })}
${textField({ name: 'external_id', label: 'Customer ID (optional)', help: 'The ID in your CRM or billing system, so imports update this account.', values, errors, idPrefix: 'a-' })}
<div class="grid-2">
${selectField({ name: 'tier', label: 'Tier', values, errors, idPrefix: 'a-', options: d.tiers.map((t) => ({ value: t, label: capitalise(t) })) })}
${selectField({ name: 'criticality', label: 'Criticality', values, errors, idPrefix: 'a-', options: CRITICALITIES.map((c) => ({ value: c, label: CRITICALITY_LABEL[c] })) })}
</div>
<div class="grid-2">
${textField({ name: 'region', label: 'Region (optional)', values, errors, idPrefix: 'a-', placeholder: 'e.g. eu' })}
${textField({ name: 'time_zone', label: 'Time zone (optional)', values, errors, idPrefix: 'a-', placeholder: 'e.g. Europe/Paris' })}
</div>
${textField({ name: 'tags', label: 'Tags (optional)', help: 'Separated by commas, e.g. healthcare, sso.', values, errors, idPrefix: 'a-' })}
${selectField({ name: 'account_manager_id', label: 'Account manager', values, errors, idPrefix: 'a-', options: [{ value: '', label: 'Nobody yet' }, ...d.people.map((p) => ({ value: p.id, label: p.name }))] })}
${
  leaves.length > 0 &&
  html`<fieldset class="cfield${errors.components ? ' has-error' : ''}"><legend class="clabel">Components they use</legend>
<p class="chint">An incident on one of these affects this customer.</p>
<div class="check-grid">${leaves.map((c) => html`<label class="ccheck"><input type="checkbox" name="components" value="${c.id}" ${chosen.has(c.id) && 'checked'}> ${c.name}</label>`)}</div>
${errors.components && html`<p class="field-error" id="a-components-error">${errors.components}</p>`}
</fieldset>`
}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Add account</button></div>
</form>
</section>`;
}

function importResult(r: ImportOutcome): Html {
  if (r.error)
    return html`<div class="form-alert" role="alert"><strong>Nothing was imported.</strong> ${r.error}</div>`;
  const tone = r.rejected_total ? 'warn' : 'ok';
  return html`<div class="import-result import-${tone}" role="status" id="import-result">
<p><strong>Import finished${r.filename ? html` for ${r.filename}` : ''}.</strong></p>
<ul class="import-counts"><li><b>${r.created}</b> accounts created</li><li><b>${r.updated}</b> updated</li><li><b>${r.contacts}</b> contacts added</li><li><b>${r.rejected_total}</b> rows rejected</li></ul>
${
  r.rejected.length > 0 &&
  html`<div class="table-scroll" tabindex="0" role="region" aria-label="Table (scrolls sideways)"><table class="ctable rejects"><caption class="sr-only">Rejected rows</caption><thead><tr><th scope="col" class="n">Line</th><th scope="col">Customer ID</th><th scope="col">Why it was rejected</th></tr></thead><tbody>${r.rejected
    .slice(0, 50)
    .map(
      (x) =>
        html`<tr><td class="n">${x.row}</td><td>${x.external_id ?? html`<span class="chint">–</span>`}</td><td><strong>${x.field}</strong> ${x.reason}</td></tr>`,
    )}</tbody></table></div>${r.rejected_total > 50 && html`<p class="chint">…and ${r.rejected_total - 50} more.</p>`}`
}
</div>`;
}

export function importForm(d: AccountsData): Html {
  return html`<section class="card-pad" id="import" aria-labelledby="import-title">
<h2 class="csection-title" id="import-title">Import from a spreadsheet</h2>
<p class="chint">Save your customer list as a CSV file with a header row, one row per contact. Columns: <code>external_id</code> (your customer ID), <code>name</code>, <code>tier</code>, <code>criticality</code>, <code>region</code>, <code>tags</code>, <code>components</code>, <code>account_manager</code>, and for the contact <code>contact_name</code>, <code>contact_role</code>, <code>contact_email</code>, <code>contact_phone</code>. A known customer ID updates that account.</p>
${d.imported && importResult(d.imported)}
<form class="cform" method="post" action="/console/accounts/import" enctype="multipart/form-data">
${csrfField(d.csrf)}
<div class="cfield"><label class="clabel" for="f-file">CSV file</label><input id="f-file" class="file-input" type="file" name="file" accept=".csv,text/csv" required></div>
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Import accounts</button></div>
</form>
</section>`;
}

export function accountsBody(d: AccountsData): Html {
  return html`<div class="page-title"><h1>Accounts</h1><p class="chint">Your customers: how important each one is, who to call there, and which components they use. Targeted updates and account-manager calls are worked out from this list.</p></div>
<div class="dash-grid">
<div class="dash-main">
<section class="card-pad" aria-labelledby="list-title">
${filters(d)}
<div class="block-head list-head"><h2 id="list-title">${d.list.total === d.facets.total ? 'All accounts' : 'Matching accounts'} <span class="count">${d.list.total}</span></h2></div>
${table(d)}
${pager(d)}
</section>
</div>
<div class="dash-side">
${importForm(d)}
${accountForm(d)}
</div>
</div>`;
}
