/**
 * Reads the Team screen's forms into action inputs, and an action's field errors back onto the
 * form's fields, in plain words ("Email: must be an email address.").
 */
import { DomainError, type FieldErrors } from '../../../domain/errors.js';
import { parseWorkingHours } from '../../../domain/team.js';
import { DAYS, type PersonFormState } from '../../../pages/console/teamForms.js';
import type { Person } from '../../../store/queries/team.js';
import { many, one } from '../../pageReplies.js';

type Form = Record<string, string | string[]>;

/** The errors a form can show: an action's field errors, or its message when it names none. */
export function errorsOf(err: unknown, rename: (key: string) => string = (k) => k): FieldErrors {
  if (err instanceof DomainError && err.code === 'forbidden' && /scope/.test(err.message))
    return {
      _: 'Your sign-in can read the plan but not change it. Sign in with an admin token to make changes.',
    };
  if (!(err instanceof DomainError) || !['validation_failed', 'conflict'].includes(err.code))
    throw err;
  const out: FieldErrors = {};
  const entries = Object.entries(err.fields ?? {});
  if (entries.length === 0)
    out._ = `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
  for (const [k, v] of entries) {
    const key = rename(k);
    const text = `${v.charAt(0).toUpperCase()}${v.slice(1)}.`;
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  return out;
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The person form filled in from a person on the team. */
export function personState(p: Person): PersonFormState {
  const parsed = p.working_hours ? parseWorkingHours(p.working_hours) : null;
  const h = parsed?.ok && !parsed.hours.always ? parsed.hours : null;
  return {
    values: {
      name: p.name,
      email: p.email ?? '',
      phone: p.phone ?? '',
      slack: p.slack ?? '',
      teams: p.teams ?? '',
      time_zone: p.time_zone,
      hours_mode: h ? 'set' : 'always',
      hours_start: h ? hhmm(h.start) : '09:00',
      hours_end: h ? hhmm(h.end) : '17:30',
    },
    days: h ? h.days : [1, 2, 3, 4, 5],
    errors: {},
  };
}

export const blankPerson = (): PersonFormState => ({
  values: { time_zone: 'Etc/UTC', hours_mode: 'always', hours_start: '09:00', hours_end: '17:30' },
  days: [1, 2, 3, 4, 5],
  errors: {},
});

export interface PersonFields {
  name: string;
  email: string | null;
  phone: string | null;
  slack: string | null;
  teams: string | null;
  time_zone: string;
  working_hours: string | null;
}

/** The person form as it was sent, and the person's fields when the hours make sense. */
export function readPerson(form: Form): { state: PersonFormState; fields: PersonFields } {
  const values: Record<string, string> = {};
  for (const k of ['name', 'email', 'phone', 'slack', 'teams', 'time_zone', 'hours_mode'])
    values[k] = one(form[k]).trim().slice(0, 2000);
  for (const k of ['hours_start', 'hours_end']) values[k] = one(form[k]).trim().slice(0, 5);
  const days = [...new Set(many(form.hours_days).map(Number))]
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7)
    .sort((a, b) => a - b);
  const errors: FieldErrors = {};
  let hours: string | null = null;
  if (values.hours_mode === 'set') {
    const time = /^\d{2}:\d{2}$/;
    if (!time.test(values.hours_start) || !time.test(values.hours_end))
      errors.working_hours = 'Enter both times, e.g. from 09:00 to 17:30.';
    else if (days.length === 0) errors.working_hours = 'Tick at least one day.';
    else
      hours = `${values.hours_start}-${values.hours_end} ${days.map((d) => DAYS[d - 1]).join(',')}`;
  }
  const opt = (k: string) => values[k] || null;
  return {
    state: { values, days, errors },
    fields: {
      name: values.name,
      email: opt('email'),
      // people write numbers with spaces and dashes; the action wants +447700900123
      phone: values.phone ? values.phone.replace(/[\s().-]/g, '') : null,
      slack: opt('slack'),
      teams: opt('teams'),
      time_zone: values.time_zone || 'Etc/UTC',
      working_hours: hours,
    },
  };
}
