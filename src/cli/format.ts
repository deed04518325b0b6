/** Plain-text presentation for the CLI: aligned tables and one-glance summaries. */
import type { Component, Incident } from '../store/queries/models.js';

/** An aligned text table with a header row; empty lists say so instead of printing a bare header. */
export function table(headers: string[], rows: string[][], empty = '(none)'): string {
  if (rows.length === 0) return empty;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** "2026-11-20 14:30 UTC" */
export function shortTime(iso: string | null): string {
  if (!iso) return '-';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function componentRows(components: Component[]): string[][] {
  const names = new Map(components.map((c) => [c.id, c.name]));
  return components.map((c) => [
    c.id,
    c.group ? `${c.name} (group)` : c.name,
    c.group_id ? (names.get(c.group_id) ?? c.group_id) : '-',
    c.status,
  ]);
}

export function incidentRows(incidents: Incident[]): string[][] {
  return incidents.map((i) => [i.id, i.status, i.impact, shortTime(i.started_at), i.name]);
}

export function maintenanceRows(maintenances: Incident[]): string[][] {
  return maintenances.map((m) => [
    m.id,
    m.status,
    shortTime(m.scheduled_for),
    shortTime(m.scheduled_until),
    m.name,
  ]);
}

/** A few lines telling what an incident or maintenance now looks like. */
export function describeIncident(verb: string, i: Incident): string {
  const what = i.kind === 'maintenance' ? 'maintenance' : 'incident';
  const facts = [`status ${i.status}`];
  if (i.kind === 'incident') facts.push(`impact ${i.impact}`);
  if (i.scheduled_for)
    facts.push(`${shortTime(i.scheduled_for)} → ${shortTime(i.scheduled_until)}`);
  if (i.next_update_at) facts.push(`next update by ${shortTime(i.next_update_at)}`);
  const lines = [`${verb} ${what} ${i.id}: ${i.name}`, `  ${facts.join(' · ')}`];
  const changes = i.updates[0]?.affected_components ?? [];
  if (changes.length) {
    lines.push(
      `  components: ${changes.map((c) => `${c.name} ${c.old_status} → ${c.new_status}`).join(', ')}`,
    );
  }
  return lines.join('\n');
}
