/**
 * The comms debrief screen (issue #14): the metrics with their definitions, and three charts
 * drawn on the server as inline SVG (no script, printable): updates against their promises,
 * delivery latency per channel, and enquiry volume with sentiment. Each chart has its numbers
 * in a table for screen readers, as enquiryChart.ts does.
 */
import type { Debrief } from '../../domain/debrief.js';
import { fmtTime } from '../../lib/format.js';
import { type Html, html } from '../../lib/html.js';
import { reachMetricRows, reachSections } from './debriefReach.js';
import { csrfField, onceField, pill } from './parts.js';

const W = 640;
const PAD = { l: 60, r: 20, t: 14, b: 28 };
const INK = '#1f2937';
const OK = '#0072B2';
const LATE = '#B8002E';
/** the Okabe–Ito colours of SWATCH_CSS (enquiryChart.ts), by their swatch index */
const PCTL = ['#56B4E9', '#0072B2', '#D55E00'];
const PCTL_SWATCH = ['4', '0', '5'];

const dur = (s: number | null) =>
  s === null ? '—' : s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;

function table(label: string, head: string[], rows: (string | number)[][]): Html {
  return html`<details class="reaction-table"><summary>The numbers as a table</summary>
<div class="table-scroll" tabindex="0" role="region" aria-label="${label}"><table class="ctable"><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${String(c)}</td>`)}</tr>`)}</tbody></table></div></details>`;
}

export function timelineChart(d: Debrief, zone: string): Html {
  const t = d.timeline;
  const t0 = Date.parse(t.started_at);
  const promises = t.updates.map((u) => u.promised).filter((p): p is string => p !== null);
  const t1 = Math.max(Date.parse(t.ended_at), ...promises.map((p) => Date.parse(p)), t0 + 60_000);
  const H = 120;
  const iw = W - PAD.l - PAD.r;
  const x = (iso: string) => (PAD.l + ((Date.parse(iso) - t0) / (t1 - t0)) * iw).toFixed(1);
  const yU = 40;
  const yP = 80;
  const broken = new Set(d.metrics.broken_promises.map((b) => b.update_id));
  const summary = `${d.metrics.updates} public updates; ${d.metrics.updates_on_time} of ${d.metrics.promises} promises kept.`;
  return html`<section class="card-pad" aria-labelledby="dt-title">
<h2 class="csection-title" id="dt-title">Updates against their promises</h2>
<p class="chint">${summary} Filled dots are updates; each line runs to the time it promised the next one, red where the next came late.</p>
<svg class="reaction-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="dt-svg"><title id="dt-svg">Timeline of updates and promises. ${summary}</title>
<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#8a94a6"/>
<text x="${PAD.l - 6}" y="${yU + 4}" text-anchor="end" font-size="11" fill="currentColor">Updates</text>
<text x="${PAD.l - 6}" y="${yP + 4}" text-anchor="end" font-size="11" fill="currentColor">Promises</text>
${t.updates.map(
  // promises alternate between two rows so that overlapping ones stay apart
  (u, i) =>
    html`${u.promised && html`<line x1="${x(u.at)}" y1="${yP + (i % 2) * 10 - 5}" x2="${x(u.promised)}" y2="${yP + (i % 2) * 10 - 5}" stroke="${broken.has(u.id) ? LATE : OK}" stroke-width="3"/><line x1="${x(u.promised)}" y1="${yP + (i % 2) * 10 - 11}" x2="${x(u.promised)}" y2="${yP + (i % 2) * 10 + 1}" stroke="${broken.has(u.id) ? LATE : OK}" stroke-width="2"/>`}<circle cx="${x(u.at)}" cy="${yU}" r="6" fill="${INK}"><title>${fmtTime(u.at, zone)}: ${u.status}</title></circle>`,
)}
<text x="${PAD.l}" y="${H - 8}" font-size="11" fill="currentColor">${fmtTime(t.started_at, zone)}</text>
<text x="${W - PAD.r}" y="${H - 8}" text-anchor="end" font-size="11" fill="currentColor">${fmtTime(new Date(t1).toISOString(), zone)}</text>
</svg>
${table(
  'Updates and promises (scrolls sideways)',
  ['Posted', 'Status', 'Promised next by', 'Kept'],
  t.updates.map((u) => [
    fmtTime(u.at, zone),
    u.status,
    u.promised ? fmtTime(u.promised, zone) : '—',
    u.promised ? (broken.has(u.id) ? 'late' : 'yes') : '—',
  ]),
)}
</section>`;
}

export function latencyChart(d: Debrief): Html {
  const chans = Object.entries(d.metrics.deliveries).sort(([a], [b]) => a.localeCompare(b));
  const title = html`<h2 class="csection-title" id="dl-title">Delivery per channel</h2>`;
  if (!chans.length)
    return html`<section class="card-pad" aria-labelledby="dl-title">${title}<p class="chint">${d.metrics.missing.deliveries}</p></section>`;
  const rowH = 36;
  const H = PAD.t + chans.length * rowH + PAD.b;
  const iw = W - PAD.l - PAD.r - 60;
  const max = Math.max(1, ...chans.map(([, c]) => c.p99_ms ?? 0));
  const bars = chans.map(([ch, c], i) => {
    const y0 = PAD.t + i * rowH;
    const vals = [c.p50_ms, c.p95_ms, c.p99_ms];
    return html`<text x="${PAD.l - 6}" y="${y0 + 20}" text-anchor="end" font-size="11" fill="currentColor">${ch}</text>
${vals.map((v, k) => (v === null ? null : html`<rect x="${PAD.l}" y="${y0 + 4 + k * 9}" width="${((v / max) * iw).toFixed(1)}" height="8" fill="${PCTL[k]}"><title>${ch} p${['50', '95', '99'][k]}: ${v} ms</title></rect>`))}
<text x="${(PAD.l + ((c.p99_ms ?? 0) / max) * iw + 6).toFixed(1)}" y="${y0 + 24}" font-size="11" fill="currentColor">${c.p99_ms === null ? 'no latency' : `p99 ${c.p99_ms} ms`}</text>`;
  });
  return html`<section class="card-pad" aria-labelledby="dl-title">${title}
<p class="chint">${d.definitions.deliveries}</p>
<svg class="reaction-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="dl-svg"><title id="dl-svg">Publish-to-delivery latency per channel: p50, p95 and p99 bars, longest ${max} ms.</title>
${bars}
</svg>
<ul class="reaction-legend">${['p50', 'p95', 'p99'].map((p, k) => html`<li><span class="swatch" data-c="${PCTL_SWATCH[k]}"></span>${p}</li>`)}</ul>
${table(
  'Delivery per channel (scrolls sideways)',
  ['Channel', 'Attempted', 'Delivered', 'Failed', 'Pending', 'p50 ms', 'p95 ms', 'p99 ms'],
  chans.map(([ch, c]) => [
    ch,
    c.attempted,
    c.delivered,
    c.failed,
    c.pending,
    c.p50_ms ?? '—',
    c.p95_ms ?? '—',
    c.p99_ms ?? '—',
  ]),
)}
</section>`;
}

export function enquiryChart(d: Debrief, zone: string): Html {
  const title = html`<h2 class="csection-title" id="de-title">Enquiries and sentiment</h2>`;
  const e = d.metrics.enquiries;
  if ('reason' in e)
    return html`<section class="card-pad" aria-labelledby="de-title">${title}<p class="chint">${e.reason}</p></section>`;
  const H = 180;
  const ih = H - PAD.t - PAD.b;
  const iw = W - PAD.l - PAD.r;
  const b = e.buckets;
  const bw = iw / Math.max(b.length, 1);
  const max = Math.max(1, ...b.map((x) => x.count));
  const sy = (m: number) => PAD.t + ih / 2 - (Math.max(-1, Math.min(1, m)) * ih) / 2;
  const pts = b
    .map((x, i) =>
      x.mean_sentiment === null
        ? null
        : `${(PAD.l + i * bw + bw / 2).toFixed(1)},${sy(x.mean_sentiment).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(' ');
  const summary = `${e.total} enquiries, ${e.negative} negative, ${e.escalated} escalated; median first response ${dur(e.median_first_response_s)}.`;
  return html`<section class="card-pad" aria-labelledby="de-title">${title}
<p class="chint">${summary}</p>
<svg class="reaction-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="de-svg"><title id="de-svg">Enquiries per 10 minutes as bars, with the mean sentiment as a line. ${summary}</title>
<line x1="${PAD.l}" y1="${PAD.t + ih}" x2="${W - PAD.r}" y2="${PAD.t + ih}" stroke="#8a94a6"/>
<line x1="${PAD.l}" y1="${sy(0).toFixed(1)}" x2="${W - PAD.r}" y2="${sy(0).toFixed(1)}" stroke="#8a94a6" stroke-dasharray="3 4"/>
<text x="${PAD.l - 6}" y="${PAD.t + 10}" text-anchor="end" font-size="11" fill="currentColor">${max}</text>
${b.map((x, i) => {
  const h = (x.count / max) * ih;
  return html`<rect x="${(PAD.l + i * bw + 1).toFixed(1)}" y="${(PAD.t + ih - h).toFixed(1)}" width="${Math.max(bw - 2, 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${OK}"><title>${fmtTime(x.start, zone)}: ${x.count}</title></rect>`;
})}
${pts && html`<polyline points="${pts}" fill="none" stroke="${LATE}" stroke-width="2.5"/>`}
${b.map((x, i) => html`<text x="${(PAD.l + i * bw + bw / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle" font-size="11" fill="currentColor">${fmtTime(x.start, zone)}</text>`)}
</svg>
<ul class="reaction-legend"><li><span class="swatch" data-c="0"></span>enquiries</li><li><span class="swatch swatch-line"></span>mean sentiment (−1 to +1, dashed line 0)</li></ul>
${table(
  'Enquiries per 10 minutes (scrolls sideways)',
  ['From', 'Enquiries', 'Mean sentiment'],
  b.map((x) => [fmtTime(x.start, zone), x.count, x.mean_sentiment ?? '—']),
)}
</section>`;
}

export function debriefBody(
  d: Debrief & { name: string },
  zone: string,
  viewer: { csrf: string; admin: boolean },
): Html {
  const m = d.metrics;
  const id = encodeURIComponent(d.incident_id);
  const def = d.definitions;
  const missing: Record<string, string> = { ...m.missing };
  if ('reason' in m.outreach) missing.outreach = m.outreach.reason;
  const row = (label: string, value: string, key: string) =>
    html`<tr><th scope="row">${label}</th><td>${missing[key] ? html`<em>no data: ${missing[key]}</em>` : value}</td><td class="chint">${def[key]}</td></tr>`;
  return html`<p><a href="/console/incidents/${id}">← ${d.name}</a></p>
<h1 class="ctitle">Comms debrief: ${d.name}</h1>
<p class="chint console-only"><a href="/console/incidents/${id}/debrief.html" download>Download HTML</a> (one file: charts, tables, no scripts; opens offline) · <a href="/console/incidents/${id}/debrief.md" download>Markdown for the postmortem</a> · print this page to PDF from the browser.</p>
<section class="card-pad" aria-labelledby="dm-title"><h2 class="csection-title" id="dm-title">Metrics</h2>
<div class="table-scroll" tabindex="0" role="region" aria-label="Metrics (scrolls sideways)"><table class="ctable"><thead><tr><th scope="col">Metric</th><th scope="col">Value</th><th scope="col">Definition</th></tr></thead><tbody>
${row('Time to first public update', dur(m.time_to_first_public_update_s), 'time_to_first_public_update_s')}
${reachMetricRows(d, row)}
${row('Public updates', String(m.updates), 'updates')}
${row('Promises kept', `${m.updates_on_time} of ${m.promises}`, 'updates_on_time')}
${row('Largest gap', dur(m.largest_gap_s), 'largest_gap_s')}
${row('Unsubscribes', String(m.unsubscribes), 'unsubscribes')}
${row('Briefing reads', m.briefing.map((b) => `v${b.version}: ${b.readers} read, slowest ${dur(b.slowest_read_s)}`).join('; '), 'briefing')}
${row('Outreach', 'reason' in m.outreach ? '' : `${m.outreach.done} of ${m.outreach.total} done, ${m.outreach.done_on_time} on time`, 'outreach')}
</tbody></table></div>
</section>
${timelineChart(d, zone)}
${latencyChart(d)}
${enquiryChart(d, zone)}
${reachSections(d, zone)}
<section class="card-pad" aria-labelledby="dr-title"><h2 class="csection-title" id="dr-title">At-risk accounts</h2>
<p class="chint">${def.at_risk_accounts}</p>
${
  d.at_risk_accounts.length
    ? html`<ol>${d.at_risk_accounts.map((a) => html`<li><a href="/console/accounts/${encodeURIComponent(a.account_id)}">${a.name}</a> ${pill(a.criticality, a.criticality === 'critical' ? 'bad' : 'plain')} ${a.tier}${a.mrr !== null ? `, MRR ${a.mrr}` : ''}: ${a.negative_enquiries} negative enquiries, ${a.unanswered_outreach} outreach not done, affected ${Math.round(a.downtime_s / 60)} min; score ${a.score}</li>`)}</ol>`
    : html`<p>None.</p>`
}
</section>
<section class="card-pad" aria-labelledby="ds-title"><h2 class="csection-title" id="ds-title">Suggestions for the plan</h2>
${
  d.suggestions.length
    ? html`<ul>${d.suggestions.map(
        (s) =>
          html`<li>${s.text} ${
            s.plan_change
              ? html`<br><small class="chint">Plan change: <code>${JSON.stringify(s.plan_change)}</code></small>${
                  viewer.admin
                    ? html`<form method="post" action="/console/incidents/${id}/debrief/suggestions/${encodeURIComponent(s.id)}/apply">${csrfField(viewer.csrf)}${onceField()}<button class="cbutton cbutton-sm" type="submit">Apply to the plan</button></form>`
                    : html` <small class="chint">(an admin can apply it)</small>`
                }`
              : html`<small class="chint">(a check, no plan change)</small>`
          }</li>`,
      )}</ul>`
    : html`<p>None: the metrics suggest no change.</p>`
}
</section>`;
}
