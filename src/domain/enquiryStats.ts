/** An incident's reaction (issue #11 part 5): enquiries per 5 minutes, and the top themes. */
import { STOP, words } from './enquiry.js';

/** The start of the bucket (of `minutes`) that a time falls in, as ISO text. */
export function bucketStart(iso: string, minutes = 5): string {
  const ms = minutes * 60_000;
  return new Date(Math.floor(Date.parse(iso) / ms) * ms).toISOString();
}

export interface Bucket {
  start: string;
  count: number;
  mean_sentiment: number | null;
  by_channel: Record<string, number>;
}

/** Enquiries per 5 minutes, oldest first, with no gaps between the first and the last. */
export function buckets(
  rows: readonly { received_at: string; channel: string; sentiment: number | null }[],
  minutes = 5,
): Bucket[] {
  if (rows.length === 0) return [];
  const by = new Map<
    string,
    { count: number; sum: number; scored: number; ch: Record<string, number> }
  >();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const s = bucketStart(r.received_at, minutes);
    const t = Date.parse(s);
    first = Math.min(first, t);
    last = Math.max(last, t);
    const b = by.get(s) ?? { count: 0, sum: 0, scored: 0, ch: {} };
    b.count++;
    b.ch[r.channel] = (b.ch[r.channel] ?? 0) + 1;
    if (r.sentiment !== null) {
      b.sum += r.sentiment;
      b.scored++;
    }
    by.set(s, b);
  }
  const out: Bucket[] = [];
  for (let t = first; t <= last && out.length < 2_000; t += minutes * 60_000) {
    const start = new Date(t).toISOString();
    const b = by.get(start);
    out.push({
      start,
      count: b?.count ?? 0,
      mean_sentiment: b?.scored ? Math.round((b.sum / b.scored) * 1000) / 1000 : null,
      by_channel: b?.ch ?? {},
    });
  }
  return out;
}

/** The most frequent words and two-word phrases (without common words), most frequent first. */
export function themes(texts: readonly string[], n = 8): { theme: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of texts) {
    const seen = new Set<string>();
    // a phrase never spans punctuation: "Payments API, our customers" is not "api customers"
    for (const clause of t.split(/[.,;:!?()\n]+/)) {
      const w = words(clause).filter((x) => x.length > 2 && !STOP.has(x) && !/^\d+$/.test(x));
      for (let i = 0; i < w.length; i++) {
        seen.add(w[i]);
        if (i + 1 < w.length) seen.add(`${w[i]} ${w[i + 1]}`);
      }
    }
    for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .filter(([, c]) => c > 1 || texts.length === 1)
    .sort(
      (a, b) =>
        b[1] - a[1] || b[0].split(' ').length - a[0].split(' ').length || (a[0] < b[0] ? -1 : 1),
    );
  // a phrase as frequent as its words says more than the words alone
  const out: { theme: string; count: number }[] = [];
  for (const [theme, count] of ranked) {
    if (out.some((o) => o.theme.split(' ').includes(theme) && o.count === count)) continue;
    out.push({ theme, count });
    if (out.length >= n) break;
  }
  return out;
}
