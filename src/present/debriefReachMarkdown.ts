/** The debrief's further metrics (domain/debriefReach.ts) as Markdown lines. */
import type { Debrief } from '../domain/debrief.js';

const cell = (v: unknown) =>
  v === null || v === undefined ? '—' : String(v).replace(/\|/g, '\\|');
const dur = (s: number | null) =>
  s === null ? '—' : s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;

/** Rows of the cadence table: the three times from the start. */
export function reachTimeRows(d: Debrief): string[] {
  const m = d.metrics;
  const row = (label: string, key: keyof typeof m & string, v: number | null) =>
    `| ${label} | ${m.missing[key] ? `— (${m.missing[key]})` : dur(v)} | ${d.definitions[key]} |`;
  return [
    row('Time to acknowledge', 'time_to_acknowledge_s', m.time_to_acknowledge_s),
    row(
      'Time to first internal notice',
      'time_to_first_internal_notice_s',
      m.time_to_first_internal_notice_s,
    ),
    row('Time to scoping update', 'time_to_scoping_update_s', m.time_to_scoping_update_s),
  ];
}

/** Sections: reach, consistency, social backlash, SMS segments. */
export function reachMarkdown(d: Debrief): string[] {
  const m = d.metrics;
  const def = d.definitions;
  const out: string[] = ['', '## Reach per audience and tier', '', def.reach, ''];
  const r = m.reach;
  if ('reason' in r) out.push(`— (${r.reason})`);
  else {
    out.push(
      `${r.total.contacts} contacts at ${r.total.accounts} accounts reached.`,
      '',
      '| Audience | Contacts | Accounts |',
      '| --- | --- | --- |',
      ...Object.entries(r.by_audience).map(
        ([k, a]) => `| ${cell(a.name)} (${cell(k)}) | ${a.contacts} | ${a.accounts} |`,
      ),
      '',
      '| Tier | Contacts | Accounts |',
      '| --- | --- | --- |',
      ...Object.entries(r.by_tier).map(
        ([t, a]) => `| ${cell(t)} | ${a.contacts} | ${a.accounts} |`,
      ),
    );
  }
  out.push('', '## Consistency across channels', '', def.consistency, '');
  const c = m.consistency;
  if ('reason' in c) out.push(`— (${c.reason})`);
  else {
    out.push(
      c.consistent
        ? `Every channel (${c.channels.join(', ')}) carried every update.`
        : `A channel missed an update (channels: ${c.channels.join(', ')}).`,
      '',
      '| Update posted | Sent on | Missing |',
      '| --- | --- | --- |',
      ...c.updates.map(
        (u) =>
          `| ${u.posted_at} | ${u.channels_sent.join(', ') || '—'} | ${u.missing.join(', ') || '—'} |`,
      ),
    );
  }
  out.push('', '## Social backlash', '', def.social_backlash, '');
  const s = m.social_backlash;
  if ('reason' in s) out.push(`— (${s.reason})`);
  else {
    out.push(`- ${s.mentions} mentions, ${s.negative} negative`);
    for (const x of s.listed)
      out.push(
        `- ${x.received_at} ${cell(x.source)}: ${cell(x.sender)} (sentiment ${cell(x.sentiment)})`,
      );
  }
  out.push('', '## SMS segments', '', def.sms_segments, '');
  const q = m.sms_segments;
  if ('reason' in q) out.push(`— (${q.reason})`);
  else if (!q.over_one_segment.length)
    out.push(`${q.checked} SMS wordings checked: each fits in one segment.`);
  else
    for (const o of q.over_one_segment)
      out.push(
        `- ${cell(o.key)} (${cell(o.locale)}): ${o.units} ${o.encoding} characters, ${o.segments} segments`,
      );
  return out;
}
