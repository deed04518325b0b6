/** Helpers the inbound sources share: constant-time comparison, JSON bodies, payload fields, text. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ENQUIRY_TEXT_MAX } from '../domain/enquiry.js';
import { invalid } from '../domain/errors.js';

/** Compares two strings in constant time (for their common length; a length mismatch is false). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** One header's value (the first when sent twice), or ''. */
export function header(headers: Record<string, string | string[] | undefined>, name: string) {
  const v = headers[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid({ '(body)': 'is not valid JSON' });
  }
}

export function object(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid({ [field]: 'must be a JSON object' });
  return value as Record<string, unknown>;
}

/** A string or number at `field`, trimmed; undefined when absent or empty. */
export function optional(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const t = clean(v).trim();
  return t === '' ? undefined : t;
}

export function required(o: Record<string, unknown>, key: string, field = key): string {
  const v = optional(o, key);
  if (v === undefined) throw invalid({ [field]: 'is required' });
  return v;
}

/** Drops NUL and other control characters PostgreSQL or a reader chokes on (keeps tabs and newlines). */
export function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** Text cut to what an enquiry holds (the raw payload keeps it whole). */
export function clip(text: string, max = ENQUIRY_TEXT_MAX): string {
  const t = clean(text).trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** HTML (a chat message, a ticket description) as plain text: blocks become lines, tags go. */
export function htmlToText(markup: string): string {
  return markup
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr|blockquote|pre)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const n =
          e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A short digest of a text, for a dedupe key where the vendor gives no id of its own. */
export function digest(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
