/**
 * A tiny `html` tagged template: interpolated values are escaped unless they are already
 * `Html` (from another `html` call, `raw` or the markdown renderer). Arrays are joined, and
 * null, undefined and false render nothing, so templates can use `cond && html\`...\``.
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Marks a string as trusted HTML. Only for markup this code builds itself. */
export function raw(markup: string): Html {
  return new Html(markup);
}

function append(out: string[], v: unknown): void {
  if (v === null || v === undefined || v === false) return;
  if (v instanceof Html) out.push(v.value);
  else if (Array.isArray(v)) for (const item of v) append(out, item);
  else out.push(escapeHtml(String(v)));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out: string[] = [strings[0]];
  for (let i = 0; i < values.length; i++) {
    append(out, values[i]);
    out.push(strings[i + 1]);
  }
  return new Html(out.join(''));
}

/** A brand colour that is safe to put in CSS: a #rrggbb value, or the fallback. */
export function safeColor(value: string | null | undefined, fallback = '#1f6feb'): string {
  return value && /^#[0-9a-fA-F]{6}$/.test(value) ? value.toLowerCase() : fallback;
}

function luminance(hex: string): number {
  const ch = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
}

/** Darkens a colour step by step until it reaches `ratio` against white (for text and links). */
export function readableOnWhite(hex: string, ratio = 4.5): string {
  let [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  let out = hex;
  for (let i = 0; i < 20 && contrast(out, '#ffffff') < ratio; i++) {
    [r, g, b] = [r, g, b].map((c) => Math.round(c * 0.88));
    out = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  return out;
}

/** Black or white, whichever reads better on `bg`. */
export function textOn(bg: string): string {
  return contrast(bg, '#ffffff') >= 4.5 ? '#ffffff' : '#111827';
}
