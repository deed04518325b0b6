/** Times and labels as a reader of the page sees them: in the page's time zone, with its abbreviation. */
import { DateTime } from 'luxon';
import { currentLocale, dateLocale } from './i18n/scope.js';

/** The page's zone if luxon knows it, else UTC. */
export function pageZone(timeZone: string): string {
  return DateTime.now().setZone(timeZone).isValid ? timeZone : 'UTC';
}

export function inZone(iso: string, zone: string): DateTime {
  return DateTime.fromISO(iso, { zone }).setLocale(dateLocale());
}

const abbrCache = new Map<string, string>();

/** "GMT", "BST", "CET", "EST", "UTC"; falls back to "GMT+3" where no short name exists. */
export function zoneAbbr(dt: DateTime): string {
  const key = `${dt.zoneName}|${dt.offset}`;
  let out = abbrCache.get(key);
  if (!out) {
    const us = dt.setLocale('en-US').offsetNameShort ?? '';
    const gb = dt.setLocale('en-GB').offsetNameShort ?? '';
    const generic = (s: string) => s === '' || /^(GMT|UTC)[+-−]/.test(s);
    out = !generic(us) ? us : !generic(gb) ? gb : us || gb || dt.toFormat('ZZ');
    if (out === 'Coordinated Universal Time') out = 'UTC';
    abbrCache.set(key, out);
  }
  return out;
}

/** "14:30 GMT" */
export function fmtTime(iso: string, zone: string): string {
  const dt = inZone(iso, zone);
  return `${dt.toFormat('HH:mm')} ${zoneAbbr(dt)}`;
}

/** "20 Nov 2026, 14:30 GMT" */
export function fmtDateTime(iso: string, zone: string): string {
  const dt = inZone(iso, zone);
  return `${dt.toFormat('d LLL yyyy, HH:mm')} ${zoneAbbr(dt)}`;
}

/** "14:30 GMT" today, "Sat 21 Nov, 14:30 GMT" on another day of this year, with the year otherwise. */
export function fmtWhen(iso: string, zone: string, now: Date): string {
  const dt = inZone(iso, zone);
  const today = DateTime.fromJSDate(now, { zone });
  if (dt.hasSame(today, 'day')) return `${dt.toFormat('HH:mm')} ${zoneAbbr(dt)}`;
  const fmt = dt.hasSame(today, 'year') ? 'ccc d LLL, HH:mm' : 'ccc d LLL yyyy, HH:mm';
  return `${dt.toFormat(fmt)} ${zoneAbbr(dt)}`;
}

/** A window such as "Sat 21 Nov, 02:00 – 04:00 GMT" (both ends shown in full when days differ). */
export function fmtWindow(fromIso: string, untilIso: string, zone: string, now: Date): string {
  const a = inZone(fromIso, zone);
  const b = inZone(untilIso, zone);
  const year = a.hasSame(DateTime.fromJSDate(now, { zone }), 'year') ? '' : ' yyyy';
  if (a.hasSame(b, 'day')) {
    return `${a.toFormat(`ccc d LLL${year}, HH:mm`)} – ${b.toFormat('HH:mm')} ${zoneAbbr(b)}`;
  }
  return `${a.toFormat(`ccc d LLL${year}, HH:mm`)} ${zoneAbbr(a)} – ${b.toFormat(`ccc d LLL${year}, HH:mm`)} ${zoneAbbr(b)}`;
}

/** "20 Nov 2026, 09:00 – 10:20 GMT", or both ends in full when they fall on different days. */
export function fmtRange(fromIso: string, untilIso: string, zone: string): string {
  const a = inZone(fromIso, zone);
  const b = inZone(untilIso, zone);
  if (a.hasSame(b, 'day') && a.offset === b.offset) {
    return `${a.toFormat('d LLL yyyy, HH:mm')} – ${b.toFormat('HH:mm')} ${zoneAbbr(b)}`;
  }
  return `${fmtDateTime(fromIso, zone)} – ${fmtDateTime(untilIso, zone)}`;
}

/** "2026-11-20": the calendar day in the page's zone. */
export function dayKey(iso: string, zone: string): string {
  return inZone(iso, zone).toISODate() ?? iso.slice(0, 10);
}

/** "Fri 20 Nov 2026" for a YYYY-MM-DD day. */
export function fmtDay(date: string): string {
  const key = `${currentLocale()} ${date}`;
  let out = dayNames.get(key);
  if (out === undefined) {
    const dt = DateTime.fromISO(date).setLocale(dateLocale());
    // English keeps its house style; other languages take their own order and punctuation
    out =
      currentLocale() === 'en'
        ? dt.toFormat('ccc d LLL yyyy')
        : dt.toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    if (dayNames.size > 5000) dayNames.clear();
    dayNames.set(key, out);
  }
  return out;
}

const dayNames = new Map<string, string>();

/** "November 2026" for a YYYY-MM month. */
export function fmtMonth(month: string): string {
  return DateTime.fromISO(`${month}-01`).setLocale(dateLocale()).toFormat('LLLL yyyy');
}
