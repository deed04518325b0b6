/**
 * A post for the page's own social accounts (issue #13 part 3): the incident's name, its status
 * and the update's words, then the link, cut to the network's length without ever losing the
 * link. Mastodon counts 500 characters; Bluesky 300 graphemes. Pure.
 */

export interface PostParts {
  title: string;
  status: string;
  body: string;
  url: string;
}

/** Counts as the network does: Bluesky counts graphemes (what a reader sees as one character). */
export type Measure = (text: string) => number;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
export const graphemes: Measure = (t) => {
  let n = 0;
  for (const _ of segmenter.segment(t)) n++;
  return n;
};
export const codePoints: Measure = (t) => [...t].length;

export const POST_LIMITS = {
  mastodon: { limit: 500, measure: codePoints },
  bluesky: { limit: 300, measure: graphemes },
} as const;

/** Cuts `text` to at most `max` (as measured), on a grapheme boundary, with an ellipsis when cut. */
export function cut(text: string, max: number, measure: Measure): string {
  if (measure(text) <= max) return text;
  if (max <= 0) return '';
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (measure(`${out}${segment}…`) > max) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

/** "Title — Status: body\n\nurl", the body cut first, then the title, so the link always fits. */
export function postText(p: PostParts, limit: number, measure: Measure): string {
  const tail = `\n\n${p.url}`;
  const head = `${p.title} — ${p.status}`;
  const room = limit - measure(tail);
  const title = cut(head, Math.max(room, 0), measure);
  const body = p.body.replace(/\s+/g, ' ').trim();
  const left = room - measure(title) - measure(': ');
  const text = body && left > 10 ? `${title}: ${cut(body, left, measure)}` : title;
  return `${text}${tail}`;
}
