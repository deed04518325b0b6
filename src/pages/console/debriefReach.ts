/**
 * The debrief screen's further metrics (domain/debriefReach.ts): three times in the metrics
 * table, then reach per audience and tier, consistency across channels, social backlash and
 * the SMS over one segment, each with its definition, and its reason where it has no data.
 */
import type { Debrief } from '../../domain/debrief.js';
import { fmtTime } from '../../lib/format.js';
import { type Html, html } from '../../lib/html.js';

const dur = (s: number | null) =>
  s === null ? '—' : s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;

type Row = (label: string, value: string, key: string) => Html;

/** Rows for the metrics table: the three times from the start. */
export function reachMetricRows(d: Debrief, row: Row): Html {
  const m = d.metrics;
  return html`${row('Time to acknowledge', dur(m.time_to_acknowledge_s), 'time_to_acknowledge_s')}
${row('Time to first internal notice', dur(m.time_to_first_internal_notice_s), 'time_to_first_internal_notice_s')}
${row('Time to scoping update', dur(m.time_to_scoping_update_s), 'time_to_scoping_update_s')}`;
}

function section(id: string, title: string, definition: string, body: Html | string): Html {
  return html`<section class="card-pad" aria-labelledby="${id}"><h2 class="csection-title" id="${id}">${title}</h2>
<p class="chint">${definition}</p>
${body}
</section>`;
}

function table(label: string, head: string[], rows: (string | number)[][]): Html {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${label}"><table class="ctable"><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${String(c)}</td>`)}</tr>`)}</tbody></table></div>`;
}

const noData = (reason: string) => html`<p><em>no data: ${reason}</em></p>`;

export function reachSections(d: Debrief, zone: string): Html {
  const m = d.metrics;
  const def = d.definitions;
  const r = m.reach;
  const reach =
    'reason' in r
      ? noData(r.reason)
      : html`<p>${r.total.contacts} contacts at ${r.total.accounts} accounts reached.</p>
${table(
  'Reach per audience (scrolls sideways)',
  ['Audience', 'Contacts reached', 'Accounts reached'],
  Object.entries(r.by_audience).map(([k, a]) => [`${a.name} (${k})`, a.contacts, a.accounts]),
)}
${table(
  'Reach per tier (scrolls sideways)',
  ['Tier', 'Contacts reached', 'Accounts reached'],
  Object.entries(r.by_tier).map(([t, a]) => [t, a.contacts, a.accounts]),
)}`;
  const c = m.consistency;
  const consistency =
    'reason' in c
      ? noData(c.reason)
      : html`<p>${c.consistent ? 'Every channel carried every update.' : 'A channel missed an update.'} Channels: ${c.channels.join(', ')}.</p>
${table(
  'Channels per update (scrolls sideways)',
  ['Update posted', 'Sent on', 'Missing'],
  c.updates.map((u) => [
    fmtTime(u.posted_at, zone),
    u.channels_sent.join(', ') || '—',
    u.missing.join(', ') || '—',
  ]),
)}`;
  const s = m.social_backlash;
  const social =
    'reason' in s
      ? noData(s.reason)
      : html`<p>${s.mentions} mentions, ${s.negative} negative.</p>
${
  s.listed.length
    ? html`<ul>${s.listed.map((x) => html`<li>${fmtTime(x.received_at, zone)} ${x.source}: ${x.sender} (sentiment ${x.sentiment ?? '—'})</li>`)}</ul>
${table(
  'Negative mentions per 10 minutes (scrolls sideways)',
  ['From', 'Negative mentions'],
  s.buckets.map((b) => [fmtTime(b.start, zone), b.count]),
)}`
    : ''
}`;
  const q = m.sms_segments;
  const sms =
    'reason' in q
      ? noData(q.reason)
      : q.over_one_segment.length
        ? table(
            'SMS over one segment (scrolls sideways)',
            ['Template', 'Language', 'Characters', 'Encoding', 'Segments'],
            q.over_one_segment.map((o) => [o.key, o.locale, o.units, o.encoding, o.segments]),
          )
        : html`<p>${q.checked} SMS wordings checked: each fits in one segment.</p>`;
  return html`${section('drc-title', 'Reach per audience and tier', def.reach, reach)}
${section('dcc-title', 'Consistency across channels', def.consistency, consistency)}
${section('dsb-title', 'Social backlash', def.social_backlash, social)}
${section('dss-title', 'SMS segments', def.sms_segments, sms)}`;
}
