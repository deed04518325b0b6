/**
 * Digests, quiet hours and downtime (issue #12): when a contact's daily digest is due, whether
 * a notice waits for its quiet hours to end, and how long an outage lasted, in words. Pure:
 * time zones through luxon, the time is always given.
 */
import { DateTime } from 'luxon';

/** The local hour a digest goes out at, in each contact's own zone. */
export const DIGEST_HOUR = 8;
/** A digest missed at 08:00 (the scheduler was down) still goes until this local hour. */
export const DIGEST_LATEST_HOUR = 12;
/** The plan setting's default: an incident open longer than this gets digests for everyone. */
export const DEFAULT_DIGEST_AFTER_HOURS = 4;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "22:00-07:00" → minutes of the day, or a problem to show next to the field. */
export function parseQuietHours(
  text: string,
): { start: number; end: number } | { problem: string } {
  const [a, b, ...rest] = text.split('-').map((s) => s.trim());
  const ma = a ? HHMM.exec(a) : null;
  const mb = b ? HHMM.exec(b) : null;
  if (!ma || !mb || rest.length)
    return { problem: 'must be two 24-hour times joined by a dash, e.g. 22:00-07:00' };
  const start = Number(ma[1]) * 60 + Number(ma[2]);
  const end = Number(mb[1]) * 60 + Number(mb[2]);
  if (start === end) return { problem: 'must start and end at different times' };
  return { start, end };
}

export function validZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/**
 * When the quiet hours that `now` falls in end (UTC), or null when `now` is outside them (or
 * they cannot be read). A window may cross midnight (22:00-07:00).
 */
export function quietUntil(quiet: string | null | undefined, zone: string, now: Date): Date | null {
  if (!quiet) return null;
  const q = parseQuietHours(quiet);
  if ('problem' in q) return null;
  const local = DateTime.fromJSDate(now, { zone: validZone(zone) ? zone : 'UTC' });
  const m = local.hour * 60 + local.minute;
  const inside = q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
  if (!inside) return null;
  // a wall-clock time on the day (not minutes after midnight: a DST change moves those)
  const at = { hour: Math.floor(q.end / 60), minute: q.end % 60, second: 0, millisecond: 0 };
  let end = local.set(at);
  if (end <= local) end = local.startOf('day').plus({ days: 1 }).set(at);
  return end.toJSDate();
}

/**
 * The local day whose digest is due at `now` in `zone`, or null outside the sending window
 * (08:00 up to 12:00 local, so a scheduler that was down at 08:00 still sends that morning).
 */
export function digestDay(zone: string, now: Date): string | null {
  const local = DateTime.fromJSDate(now, { zone: validZone(zone) ? zone : 'UTC' });
  if (local.hour < DIGEST_HOUR || local.hour >= DIGEST_LATEST_HOUR) return null;
  return local.toISODate();
}

/** One status a component was put in by an incident, at a time. */
export interface StatusChange {
  component_id: string;
  status: string;
  at: string;
}

/**
 * How long any of the incident's components was not operational, in milliseconds: the union
 * of each component's non-operational spans (overlaps count once), the open ones up to `end`.
 */
export function downtimeMs(changes: StatusChange[], end: Date): number {
  const spans: [number, number][] = [];
  const open = new Map<string, number>();
  const sorted = [...changes].sort((a, b) => a.at.localeCompare(b.at));
  for (const c of sorted) {
    const t = Date.parse(c.at);
    const down = c.status !== 'operational' && c.status !== 'under_maintenance';
    const since = open.get(c.component_id);
    if (down && since === undefined) open.set(c.component_id, t);
    if (!down && since !== undefined) {
      spans.push([since, t]);
      open.delete(c.component_id);
    }
  }
  for (const since of open.values()) spans.push([since, end.getTime()]);
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const s of spans) {
    if (cur && s[0] <= cur[1]) cur[1] = Math.max(cur[1], s[1]);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [s[0], s[1]];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return Math.max(0, total);
}

/** 8_100_000 → "2 hours 15 minutes"; under a minute → "less than a minute". */
export function humanDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const part = (n: number, w: string) => (n ? [`${n} ${w}${n === 1 ? '' : 's'}`] : []);
  return [...part(d, 'day'), ...part(h, 'hour'), ...part(m, 'minute')].join(' ');
}

export interface DigestIncidentView {
  name: string;
  status: string;
  statusLabel: string;
  url: string;
  nextUpdateAt: string | null;
  /** what changed since the reader's last digest, oldest first (bodies already plain text) */
  updates: { at: string; statusLabel: string; text: string }[];
}

/** A time in the reader's zone: "3 Dec 09:15 CET". */
function localStamp(iso: string, zone: string): string {
  const dt = DateTime.fromISO(iso, { zone: validZone(zone) ? zone : 'UTC' }).setLocale('en-GB');
  return dt.toFormat('d LLL HH:mm ZZZZ');
}

/** The digest email's subject and text, for one reader in its own zone. */
export function digestMessage(o: {
  pageUrl: string;
  zone: string;
  day: string;
  incidents: DigestIncidentView[];
}): { subject: string; text: string } {
  const open = o.incidents.filter((i) => i.status !== 'resolved').length;
  const date = DateTime.fromISO(o.day).setLocale('en-GB').toFormat('cccc d LLLL');
  const subject = `Daily summary: ${open ? `${open} open incident${open === 1 ? '' : 's'}` : 'all resolved'}`;
  const parts = [`What changed since your last summary, as of ${date}.`];
  for (const i of o.incidents) {
    const lines = [`${i.name}: ${i.statusLabel}`];
    for (const u of i.updates)
      lines.push(`- ${localStamp(u.at, o.zone)}, ${u.statusLabel}: ${u.text}`);
    if (i.nextUpdateAt) lines.push(`Next update by ${localStamp(i.nextUpdateAt, o.zone)}.`);
    lines.push(`Details: ${i.url}`);
    parts.push(lines.join('\n'));
  }
  parts.push(`Status page: ${o.pageUrl}`);
  return { subject, text: parts.join('\n\n') };
}
