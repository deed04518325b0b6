/**
 * Markdown for update bodies and postmortems: markdown-it turns it into HTML, then
 * sanitize-html keeps only plain formatting and http(s)/mailto links. Raw HTML in the
 * source is shown as the text it is; scripts, event handlers, images and javascript: links
 * never survive as markup.
 *
 * markdown-it, not marked: its time grows linearly with the input, also on the adversarial
 * inputs (runs of `[x](`, `[`, `*`, `>`) that made marked take cubic time on the main thread
 * (ADR 0007, test/unit/markdown-bounded.test.ts).
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { Html } from './html.js';

// GFM as marked had it: tables, ~~strike~~, bare links, and a newline is a line break.
// Raw HTML is not markup here: "Requests to <endpoint> fail" shows as typed, escaped, never with
// words silently dropped; sanitize-html still checks what markdown-it makes.
const parser = new MarkdownIt('default', { html: false, linkify: true, breaks: true });
// Every link becomes an <a>, as with marked; sanitize-html then drops any href whose scheme
// it does not allow (javascript:, data:, …), so such a link reads as its text alone.
parser.validateLink = () => true;

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

function options(headingBase: number): sanitizeHtml.IOptions {
  const shift: Record<string, sanitizeHtml.Transformer> = {};
  for (const [i, tag] of HEADINGS.entries()) {
    shift[tag] = sanitizeHtml.simpleTransform(`h${Math.min(6, headingBase + i)}`, {});
  }
  return {
    allowedTags: [
      'p',
      'br',
      'strong',
      'b',
      'em',
      'i',
      'del',
      's',
      'a',
      'ul',
      'ol',
      'li',
      'code',
      'pre',
      'blockquote',
      'hr',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      ...HEADINGS,
    ],
    allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      ...shift,
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
    },
  };
}

const OPTIONS = [1, 2, 3, 4, 5, 6].map(options);

// Bodies rarely change, and the site re-renders after every write: keep recent results.
const memo = new Map<string, Html>();
const MEMO_MAX = 5000;

/**
 * Renders markdown to sanitised HTML. Headings in the source start at `headingBase`
 * (a "# Title" becomes <h{headingBase}>) so they fit the page's heading order.
 */
export function renderMarkdown(source: string, headingBase = 4): Html {
  const base = Math.min(6, Math.max(1, headingBase));
  const key = `${base}\u0000${source}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const unsafe = parser.render(source);
  const out = new Html(sanitizeHtml(unsafe, OPTIONS[base - 1]).trim());
  if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value as string);
  memo.set(key, out);
  return out;
}
