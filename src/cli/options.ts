/** Option parsers shared by the CLI commands, and naming of bad fields by the option the user typed. */
import { InvalidArgumentError } from 'commander';
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
      const name = names[head];
      fields[name ? [name, ...rest].join(' ') : field] = msg.replace(
        /\b[a-z]+_[a-z_]+\b/g,
        (word) => names[word] ?? word,
      );
    }
    throw new DomainError(err.code, err.message, fields);
  }
}
