import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/lib/markdown.js';
import { markdownToText } from '../../src/templates/engine.js';

// The longest markdown a user can send: an update body (actions/inputs.ts, declareInputs.ts).
const MAX_BODY = 20_000;
// A postmortem body may be longer (actions/inputs.ts).
const MAX_POSTMORTEM = 100_000;

const fill = (unit: string, length: number) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

// Inputs known to make backtracking markdown parsers super-linear.
const UNITS = [
  '[x](',
  '[',
  '(',
  ')',
  ']',
  '*',
  '_',
  '**_',
  '*a',
  '**a ',
  'a*',
  '_a ',
  '~~a',
  '`',
  '`[',
  '[`',
  '<',
  '<a',
  '<http://',
  '>',
  '> ',
  '>\n',
  '- ',
  '1. ',
  '    ',
  '[](',
  '![x](',
  '[x](<',
  '[x](y',
  '[x](y "',
  '[a][',
  '[a]: b\n',
  '[a]: <',
  '\\[',
  '[x]',
  'www.',
  'http://a',
  '|',
  '&#',
  '#',
  '<!--',
  '<![CDATA[',
  '<?',
];

// Generous, for a loaded machine: linear parsing takes well under 1 s here, while the marked
// version this replaced took 35 s for 8,000 characters of "[x](" (minutes for 20,000).
const BUDGET_MS = 4_000;

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const out = f();
  return [out, performance.now() - t];
}

describe('markdown stays fast on adversarial input up to the maximum length', () => {
  for (const unit of UNITS) {
    it(`renders ${JSON.stringify(unit)} × ${(MAX_BODY / unit.length) | 0} within ${BUDGET_MS} ms, sanitised`, () => {
      const source = `[j](javascript:x) <img src=x onerror=y> <script>alert(1)</script>\n\n${fill(unit, MAX_BODY - 64)}`;
      const [out, ms] = timed(() => renderMarkdown(source).value);
      expect(ms, 'HTML').toBeLessThan(BUDGET_MS);
      // no markup that runs: an event handler inside a tag (as text, escaped, it is harmless)
      expect(out).not.toMatch(
        /<script|<img|<input|<iframe|<[^>]*\son\w+=|<a[^>]*href="\s*javascript/i,
      );
      const [, textMs] = timed(() => markdownToText(source));
      expect(textMs, 'plain text').toBeLessThan(BUDGET_MS);
    });
  }

  it('renders nested mixtures up to the postmortem length', () => {
    const mixes = [
      `${'['.repeat(MAX_POSTMORTEM / 2)}${'](x)'.repeat(MAX_POSTMORTEM / 8)}`,
      `${'> '.repeat(MAX_POSTMORTEM / 4)}${'*'.repeat(MAX_POSTMORTEM / 4)}x`,
      fill('[x](', MAX_POSTMORTEM),
      fill('*_a', MAX_POSTMORTEM),
    ];
    for (const source of mixes) {
      const [, ms] = timed(() => renderMarkdown(source, 3));
      expect(ms).toBeLessThan(BUDGET_MS * 3);
    }
  });
});
