/**
 * Follow the sun: whose hours apply (a person's own, else their region's), when a shift ends,
 * whether a role holder is due a handover prompt, and who takes a role next. Pure: the clock
 * is a parameter and time zones are handled by luxon.
 */
import { DateTime } from 'luxon';
import { type Availability, isWorking, onCallOrder, parseWorkingHours } from './team.js';

export interface RegionHours {
  key: string;
  time_zone: string;
  hours: string;
}

/** The settings a handover runs on, with their defaults. */
export const HANDOVER_DEFAULTS = { leadMinutes: 30, ackMinutes: 15 } as const;

/** The hours that apply to a person: their own, else their region's, else none (always working). */
export function effectiveHours<P extends Availability & { region?: string | null }>(
  person: P,
  regions: readonly RegionHours[],
): Availability {
  if (person.working_hours)
    return { time_zone: person.time_zone, working_hours: person.working_hours };
  const r = person.region ? regions.find((x) => x.key === person.region) : undefined;
  return r
    ? { time_zone: r.time_zone, working_hours: r.hours }
    : { time_zone: person.time_zone, working_hours: null };
}

/** Minutes after local midnight as the wall clock reads them on that day (not elapsed: DST). */
function wallClock(day: DateTime, minutes: number): number {
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

/** The shifts around `at` as UTC intervals, touching ones merged (e.g. 00:00-24:00 every day). */
function shiftsAround(a: Availability, at: Date): [number, number][] | null {
  if (!a.working_hours) return null;
  const parsed = parseWorkingHours(a.working_hours);
  if (!parsed.ok || parsed.hours.always) return null;
  const h = parsed.hours;
  let zone = a.time_zone;
  if (!DateTime.fromJSDate(at, { zone }).isValid) zone = 'utc';
  const day0 = DateTime.fromJSDate(at, { zone }).startOf('day');
  const out: [number, number][] = [];
  for (let d = -3; d <= 3; d++) {
    const day = day0.plus({ days: d });
    if (!h.days.includes(day.weekday)) continue;
    const start = wallClock(day, h.start);
    const endDay = h.end <= h.start ? day.plus({ days: 1 }) : day;
    const end = wallClock(endDay, h.end);
    out.push([start, end]);
  }
  out.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const s of out) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  return merged;
}

/**
 * The end of the person's current shift (when working at `at`), or of the last one that ended
 * within `lookbackMs` (when not). Null when they have no hours (always working) or no such shift.
 */
export function relevantShiftEnd(
  a: Availability,
  at: Date,
  lookbackMs = 12 * 3_600_000,
): Date | null {
  const shifts = shiftsAround(a, at);
  if (!shifts) return null;
  const t = at.getTime();
  const current = shifts.find(([s, e]) => s <= t && t < e);
  if (current) return new Date(current[1]);
  const ended = shifts.filter(([, e]) => e <= t && t - e <= lookbackMs).pop();
  return ended ? new Date(ended[1]) : null;
}

/**
 * Whether a role holder is due a handover prompt now: their shift ends within `leadMinutes`, or
 * has ended. Returns the shift end that the prompt is for (prompted once per shift), or null.
 */
export function promptDue(a: Availability, at: Date, leadMinutes: number): Date | null {
  const end = relevantShiftEnd(a, at);
  if (!end) return null;
  return end.getTime() - at.getTime() <= leadMinutes * 60_000 ? end : null;
}

/**
 * Who takes a role at `at`: the first in the rotation order who is on shift now (their own or
 * their region's hours cover it) and is not the outgoing person, preferring someone whose shift
 * does not itself end within `leadMinutes`. Null when nobody else is on shift.
 */
export function nextOnShift<
  P extends Availability & { id: string; position?: number; region?: string | null },
>(
  rotation: readonly P[],
  regions: readonly RegionHours[],
  outgoingId: string,
  at: Date,
  leadMinutes: number = HANDOVER_DEFAULTS.leadMinutes,
): P | null {
  const withHours = rotation.map((p) => ({ p, a: effectiveHours(p, regions) }));
  const order = onCallOrder(
    withHours.map((x, i) => ({ ...x.a, position: x.p.position ?? i, i })),
    at,
  ).map((x) => withHours[x.i]);
  const on = order.filter((x) => x.p.id !== outgoingId && isWorking(x.a, at));
  const staying = on.find((x) => !promptDue(x.a, at, leadMinutes));
  return (staying ?? on[0])?.p ?? null;
}

/**
 * Who is told when a handover is not accepted in time, after the incoming person: the next
 * person on shift in the role's rotation other than the two in the handover, if any.
 */
export function escalationTarget<
  P extends Availability & { id: string; position?: number; region?: string | null },
>(
  rotation: readonly P[],
  regions: readonly RegionHours[],
  exclude: readonly string[],
  at: Date,
): P | null {
  const rest = rotation.filter((p) => !exclude.includes(p.id));
  return nextOnShift(rest, regions, '', at, 0);
}
