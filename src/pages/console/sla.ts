/**
 * The SLA credits screen: for a month, each account a policy covers with its uptime, downtime,
 * incidents, credit and goodwill, and finance's decision; approve or adjust each credit (forms
 * that work without JavaScript), and download the month as the billing CSV. Admins only.
 */
import { type Html, html } from '../../lib/html.js';
import type { SlaReportRow } from '../../store/queries/slaReport.js';
import { csrfField, type Errors, onceField, pill } from './parts.js';

export interface SlaScreen {
  month: string;
  rows: SlaReportRow[];
  /** the last account shown, when there are more after it */
  next: string | null;
  csrf: string;
  /** the account a failed decision was for, with its errors and what was typed */
  failed?: { accountId: string; errors: Errors; amount: string; note: string } | null;
  hasPolicies: boolean;
}

const money = (n: number | null) =>
  n === null
    ? html`<span class="chint">MRR unknown</span>`
    : n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const STATE: Record<SlaReportRow['state'], Html> = {
  pending: pill('Pending', 'warn'),
  approved: pill('Approved', 'ok'),
  adjusted: pill('Adjusted', 'info'),
};

function actions(r: SlaReportRow, d: SlaScreen): Html {
  const url = `/console/sla/credits?month=${encodeURIComponent(d.month)}`;
  const failed = d.failed?.accountId === r.account_id ? d.failed : null;
  const idp = `a-${r.account_id}`;
  const err = (name: string) =>
    failed?.errors[name] &&
    html`<span class="sla-error" id="${idp}-${name}-error">${failed.errors[name]}</span>`;
  const hidden = html`${csrfField(d.csrf)}${onceField()}<input type="hidden" name="account_id" value="${r.account_id}">`;
  return html`<td class="sla-actions">
${r.state !== 'pending' && html`<span class="sla-decided">${r.state === 'approved' ? 'Approved' : 'Adjusted to'} ${money(r.decided_amount)}${r.note && html` · ${r.note}`}</span>`}
${failed?.errors.decision && err('decision')}${failed?.errors.account_id && err('account_id')}${failed?.errors.month && err('month')}
<form method="post" action="${url}">${hidden}<input type="hidden" name="decision" value="approve"><button class="cbutton cbutton-ok cbutton-sm" type="submit">Approve<span class="sr-only"> the credit for ${r.name}</span></button></form>
<details ${failed && 'open'}><summary>Adjust…<span class="sr-only"> the credit for ${r.name}</span></summary>
<form method="post" action="${url}" novalidate>${hidden}<input type="hidden" name="decision" value="adjust">
<label class="clabel" for="${idp}-amount">Amount to credit</label>${err('amount')}
<input id="${idp}-amount" name="amount" type="number" min="0" step="0.01" inputmode="decimal" value="${failed?.amount ?? ''}" ${failed?.errors.amount && html`aria-invalid="true" aria-describedby="${idp}-amount-error"`}>
<label class="clabel" for="${idp}-note">Note</label>${err('note')}
<input id="${idp}-note" name="note" type="text" maxlength="2000" value="${failed?.note ?? ''}">
<button class="cbutton cbutton-primary cbutton-sm" type="submit">Save adjustment</button>
</form></details>
</td>`;
}

function table(d: SlaScreen): Html {
  if (!d.rows.length)
    return d.hasPolicies
      ? html`<p class="empty">No account has an SLA policy for ${d.month}.</p>`
      : html`<div class="empty sla-empty"><p><strong>No SLA policies yet.</strong> A policy says what uptime each tier of customer is promised and how much credit they get when a month falls short. Once there is one, this screen lists every account it covers with its credit, ready for you to approve.</p>
<p>Policies are not set on a screen yet: ask whoever looks after your Flare plan to add them. Which tier each customer is on is set on <a href="/console/accounts">Accounts</a>.</p>
<p class="chint">For them: the <code>sla_policies</code> section of the plan file, or <code>PUT /api/v1/sla/policies/{key}</code>; see <code>docs/sla.md</code>.</p></div>`;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="SLA credits (scrolls sideways)"><table class="ctable sla-table">
<caption class="sr-only">SLA credits for ${d.month}</caption>
<thead><tr><th scope="col">Account</th><th scope="col" class="n">Uptime</th><th scope="col" class="n">Downtime</th><th scope="col" class="n">Incidents</th><th scope="col" class="n">Credit</th><th scope="col" class="n">Amount</th><th scope="col" class="n">Goodwill</th><th scope="col">State</th><th scope="col">Decision</th></tr></thead>
<tbody>${d.rows.map(
    (r) => html`<tr id="acct-${r.account_id}">
<td><a class="row-link" href="/console/accounts/${encodeURIComponent(r.account_id)}">${r.name}</a><br><small class="chint">${r.tier} · ${r.policy} policy · ${r.time_zone}</small></td>
<td class="n">${r.uptime.toFixed(4)} %</td>
<td class="n">${r.downtime_minutes} min</td>
<td class="n">${r.incidents.length}</td>
<td class="n">${r.credit_percent} %</td>
<td class="n">${money(r.credit_amount)}</td>
<td class="n">${r.goodwill ? html`${r.goodwill.percent ? `${r.goodwill.percent} % · ` : ''}${money(r.goodwill.amount)}` : html`<span class="chint">–</span>`}</td>
<td>${STATE[r.state]}</td>
${actions(r, d)}
</tr>`,
  )}</tbody></table></div>`;
}

export function slaBody(d: SlaScreen): Html {
  const m = encodeURIComponent(d.month);
  return html`<div class="page-title"><h1>SLA credits</h1><p class="chint">Each account's uptime for the month in its own time zone, the credit its SLA policy gives, and any goodwill. Approve a credit as computed, or adjust it; every decision is kept in the audit log.</p></div>
<section class="card-pad" aria-labelledby="sla-title">
<div class="sla-head">
<form class="sla-month" method="get" action="/console/sla"><div class="cfield"><label class="clabel" for="f-month">Month</label><input id="f-month" name="month" type="month" value="${d.month}" required></div><button class="cbutton cbutton-quiet" type="submit">Show</button></form>
<a class="cbutton cbutton-quiet" href="/console/sla/report.csv?month=${m}" download="sla-credits-${d.month}.csv">Download CSV</a>
</div>
<h2 id="sla-title" class="sr-only">Accounts</h2>
${table(d)}
${d.next && html`<p class="sla-pager"><a class="cbutton cbutton-quiet cbutton-sm" href="/console/sla?month=${m}&amp;after=${encodeURIComponent(d.next)}">Next accounts →</a></p>`}
</section>`;
}
