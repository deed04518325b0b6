/**
 * How long each template variable may be. A message is read on a phone, in a Slack channel and
 * in an email: a sentence or two for the short ones, a paragraph for the long ones. SMS and
 * social posts are shorter still; the linter warns (SMS segments) or stops (the 280-character
 * social post) on what these limits let through.
 */

/** Paragraphs: what customers notice, what to do, the apology, … */
export const LONG_VAR_MAX = 1000;
/** A few words: the issue, regions, the contact route, the estimate. */
export const SHORT_VAR_MAX = 200;

const LIMITS: Record<string, number> = {
  issue: SHORT_VAR_MAX,
  regions: SHORT_VAR_MAX,
  contact: SHORT_VAR_MAX,
  estimate: SHORT_VAR_MAX,
  customer_name: SHORT_VAR_MAX,
  postmortem_url: 500,
  impact: LONG_VAR_MAX,
  workaround: LONG_VAR_MAX,
  cause: LONG_VAR_MAX,
  progress: LONG_VAR_MAX,
  team_on_it: LONG_VAR_MAX,
  apology: LONG_VAR_MAX,
  next_steps: LONG_VAR_MAX,
  compensation: LONG_VAR_MAX,
  data_loss: LONG_VAR_MAX,
};

/** The longest value `name` may hold (a variable a custom template invents: a paragraph). */
export function varMaxLength(name: string): number {
  return LIMITS[name] ?? LONG_VAR_MAX;
}

const count = (n: number) => n.toLocaleString('en-GB');

/**
 * Each text variable longer than its limit, with the problem in words after the field name:
 * "is too long: at most 1,000 characters (it has 9,200)".
 */
export function varLengthProblems(vars: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) {
    if (typeof v !== 'string') continue;
    const max = varMaxLength(k);
    const n = [...v].length;
    if (n > max) out[k] = `is too long: at most ${count(max)} characters (it has ${count(n)})`;
  }
  return out;
}
