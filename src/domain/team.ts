/**
 * The team: built-in roles, custom role keys, working hours and the on-call order of a
 * rotation. Pure: time zones are handled by luxon, nothing here reads the clock or the store.
 */
import { DateTime } from 'luxon';

export interface RoleDefinition {
  key: string;
  name: string;
  description: string;
}

/** The roles every plan has. They cannot be deleted; their rotations are the team's to fill. */
export const BUILTIN_ROLES: readonly RoleDefinition[] = [
  {
    key: 'incident_lead',
    name: 'Incident lead',
    description: 'Runs the response, makes the calls and approves external messages.',
  },
  {
    key: 'comms_lead',
    name: 'Comms lead',
    description: 'Writes and posts every update, and keeps the promised update times.',
  },
  {
    key: 'internal_liaison',
    name: 'Internal liaison',
    description: 'Keeps the rest of the company informed and answers its questions.',
  },
  {
    key: 'customer_liaison',
    name: 'Customer liaison',
    description: 'Speaks for customers in the room and relays what they report.',
  },
  {
    key: 'support_lead',
    name: 'Support lead',
    description: 'Briefs the support team and handles the rise in enquiries.',
  },
  {
    key: 'executive_sponsor',
    name: 'Executive sponsor',
    description: 'Senior owner for escalations, key customers and the debrief.',
  },
  {
    key: 'account_manager',
    name: 'Account manager',
    description: 'Reaches contract and premium customers one by one.',
  },
];

export const BUILTIN_ROLE_KEYS: ReadonlySet<string> = new Set(BUILTIN_ROLES.map((r) => r.key));

/** A role key: lowercase snake case, e.g. `security_lead`. */
export const ROLE_KEY_PATTERN = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Why a role key is not acceptable, or null when it is. */
export function roleKeyProblem(key: string): string | null {
  if (key.length < 2 || key.length > 40) return 'must be 2 to 40 characters';
  if (!ROLE_KEY_PATTERN.test(key))
    return 'must be lowercase snake case (letters, digits and single underscores), e.g. security_lead';
  return null;
}

// ---- working hours ----

/** Weekdays as luxon numbers them: 1 = Monday … 7 = Sunday. */
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export type WorkingHours =
  | { always: true }
  | {
      always: false;
      /** minutes after local midnight */
      start: number;
      /** minutes after local midnight; before start means the shift ends the next day */
      end: number;
      /** days a shift starts on, 1 = Monday … 7 = Sunday, sorted */
      days: number[];
    };

export type ParsedHours = { ok: true; hours: WorkingHours } | { ok: false; error: string };

const HOURS_HELP = 'use a form like "09:00-17:30 Mon-Fri", "22:00-06:00 Sat,Sun" or "24/7"';

function parseTime(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

function dayNumber(s: string): number | null {
  const i = DAY_NAMES.findIndex((d) => d.toLowerCase() === s.slice(0, 3).toLowerCase());
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  if (i < 0 || !(s.length === 3 || full[i] === s.toLowerCase())) return null;
  return i + 1;
}

function parseDays(s: string): number[] | null {
  const days = new Set<number>();
  for (const part of s.split(',')) {
    const [a, b, ...rest] = part.trim().split('-');
    if (rest.length) return null;
    const from = dayNumber(a ?? '');
    if (from === null) return null;
    const to = b === undefined ? from : dayNumber(b);
    if (to === null) return null;
    // a range may wrap past Sunday, e.g. Fri-Mon
    for (let d = from; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days].sort((x, y) => x - y);
}

/** Parses "09:00-17:30 Mon-Fri", "09:00-17:00" (every day), "22:00-06:00 Sat,Sun" or "24/7". */
export function parseWorkingHours(text: string): ParsedHours {
  const s = text.trim().replace(/\s+/g, ' ');
  if (/^24\s*\/\s*7$/.test(s)) return { ok: true, hours: { always: true } };
  const m = /^(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})(?: (.+))?$/.exec(s);
  if (!m) return { ok: false, error: HOURS_HELP };
  const start = parseTime(m[1]);
  const end = parseTime(m[2]);
  if (start === null || end === null || start === 24 * 60)
    return { ok: false, error: `times must be between 00:00 and 24:00; ${HOURS_HELP}` };
  if (start === end) return { ok: false, error: 'the start and end times must differ' };
  const days = m[3] === undefined ? [1, 2, 3, 4, 5, 6, 7] : parseDays(m[3]);
  if (!days) return { ok: false, error: `days must be like Mon-Fri or Sat,Sun; ${HOURS_HELP}` };
  return { ok: true, hours: { always: false, start, end: end === 24 * 60 ? 0 : end, days } };
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The canonical text of working hours, e.g. "09:00-17:30 Mon-Fri". */
export function formatWorkingHours(h: WorkingHours): string {
  if (h.always) return '24/7';
  const times = `${hhmm(h.start)}-${h.end === 0 ? '24:00' : hhmm(h.end)}`;
  if (h.days.length === 7) return times;
  // runs of consecutive days, e.g. [1,2,3,4,5,7] → Mon-Fri,Sun
  const runs: string[] = [];
  for (let i = 0; i < h.days.length; ) {
    let j = i;
    while (j + 1 < h.days.length && h.days[j + 1] === h.days[j] + 1) j++;
    const a = DAY_NAMES[h.days[i] - 1];
    const b = DAY_NAMES[h.days[j] - 1];
    runs.push(i === j ? a : j === i + 1 ? `${a},${b}` : `${a}-${b}`);
    i = j + 1;
  }
  return `${times} ${runs.join(',')}`;
}

/** Working hours in their canonical form ("09:00-17:30 Mon-Fri"), or null when unset. */
export function canonicalHours(text: string | null | undefined): string | null {
  if (!text) return null;
  const r = parseWorkingHours(text);
  return r.ok ? formatWorkingHours(r.hours) : text;
}

/** What isWorking needs to know of a person. */
export interface Availability {
  time_zone: string;
  /** null: no hours set, so always counted as working */
  working_hours: string | null;
}

/** Whether `at` falls inside the person's working hours, in the person's own time zone. */
export function isWorking(person: Availability, at: Date): boolean {
  if (!person.working_hours) return true;
  const parsed = parseWorkingHours(person.working_hours);
  if (!parsed.ok || parsed.hours.always) return true;
  const h = parsed.hours;
  let local = DateTime.fromJSDate(at, { zone: person.time_zone });
  if (!local.isValid) local = DateTime.fromJSDate(at, { zone: 'utc' });
  const minute = local.hour * 60 + local.minute;
  const today = h.days.includes(local.weekday);
  const yesterday = h.days.includes(((local.weekday + 5) % 7) + 1);
  const endsNextDay = h.end <= h.start; // an overnight shift, or one that runs to midnight
  if (!endsNextDay) return today && minute >= h.start && minute < h.end;
  return (today && minute >= h.start) || (yesterday && minute < h.end);
}

// ---- rotations ----

/**
 * The order in which to assign a role from its rotation: the rotation's own order (by
 * `position` when given), with the people inside their working hours first. The sort is
 * stable, so within each group the rotation order holds and escalation goes to the next
 * person in the rotation.
 */
export function onCallOrder<T extends Availability & { position?: number }>(
  members: readonly T[],
  at: Date,
): T[] {
  const inOrder = members
    .map((m, i) => ({ m, i }))
    .sort((a, b) => (a.m.position ?? a.i) - (b.m.position ?? b.i) || a.i - b.i)
    .map((x) => x.m);
  const working = inOrder.filter((m) => isWorking(m, at));
  const off = inOrder.filter((m) => !isWorking(m, at));
  return [...working, ...off];
}

/** The person after `currentId` in an on-call order (the first when null), or null at the end. */
export function nextOnCall<T extends { id: string }>(
  order: readonly T[],
  currentId: string | null,
): T | null {
  if (currentId === null) return order[0] ?? null;
  const i = order.findIndex((p) => p.id === currentId);
  return i < 0 ? (order[0] ?? null) : (order[i + 1] ?? null);
}
