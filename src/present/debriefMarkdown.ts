/** The debrief as Markdown, for pasting into the postmortem document. */
import type { Debrief } from '../domain/debrief.js';
import { actionItemsMarkdown } from './debriefActionsMarkdown.js';
import { reachMarkdown, reachTimeRows } from './debriefReachMarkdown.js';

const cell = (v: unknown) =>
  v === null || v === undefined ? '—' : String(v).replace(/\|/g, '\\|');
const dur = (s: number | null) =>
  s === null ? '—' : s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;

export function debriefMarkdown(
  name: string,
  d: Debrief & { action_items?: Parameters<typeof actionItemsMarkdown>[0] },
  now = new Date(),
): string {
  const m = d.metrics;
  const def = d.definitions;
  const lines: string[] = [`# Comms debrief: ${name}`, ''];
  lines.push('## Cadence', '');
  lines.push('| Metric | Value | Definition |', '| --- | --- | --- |');
  const miss = (k: string, v: string) => (m.missing[k] ? `— (${m.missing[k]})` : v);
  lines.push(
    `| Time to first public update | ${miss('time_to_first_public_update_s', dur(m.time_to_first_public_update_s))} | ${def.time_to_first_public_update_s} |`,
    ...reachTimeRows(d),
    `| Updates | ${m.updates} | ${def.updates} |`,
    `| Promises kept | ${m.updates_on_time} of ${m.promises} | ${def.updates_on_time} |`,
    `| Largest gap | ${miss('largest_gap_s', dur(m.largest_gap_s))} | ${def.largest_gap_s} |`,
    `| Unsubscribes | ${m.unsubscribes} | ${def.unsubscribes} |`,
    '',
  );
  if (m.broken_promises.length) {
    lines.push('### Broken promises', '');
    for (const b of m.broken_promises)
      lines.push(
        `- promised ${b.promised_at}, ${b.kept_at ? `next update ${b.kept_at}` : 'no update came'} (${dur(b.late_s)} late)`,
      );
    lines.push('');
  }
  lines.push('## Delivery per channel', '', def.deliveries, '');
  if (m.missing.deliveries) lines.push(`— (${m.missing.deliveries})`, '');
  else {
    lines.push(
      '| Channel | Attempted | Delivered | Failed | Pending | p50 ms | p95 ms | p99 ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const [ch, x] of Object.entries(m.deliveries).sort())
      lines.push(
        `| ${cell(ch)} | ${x.attempted} | ${x.delivered} | ${x.failed} | ${x.pending} | ${cell(x.p50_ms)} | ${cell(x.p95_ms)} | ${cell(x.p99_ms)} |`,
      );
    lines.push('');
  }
  lines.push('## Briefing', '');
  if (m.missing.briefing) lines.push(`— (${m.missing.briefing})`, '');
  else
    for (const b of m.briefing)
      lines.push(`- version ${b.version}: ${b.readers} read it, slowest ${dur(b.slowest_read_s)}`);
  lines.push('', '## Enquiries', '');
  if ('reason' in m.enquiries) lines.push(`— (${m.enquiries.reason})`);
  else {
    const e = m.enquiries;
    lines.push(
      `- ${e.total} enquiries (${Object.entries(e.by_channel)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')}), ${e.negative} negative, ${e.escalated} escalated, ${e.answered} answered`,
      `- median time to first response: ${dur(e.median_first_response_s)}`,
    );
  }
  lines.push('', '## Outreach', '');
  if ('reason' in m.outreach) lines.push(`— (${m.outreach.reason})`);
  else
    lines.push(
      `- ${m.outreach.done} of ${m.outreach.total} tasks done, ${m.outreach.done_on_time} on time`,
    );
  lines.push(...reachMarkdown(d));
  lines.push('', '## At-risk accounts', '');
  if (!d.at_risk_accounts.length) lines.push('None.');
  for (const a of d.at_risk_accounts)
    lines.push(
      `- ${cell(a.name)} (${a.criticality}, ${a.tier}${a.mrr !== null ? `, MRR ${a.mrr}` : ''}): ${a.negative_enquiries} negative enquiries, ${a.unanswered_outreach} outreach not done, affected ${Math.round(a.downtime_s / 60)} min; score ${a.score}`,
    );
  lines.push('', '## Suggestions', '');
  if (!d.suggestions.length) lines.push('None.');
  for (const s of d.suggestions)
    lines.push(
      `- ${s.text}${s.plan_change ? ` Plan change: \`${JSON.stringify(s.plan_change)}\`` : ''}`,
    );
  lines.push(...actionItemsMarkdown(d.action_items, now));
  return `${lines.join('\n')}\n`;
}
