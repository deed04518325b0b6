/** Option parsers and field names for the comms-plan commands (declare, templates, approvals). */
import { InvalidArgumentError } from 'commander';
import { DomainError } from '../domain/errors.js';
import type { LintFinding } from '../domain/templateLint.js';
import { asOptions } from './options.js';

/** Parses repeatable `--var key=value` options into template variables. */
export function templateVar(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const i = value.indexOf('=');
  const key = i > 0 ? value.slice(0, i).trim() : '';
  if (!/^[a-z][a-z0-9_]*$/.test(key))
    throw new InvalidArgumentError('expected key=value, e.g. issue="failed logins"');
  return { ...previous, [key]: value.slice(i + 1) };
}

/** Parses repeatable `--assign role=PERSON_ID` options. */
export function roleAssignment(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const m = /^([a-z][a-z0-9_]*)=(\S+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected ROLE=PERSON_ID, e.g. incident_lead=01JD…');
  return { ...previous, [m[1]]: m[2] };
}

/** Field names as the options the user typed, for asOptions. */
export const PLAN_OPTION_NAMES = {
  severity: '--severity',
  template: '--template',
  vars: '--var',
  locale: '--locale',
  name: '--name',
  body: '--body',
  status: '--status',
  components: '--component',
  next_update_in_minutes: '--next-update',
  audiences: '--audience',
  visibility: '--audiences-only',
  assign: '--assign',
  time_zone: '--tz',
  channel: '--channel',
  incident_id: '--incident',
  decision: 'DECISION',
};

/** The linter's findings as lines, or nothing. */
export function findingLines(
  findings: LintFinding[] | { severity: string; message: string }[],
): string[] {
  return findings.map((f) => `  ${f.severity === 'error' ? 'error' : 'warning'}: ${f.message}`);
}

/** Runs an action, naming bad fields by the options typed (`vars (unconfirmed_estimate)` → `--var (…)`). */
export async function asPlanOptions<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await asOptions(PLAN_OPTION_NAMES, fn);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const fields = Object.fromEntries(
      Object.entries(err.fields).map(([k, v]) => [k.replace(/^vars\b/, '--var'), v]),
    );
    throw new DomainError(err.code, err.message, fields);
  }
}
