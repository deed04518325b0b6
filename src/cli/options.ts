/** Option parsers shared by the CLI commands, and naming of bad fields by the option the user typed. */
import { type Command, InvalidArgumentError } from 'commander';
import { DomainError } from '../domain/errors.js';

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses repeatable `--component ID=STATUS` options into a map for the actions. */
export function componentChange(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const m = /^([^=\s]+)=([^=\s]+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected ID=STATUS, e.g. 01JD3…=major_outage');
  return { ...previous, [m[1]]: m[2] };
}

/** Parses a whole number of minutes. */
export function minutes(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('expected a whole number of minutes');
  return n;
}

/**
 * Runs an action and, when it rejects input, renames each field to the option the user typed
 * (e.g. `scheduled_for` → `--from`, `components.ID` → `--component ID`).
 */
export async function asOptions<T>(
  names: Record<string, string>,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof DomainError) || Object.keys(err.fields).length === 0) throw err;
    const fields: Record<string, string> = {};
    for (const [field, msg] of Object.entries(err.fields)) {
      const [head, ...rest] = field.split('.');
      // `audiences[1]` is named by its option too
      const name = names[head] ?? names[head.replace(/\[\d+\]$/, '')];
      fields[name ? [name, ...rest].join(' ') : field] = msg.replace(
        /\b[a-z]+_[a-z_]+\b/g,
        (word) => names[word] ?? word,
      );
    }
    throw new DomainError(err.code, err.message, fields);
  }
}

/** Who an update is for, as the options `--audience KEY` (repeatable) and `--audiences-only`. */
export interface AudienceOpts {
  audience?: string[];
  audiencesOnly?: boolean;
}

/** Adds `--audience` and `--audiences-only` to a command that publishes an update. */
export function withAudienceOptions(cmd: Command): Command {
  return cmd
    .option(
      '--audience <key>',
      'also tell this audience of the plan (repeatable; default: the severity’s)',
      collect,
    )
    .option(
      '--audiences-only',
      'tell the audiences named only: never on the public page, feeds or /api/v2',
    );
}

/** The `audiences` and `visibility` inputs from those options. */
export function audienceInput(opts: AudienceOpts): {
  audiences?: string[];
  visibility: 'public' | 'audiences';
} {
  return {
    ...(opts.audience?.length ? { audiences: opts.audience } : {}),
    visibility: opts.audiencesOnly ? 'audiences' : 'public',
  };
}
