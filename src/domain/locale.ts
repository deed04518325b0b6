/**
 * The languages the public status page speaks, and which one a reader gets: `?locale=` when the
 * page offers it, else the best offered match of `Accept-Language` (RFC 9110 q-values, a
 * region such as fr-CH matching fr), else the page's first language.
 */
export const PAGE_LOCALES = ['en', 'fr', 'de'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

/** What a page offers when its settings say nothing: every language Flare has words for. */
export const DEFAULT_PAGE_LANGUAGES = 'en,fr,de';

export function isPageLocale(v: unknown): v is PageLocale {
  return typeof v === 'string' && (PAGE_LOCALES as readonly string[]).includes(v);
}

/** The page's stored `languages` ("en,fr") as a list; unknown or empty gives English. */
export function offeredLocales(stored: string | null | undefined): PageLocale[] {
  const list = (stored ?? '').split(',').map((s) => s.trim().toLowerCase());
  const out = [...new Set(list.filter(isPageLocale))];
  return out.length ? out : ['en'];
}

/** Accept-Language ranges with their weights, best first; q=0 means "not this one". */
function ranges(header: string): { tag: string; q: number }[] {
  const out: { tag: string; q: number; i: number }[] = [];
  for (const [i, part] of header.split(',').slice(0, 50).entries()) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    if (!tag) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    out.push({ tag: tag.trim(), q, i });
  }
  return out.sort((a, b) => b.q - a.q || a.i - b.i);
}

export function negotiateLocale(
  offered: readonly PageLocale[],
  acceptLanguage: string | undefined,
  requested: string | undefined,
): PageLocale {
  const want = requested?.toLowerCase();
  if (isPageLocale(want) && offered.includes(want)) return want;
  for (const { tag, q } of ranges(acceptLanguage ?? '')) {
    if (q <= 0) continue;
    if (tag === '*') return offered[0];
    const primary = tag.split('-')[0];
    const hit = offered.find((l) => l === primary);
    if (hit) return hit;
  }
  return offered[0];
}
