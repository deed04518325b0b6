/**
 * Reads the severity form into the settings upsertSeverity takes (keeping any setting the form
 * does not show), fills the form from a stored severity, and puts an action's field errors
 * ("settings.cadence.firstMinutes") next to the form's fields ("first_minutes").
 */
import type { AudienceDefinition } from '../../../domain/audience.js';
import type { FieldErrors } from '../../../domain/errors.js';
import {
  DEFAULT_SEVERITIES,
  outreachDueMinutes,
  type SeveritySettings,
  severityTargets,
} from '../../../domain/severity.js';
import type { Matrix, NotifyRow, SeverityFormState } from '../../../pages/console/severityForm.js';
import type { Severity } from '../../../store/queries/team.js';
import { many, one } from '../../pageReplies.js';

type Form = Record<string, string | string[]>;

/** form field → where its number goes in the settings */
const NUMBERS: [string, (s: SeveritySettings) => number | undefined][] = [
  ['approval_box', (s) => s.approvalTimeBoxMinutes],
  ['first_minutes', (s) => s.cadence.firstMinutes],
  ['first_window', (s) => s.cadence.firstWindowMinutes],
  ['later_minutes', (s) => s.cadence.laterMinutes],
  ['reminder_lead', (s) => s.cadence.reminderLeadMinutes],
  ['interim_after', (s) => s.cadence.interimAfterMinutes],
  ['ack_timeout', (s) => s.ackTimeoutMinutes],
  ['outreach_due', (s) => s.outreachDueMinutes],
];

const PATHS: Record<string, string> = {
  'settings.calledRoles': 'roles',
  'settings.audiences.public': 'ch_public',
  'settings.audiences.internal': 'ch_internal',
  'settings.audiences.key_accounts': 'ch_key_accounts',
  'settings.notify': 'notify',
  'settings.approvalTimeBoxMinutes': 'approval_box',
  'settings.cadence.firstMinutes': 'first_minutes',
  'settings.cadence.firstWindowMinutes': 'first_window',
  'settings.cadence.laterMinutes': 'later_minutes',
  'settings.cadence.reminderLeadMinutes': 'reminder_lead',
  'settings.cadence.interimAfterMinutes': 'interim_after',
  'settings.ackTimeoutMinutes': 'ack_timeout',
  'settings.outreachDueMinutes': 'outreach_due',
};

/** "settings.cadence.firstMinutes" → "first_minutes"; "settings.notify.0.audience" → "notify". */
export function severityField(path: string): string {
  for (const [p, f] of Object.entries(PATHS)) if (path === p || path.startsWith(`${p}.`)) return f;
  return path.split('.')[0];
}

function notifyRows(sev: Severity | undefined, audiences: AudienceDefinition[]): NotifyRow[] {
  const targets = severityTargets(sev, audiences);
  return audiences.map((a) => {
    const t = targets.find((x) => x.audience === a.key);
    return {
      audience: a.key,
      on: Boolean(t),
      channels: t?.channels ? a.channels.filter((c) => t.channels!.includes(c)) : a.channels,
      outreach: t?.outreach ?? a.outreach,
    };
  });
}

/** The form filled in from a severity, or with a new severity's defaults. */
export function severityState(
  sev: Severity | undefined,
  audiences: AudienceDefinition[],
): SeverityFormState {
  const s = sev?.settings ?? {
    ...DEFAULT_SEVERITIES[DEFAULT_SEVERITIES.length - 1].settings,
    notify: undefined,
  };
  const values: Record<string, string> = {
    key: sev?.key ?? '',
    name: sev?.name ?? '',
    description: sev?.description ?? '',
    approval_required: s.approvalRequired ? 'true' : '',
    auto_publish: s.autoPublishOnTimeout ? 'true' : '',
  };
  for (const [k, get] of NUMBERS) values[k] = String(get(s) ?? '');
  values.outreach_due = String(outreachDueMinutes(sev ?? { key: '', settings: s }));
  return {
    isNew: !sev,
    values,
    roles: [...s.calledRoles],
    channels: {
      public: [...s.audiences.public],
      internal: [...s.audiences.internal],
      key_accounts: [...s.audiences.key_accounts],
    },
    notify: sev
      ? notifyRows(sev, audiences)
      : audiences.map((a) => ({
          audience: a.key,
          on: true,
          channels: a.channels,
          outreach: a.outreach,
        })),
    errors: {},
  };
}

const same = (a: NotifyRow[], b: NotifyRow[]) =>
  JSON.stringify(a.filter((r) => r.on)) === JSON.stringify(b.filter((r) => r.on));

/** The form as sent, and the severity input when every number reads as one. */
export function readSeverity(
  form: Form,
  before: Severity | undefined,
  audiences: AudienceDefinition[],
  allowed: Matrix,
): {
  state: SeverityFormState;
  input: { name: string; description: string; settings: SeveritySettings };
} {
  const values: Record<string, string> = {};
  for (const k of ['key', 'name', 'description']) values[k] = one(form[k]).trim().slice(0, 2100);
  values.key = values.key.toUpperCase();
  for (const k of ['approval_required', 'auto_publish'])
    values[k] = one(form[k]) === 'true' ? 'true' : '';
  const errors: FieldErrors = {};
  const n: Record<string, number> = {};
  for (const [k] of NUMBERS) {
    values[k] = one(form[k]).trim().slice(0, 10);
    if (/^\d{1,6}$/.test(values[k])) n[k] = Number(values[k]);
    else errors[k] = values[k] ? 'Enter a whole number of minutes.' : 'Enter a number of minutes.';
  }
  const pick = (k: keyof Matrix) => {
    const v = many(form[`ch_${k}`]);
    return allowed[k].filter((c) => v.includes(c));
  };
  const channels = {
    public: pick('public'),
    internal: pick('internal'),
    key_accounts: pick('key_accounts'),
  };
  const ticked = many(form.aud);
  const notify: NotifyRow[] = audiences.map((a) => ({
    audience: a.key,
    on: ticked.includes(a.key),
    channels: a.channels.filter((c) => many(form[`aud_ch_${a.key}`]).includes(c)),
    outreach: one(form[`aud_out_${a.key}`]) === 'true',
  }));
  const empty = notify.filter((r) => r.on && !r.channels.length && !r.outreach);
  if (empty.length)
    errors.notify = `Tick at least one channel for ${empty.map((r) => audiences.find((a) => a.key === r.audience)?.name).join(', ')}, or untick it.`;
  const roles = many(form.roles).slice(0, 50);
  const state: SeverityFormState = { isNew: !before, values, roles, channels, notify, errors };
  const keepDefault =
    before && !before.settings.notify && same(notify, notifyRows(before, audiences));
  const settings: SeveritySettings = {
    ...(before?.settings ?? {}),
    calledRoles: roles,
    audiences: channels as SeveritySettings['audiences'],
    approvalRequired: values.approval_required === 'true',
    approvalTimeBoxMinutes: n.approval_box,
    autoPublishOnTimeout: values.auto_publish === 'true',
    cadence: {
      firstMinutes: n.first_minutes,
      firstWindowMinutes: n.first_window,
      laterMinutes: n.later_minutes,
      reminderLeadMinutes: n.reminder_lead,
      interimAfterMinutes: n.interim_after,
    },
    ackTimeoutMinutes: n.ack_timeout,
    outreachDueMinutes: n.outreach_due,
  };
  if (keepDefault) delete settings.notify;
  else
    settings.notify = notify
      .filter((r) => r.on)
      .map((r) => ({ audience: r.audience, channels: r.channels, outreach: r.outreach }));
  return { state, input: { name: values.name, description: values.description, settings } };
}
