/**
 * An action's field errors in plain words for a console form: each message starts with the
 * field's label ("Name must not be empty."), and a schema's own wording is made readable.
 */
import type { DomainError, FieldErrors } from '../../../domain/errors.js';

function plain(msg: string): string {
  const big = /^Too big: expected (?:string|array) to have <=?(\d+)/.exec(msg);
  if (big) return `is too long (at most ${big[1]})`;
  if (/^Invalid input/.test(msg)) return 'is not a valid choice';
  return msg;
}

/** Errors keyed by the form's field names ("components.x1" → "components"). */
export function plainErrors(err: DomainError, labels: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  const entries = Object.entries(err.fields ?? {});
  if (entries.length === 0)
    out._ = `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
  for (const [k, v] of entries) {
    const key = k.split(/[.[]/)[0] || '_';
    const text = `${labels[key] ?? 'This'} ${plain(v)}`.replace(/\.$/, '');
    out[key] = out[key] ? `${out[key]} ${text}.` : `${text}.`;
  }
  return out;
}
