/**
 * The template linter: the rules that catch a message a comms lead would regret. Pure: it
 * reads what was rendered and which variables were given.
 */
import { type ChannelText, type ElementRule, elementFindings } from './lintElements.js';
import { smsSegments } from './sms.js';
import { varLengthProblems } from './templateVarLimits.js';

export type LintRule =
  | ElementRule
  | 'missing_next_update'
  | 'sms_multi_segment'
  | 'no_contact_route'
  | 'unresolved_variables'
  | 'unconfirmed_estimate'
  | 'estimate_set'
  | 'social_too_long'
  | 'data_loss_unstated'
  | 'sev1_resolution_incomplete'
  | 'var_too_long';

export interface LintFinding {
  rule: LintRule;
  severity: 'error' | 'warning';
  message: string;
  channel?: string;
}

export interface LintInput {
  /** true for stages that end the incident (resolved, false alarm, …) */
  final: boolean;
  /** the template's stage, for rules that only concern one */
  stage?: string;
  vars: Record<string, unknown>;
  /** variable names the template uses, per channel */
  used: Record<string, string[]>;
  rendered: { sms?: string; social?: string; page?: string };
  /** variables Flare fills in itself (page name, links, components) */
  filled: string[];
  /** each channel as its reader gets it, checked for the five elements before the last update */
  channels?: ChannelText[];
  /** the incident is at the plan's most severe level (SEV1) */
  severityTop?: boolean;
}

const blank = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Variables whose absence the templates handle with a sensible default sentence. */
const OPTIONAL = new Set([
  'team_on_it',
  'apology',
  'data_loss',
  'estimate',
  'estimate_confirmed',
  'workaround',
  'impact',
  'regions',
  'cause',
  'progress',
  'next_steps',
  'compensation',
  'downtime',
  'postmortem_url',
  'customer_name',
  'components',
]);

export function lintMessage(input: LintInput): LintFinding[] {
  const out: LintFinding[] = [];
  const { vars } = input;
  if (!input.final && blank(vars.next_update_at)) {
    out.push({
      rule: 'missing_next_update',
      severity: 'error',
      message:
        'Every update before the last must say when the next one comes: set next_update_at (or next_update_in_minutes).',
    });
  }
  if (input.rendered.sms !== undefined) {
    const seg = smsSegments(input.rendered.sms);
    if (seg.segments > 1) {
      out.push({
        rule: 'sms_multi_segment',
        severity: 'warning',
        channel: 'sms',
        message: `The SMS is ${seg.segments} segments (${seg.units} ${seg.encoding} characters); one segment holds ${seg.encoding === 'GSM-7' ? 160 : 70}. Shorten it so it arrives as one message.`,
      });
    }
  }
  if (blank(vars.contact)) {
    out.push({
      rule: 'no_contact_route',
      severity: 'warning',
      message:
        'The message gives no way to reach you: set contact (e.g. support@example.com or a help-centre link).',
    });
  }
  const filled = new Set(input.filled);
  const missing = new Set<string>();
  for (const names of Object.values(input.used)) {
    for (const n of names) if (!filled.has(n) && !OPTIONAL.has(n) && blank(vars[n])) missing.add(n);
  }
  if (missing.size) {
    out.push({
      rule: 'unresolved_variables',
      severity: 'error',
      message: `These variables are used but have no value: ${[...missing].sort().join(', ')}.`,
    });
  }
  if (!blank(vars.estimate)) {
    if (vars.estimate_confirmed !== true && vars.estimate_confirmed !== 'true') {
      out.push({
        rule: 'unconfirmed_estimate',
        severity: 'error',
        message:
          'An estimated fix time is set but nobody confirmed it. Confirm it with the incident lead (estimate_confirmed: true) or remove it: a missed estimate costs more trust than none.',
      });
    } else {
      out.push({
        rule: 'estimate_set',
        severity: 'warning',
        message: 'This update promises a fix time. If it slips, say so in the next update.',
      });
    }
  }
  if (input.stage === 'resolved' && blank(vars.data_loss)) {
    out.push({
      rule: 'data_loss_unstated',
      severity: 'warning',
      message:
        'Nothing was said about data loss (the data loss statement is empty), so the message says that no data was lost and nothing lingers. Confirm that with the incident lead, or state what was lost or still affected.',
    });
  }
  if (input.stage === 'resolved' && input.severityTop) {
    const gaps = sev1ResolutionGaps(input);
    if (gaps.length)
      out.push({
        rule: 'sev1_resolution_incomplete',
        severity: 'warning',
        message: `A SEV1 resolution should say ${gaps.join(' and ')}: customers hit this hard want to know whether their data is safe and what happens now.`,
      });
  }
  if (!input.final) out.push(...channelFindings(input, out, missing));
  const given = Object.fromEntries(Object.entries(vars).filter(([k]) => !input.filled.includes(k)));
  for (const [k, problem] of Object.entries(varLengthProblems(given)))
    out.push({ rule: 'var_too_long', severity: 'error', message: `${k} ${problem}.` });
  if (input.rendered.social !== undefined && [...input.rendered.social].length > 280) {
    out.push({
      rule: 'social_too_long',
      severity: 'error',
      channel: 'social',
      message: `The social post is ${[...input.rendered.social].length} characters; the limit is 280.`,
    });
  }
  return out;
}

const DATA_WORDS = /\bdata\b|donn[ée]es|\bDaten\b/i;
const NEXT_WORDS =
  /next steps?|post-?mortem|post-incident|(full|incident) review|root cause|prochaines étapes|nächste schritte/i;

/** What a SEV1 resolution leaves unsaid: data loss, next steps (in its words or variables). */
function sev1ResolutionGaps(input: LintInput): string[] {
  const text = input.rendered.page ?? '';
  const gaps: string[] = [];
  if (blank(input.vars.data_loss) && !DATA_WORDS.test(text)) gaps.push('whether data was lost');
  const next = !blank(input.vars.next_steps) || !blank(input.vars.postmortem_url);
  if (!next && !NEXT_WORDS.test(text)) gaps.push('what the next steps are');
  return gaps;
}

/** The five elements per channel; a blank issue or contact already has its own finding. */
function channelFindings(input: LintInput, soFar: LintFinding[], missing: Set<string>) {
  const noContact = soFar.some((f) => f.rule === 'no_contact_route');
  return (input.channels ?? [])
    .flatMap(elementFindings)
    .filter(
      (f) =>
        !(f.rule === 'no_issue' && missing.has('issue')) &&
        !(f.rule === 'no_help_route' && noContact),
    );
}
