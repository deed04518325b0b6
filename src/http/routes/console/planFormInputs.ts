/** Reads the plan builder's forms: values to show again, a severity's changed settings, errors. */
import type { DomainError, FieldErrors } from '../../../domain/errors.js';
import type { SeveritySettings } from '../../../domain/severity.js';
import { many, one } from '../../pageReplies.js';

export type Form = Record<string, string | string[]>;
export const FORM_ERRORS = ['validation_failed', 'conflict', 'not_found', 'forbidden'];

/** An action's field errors on the form's field names ("settings.cadence.firstMinutes" → "firstMinutes"). */
export function fieldsOf(err: DomainError, rename: Record<string, string> = {}): FieldErrors {
  if (err.code === 'forbidden')
    return {
      _: 'Your sign-in may not change the plan. Sign in with a token that has the admin scope.',
    };
  const out: FieldErrors = {};
  const entries = Object.entries(err.fields ?? {});
  if (entries.length === 0) out._ = err.message;
  for (const [k, v] of entries) {
    const last =
      k
        .split('.')
        .filter((x) => !/^\d+$/.test(x))
        .pop() || '_';
    const key = rename[last] ?? last;
    // "(see `flare team list` …)" speaks to engineers; the form already shows the choices
    const plain = v.replace(/\s*\(see [^)]*\)/g, '');
    const first = /^[a-z]+\b(?![@.\w])/.test(plain)
      ? plain.charAt(0).toUpperCase()
      : plain.charAt(0);
    const text = `${first}${plain.slice(1)}${/[.!?]$/.test(plain) ? '' : '.'}`;
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  return out;
}

export const text = (form: Form, k: string, max = 2000) => one(form[k]).trim().slice(0, max);

export const minutes = (v: string, field: string, errors: FieldErrors): number => {
  if (!/^\d{1,5}$/.test(v)) errors[field] = 'Enter a whole number of minutes, e.g. 20.';
  return Number(v);
};

/** The severity's settings with what step `n`'s form changes. */
export function changed(n: number, form: Form, s: SeveritySettings, errors: FieldErrors) {
  const next: SeveritySettings = JSON.parse(JSON.stringify(s));
  if (n === 2) next.calledRoles = many(form.calledRoles).slice(0, 100);
  if (n === 3)
    next.audiences = {
      ...s.audiences,
      public: many(form.public),
      internal: many(form.internal) as SeveritySettings['audiences']['internal'],
    };
  if (n === 5) {
    next.approvalRequired = one(form.approvalRequired) === 'true';
    next.autoPublishOnTimeout = one(form.autoPublishOnTimeout) === 'true';
    next.approvalTimeBoxMinutes = minutes(
      text(form, 'approvalTimeBoxMinutes'),
      'approvalTimeBoxMinutes',
      errors,
    );
  }
  if (n === 8)
    for (const k of ['firstMinutes', 'laterMinutes', 'interimAfterMinutes'] as const)
      next.cadence[k] = minutes(text(form, k), k, errors);
  return next;
}

/** The form's values as the step's page shows them again (lists comma-joined). */
export function echo(form: Form, keys: string[], lists: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = text(form, k);
  for (const k of lists) out[k] = many(form[k]).join(',');
  return out;
}
