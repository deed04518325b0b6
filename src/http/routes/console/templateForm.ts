/**
 * Reads the template editor's form: its values, the problems to show next to each field before
 * asking the action, the action's input, and the action's field errors put back on the form.
 */
import { DomainError, type FieldErrors } from '../../../domain/errors.js';
import { STAGES, type Stage, type TemplateDef } from '../../../domain/templates.js';
import { CHANNEL_FIELDS, SOURCE_MAX } from '../../../pages/console/templateEdit.js';
import { CHANNEL_NAMES } from '../../../pages/console/templates.js';
import type { StoredTemplate } from '../../../store/queries/templates.js';
import { one } from '../../pageReplies.js';

type Form = Record<string, string | string[]>;

/** The form's fields as the template stands now. */
export function valuesOf(t: StoredTemplate): Record<string, string> {
  const v: Record<string, string> = {
    name: t.name,
    stage: t.stage,
    pre_approved: t.pre_approved ? 'true' : '',
  };
  for (const f of CHANNEL_FIELDS) v[f.name] = (t[f.name as keyof TemplateDef] as string) ?? '';
  return v;
}

/** The posted fields, trimmed of trailing blank lines; nothing longer than a field takes. */
export function readTemplateForm(form: Form): Record<string, string> {
  const v: Record<string, string> = {
    name: one(form.name).trim().slice(0, 500),
    stage: one(form.stage),
    pre_approved: one(form.pre_approved) === 'true' ? 'true' : '',
  };
  for (const f of CHANNEL_FIELDS)
    v[f.name] = one(form[f.name])
      .replace(/\r\n/g, '\n')
      .replace(/\s+$/, '')
      .slice(0, SOURCE_MAX + 1);
  return v;
}

/** Problems the form can name itself, in plain words. */
export function checkTemplateForm(v: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.name) errors.name = 'Give the template a name, such as “Payments degraded”.';
  else if (v.name.length > 200) errors.name = 'Keep the name under 200 characters.';
  if (!(STAGES as readonly string[]).includes(v.stage))
    errors.stage = 'Choose when this template is used.';
  for (const f of CHANNEL_FIELDS) {
    const label = CHANNEL_NAMES[f.name];
    if (!f.optional && !v[f.name].trim())
      errors[f.name] = `Write the ${label} wording: it cannot be empty.`;
    else if (v[f.name].length > SOURCE_MAX)
      errors[f.name] = `The ${label} wording is too long: keep it under ${SOURCE_MAX} characters.`;
  }
  return errors;
}

/** The wording as a template definition (blank optional channels use the default). */
export function draftOf(t: StoredTemplate, v: Record<string, string>): TemplateDef {
  const def: TemplateDef = {
    key: t.key,
    stage: ((STAGES as readonly string[]).includes(v.stage) ? v.stage : t.stage) as Stage,
    name: v.name || t.name,
    page: v.page,
    sms: v.sms,
    social: v.social,
  };
  for (const f of CHANNEL_FIELDS)
    if (f.optional && v[f.name].trim())
      (def as unknown as Record<string, string>)[f.name] = v[f.name];
  return def;
}

/**
 * The update action's input: every channel, blank optional ones back to the default. A box
 * left ticked as it was lets the action decide (a new wording is no longer pre-approved);
 * ticking it, or unticking it, says so.
 */
export function saveInput(t: StoredTemplate, v: Record<string, string>) {
  const renderings: Record<string, string | null> = {};
  for (const f of CHANNEL_FIELDS) renderings[f.name] = v[f.name].trim() ? v[f.name] : null;
  return {
    name: v.name,
    stage: v.stage as Stage,
    renderings,
    ...(v.pre_approved === 'true' && t.pre_approved
      ? {}
      : { pre_approved: v.pre_approved === 'true' }),
  };
}

/** True when the form says what the template already says. */
export function unchanged(t: StoredTemplate, v: Record<string, string>): boolean {
  const now = valuesOf(t);
  return Object.keys(now).every((k) => now[k] === v[k]);
}

/** An action's error on the form's fields: "renderings.sms" → sms, named in plain words. */
export function templateErrors(err: DomainError): FieldErrors {
  const out: FieldErrors = {};
  const entries = Object.entries(err.fields ?? {});
  if (entries.length === 0)
    out._ = `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
  for (const [k, msg] of entries) {
    const ch = k.replace(/^renderings\./, '');
    if (CHANNEL_NAMES[ch] && ch !== k) out[ch] = `The ${CHANNEL_NAMES[ch]} wording ${msg}.`;
    else if (k === 'name' || k === 'stage' || k === 'locale')
      out[k] = `${k.charAt(0).toUpperCase()}${k.slice(1)} ${msg}.`;
    else out._ = `${out._ ? `${out._} ` : ''}${msg.charAt(0).toUpperCase()}${msg.slice(1)}.`;
  }
  return out;
}

export const isFormError = (err: unknown): err is DomainError =>
  err instanceof DomainError && err.code === 'validation_failed';

/** Sample details the preview fills in, so the findings are about the wording itself. */
export function sampleVars(now: Date, contact: string): Record<string, string> {
  const at = (min: number) => new Date(now.getTime() + min * 60_000).toISOString();
  return {
    issue: 'failed logins for some customers',
    impact: 'some customers cannot sign in',
    regions: 'Europe',
    cause: 'a faulty configuration change',
    progress: 'the change has been rolled back on half of the servers',
    next_update_at: at(30),
    contact,
    next_steps: 'sign in again',
    postmortem_url: 'https://example.com/postmortem',
    customer_name: 'Sam',
    window_start: at(24 * 60),
    window_end: at(26 * 60),
  };
}
