/**
 * Reads the console's message forms (declare, post an update, resolve) into action inputs,
 * and maps an action's field errors back onto the form's fields.
 */
import type { FieldErrors } from '../../../domain/errors.js';
import { varLengthProblems } from '../../../domain/templateVarLimits.js';
import { COMPONENT_STATUSES } from '../../../domain/types.js';
import type { AudienceState } from '../../../pages/console/audienceFields.js';
import type { Component } from '../../../store/queries/models.js';
import { many, one } from '../../pageReplies.js';
import { plainProblem } from './plainErrors.js';

type Form = Record<string, string | string[]>;

/** Template variables a console form may carry. */
export const VAR_FIELDS = [
  'issue',
  'impact',
  'regions',
  'workaround',
  'cause',
  'progress',
  'contact',
  'estimate',
  'team_on_it',
  'data_loss',
  'apology',
  'next_steps',
  'compensation',
  'postmortem_url',
] as const;

export interface MessageForm {
  intent: string;
  values: Record<string, string>;
  components: Record<string, string>;
  vars: Record<string, string | boolean>;
  minutes: number | undefined;
  errors: FieldErrors;
}

/** The fields every message form shares: variables, components, next update. */
export function readMessageForm(
  form: Form,
  components: Component[],
  extra: string[] = [],
): MessageForm {
  const values: Record<string, string> = {};
  for (const k of [...VAR_FIELDS, ...extra, 'next_update_in_minutes'])
    values[k] = one(form[k]).trim().slice(0, 20000);
  values.estimate_confirmed = one(form.estimate_confirmed) === 'true' ? 'true' : '';
  const vars: Record<string, string | boolean> = {};
  for (const k of VAR_FIELDS) if (values[k]) vars[k] = values[k];
  if (values.estimate_confirmed) vars.estimate_confirmed = true;
  const chosen: Record<string, string> = {};
  for (const c of components) {
    const v = one(form[`c_${c.id}`]);
    if (!c.group && (COMPONENT_STATUSES as readonly string[]).includes(v)) chosen[c.id] = v;
  }
  const errors: FieldErrors = {};
  // too long for its channels: said next to the field, in words that name it, before any preview
  for (const [k, problem] of Object.entries(varLengthProblems(vars)))
    errors[k] = plainProblem(k, problem);
  let minutes: number | undefined;
  const m = values.next_update_in_minutes;
  if (m) {
    if (/^\d{1,5}$/.test(m) && Number(m) >= 1 && Number(m) <= 1440) minutes = Number(m);
    else errors.next_update_in_minutes = 'Enter a whole number of minutes between 1 and 1440.';
  }
  return {
    intent: one(form.intent) || 'preview',
    values,
    components: chosen,
    vars,
    minutes,
    errors,
  };
}

/**
 * Puts an action's field errors next to the form's fields ("vars.issue" → "issue"), each as a
 * plain sentence that names the field (plainProblem).
 */
export function formErrors(fields: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, raw] of Object.entries(fields)) {
    let key = k.replace(/^vars\./, '');
    if (key.startsWith('components')) key = 'components';
    const v = plainProblem(key, raw);
    out[key] = out[key] ? `${out[key]} ${v}` : v;
  }
  return out;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The who-sees-it fields: public or audiences only, and the audiences ticked (known keys only). */
export function readAudienceForm(
  form: Form,
  known: readonly string[],
  defaults: readonly string[],
): AudienceState {
  const chosen = many(form.audiences).filter((k) => known.includes(k));
  const visibility = one(form.visibility) === 'audiences' ? 'audiences' : 'public';
  const same = chosen.length === defaults.length && defaults.every((k) => chosen.includes(k));
  return { visibility, chosen, auto: same };
}

/** The audience fields of an action's input: named audiences only when some are ticked. */
export function audienceInput(s: AudienceState): {
  audiences?: string[];
  visibility: 'public' | 'audiences';
} {
  return { ...(s.chosen.length ? { audiences: s.chosen } : {}), visibility: s.visibility };
}

/** The who-sees-it problem a form shows next to its field before asking the action. */
export function audienceProblem(s: AudienceState): string | null {
  return s.visibility === 'audiences' && s.chosen.length === 0
    ? 'Tick at least one audience, or choose Everyone.'
    : null;
}
