/**
 * The one place the console turns an action's field errors into plain sentences that name the
 * field: "Customer impact is too long: at most 4,000 characters." rather than zod's
 * "Too big: expected string to have <=4000 characters". The API keeps the raw messages.
 */
import type { DomainError, FieldErrors } from '../../../domain/errors.js';
import { VAR_LABELS } from '../../../pages/console/messageFields.js';

const LABELS: Record<string, string> = {
  ...VAR_LABELS,
  issue: 'What is wrong',
  severity: 'Severity',
  template: 'Template',
  locale: 'Language',
  name: 'Incident title',
  body: 'Your update',
  note: 'Note',
  status: 'Status',
  components: 'Affected components',
  next_update_in_minutes: 'Minutes to the next update',
  audiences: 'Customer audiences',
  visibility: 'Who sees it',
  decision: 'Decision',
};

/** "vars.issue" → "What is wrong, in a few words"; an unknown key reads as words. */
export function fieldLabel(field: string, labels: Record<string, string> = LABELS): string {
  const key = field.replace(/^vars\./, '').split('.')[0];
  const label = labels[key] ?? LABELS[key] ?? key.replace(/_/g, ' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

const num = (n: string) => Number(n).toLocaleString('en-GB');

/** zod's default messages, each with the sentence it becomes (`n`: the limit it names). */
const RULES: [RegExp, (label: string, n: string) => string][] = [
  [
    /^Too big: expected string to have <=?\s*(\d+)/,
    (l, n) => `${l} is too long: at most ${num(n)} characters.`,
  ],
  [
    /^Too small: expected string to have >=?\s*(\d+)/,
    (l, n) =>
      n === '1' ? `${l} cannot be empty.` : `${l} is too short: at least ${num(n)} characters.`,
  ],
  [
    /^Too big: expected (?:number|int) to be <=?\s*(\d+)/,
    (l, n) => `${l} can be at most ${num(n)}.`,
  ],
  [
    /^Too small: expected (?:number|int) to be >=?\s*(\d+)/,
    (l, n) => `${l} must be at least ${num(n)}.`,
  ],
  [/^Too big: expected \w+ to have <=?\s*(\d+)/, (l, n) => `${l}: choose at most ${num(n)}.`],
  [
    /^must be an IANA time zone such as ([\w/+-]+)/i,
    (l, n) => `${l} must be a time zone name such as ${n}.`,
  ],
  [/^Invalid option/, (l) => `${l}: choose one of the listed options.`],
  [/^Invalid input: expected \w+, received undefined|^is required$/, (l) => `${l} is required.`],
  [/^Invalid\b/, (l) => `${l} is not valid.`],
  [/^is not a known field$/, (l) => `${l} is not something this form can set.`],
];

/** One problem as a sentence that names its field. */
export function plainProblem(
  field: string,
  message: string,
  labels?: Record<string, string>,
): string {
  const label = fieldLabel(field, labels);
  const m = message.trim();
  for (const [re, say] of RULES) {
    const r = re.exec(m);
    if (r) return say(label, r[1] ?? '');
  }
  // the schemas' own messages ("must be …") read well after the field's name
  if (/^[a-z]/.test(m)) return `${label} ${m}${/[.!?]$/.test(m) ? '' : '.'}`;
  return m;
}

/**
 * An action's field errors as a form shows them, keyed by the form's field names
 * ("components.x1" → "components"), each a sentence naming the field by the form's `labels`.
 */
export function plainErrors(err: DomainError, labels: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  const entries = Object.entries(err.fields ?? {});
  if (entries.length === 0)
    out._ = `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
  for (const [k, v] of entries) {
    const key = k.split(/[.[]/)[0] || '_';
    const text = plainProblem(key, v, labels);
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  return out;
}
