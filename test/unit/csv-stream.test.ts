/**
 * The streaming CSV and JSON array readers give the same records however the text is split
 * into chunks, and agree with the whole-text CSV reader.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../src/lib/csv.js';
import { CsvStreamParser } from '../../src/lib/csvStream.js';
import { JsonArrayError, JsonArrayParser } from '../../src/lib/jsonArrayStream.js';

function streamCsv(text: string, cuts: number[]) {
  const p = new CsvStreamParser();
  const out = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out.push(...p.push(text.slice(at, c)));
    at = c;
  }
  out.push(...p.push(text.slice(at)));
  out.push(...p.end());
  return out;
}

const cell = fc.oneof(
  fc.stringMatching(/^[a-z ;]{0,6}$/),
  fc.stringMatching(/^[a-z,"\r\n]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
);
const csvText = fc
  .tuple(
    fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([rows, eol, last]) => rows.map((r) => r.join(',')).join(eol) + (last ? eol : ''));

describe('streaming CSV', () => {
  it('matches parseCsv at every split', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(), { maxLength: 5 }), (text, raw) => {
        const cuts = raw.map((n) => n % (text.length + 1));
        expect(streamCsv(text, cuts)).toEqual(parseCsv(text));
      }),
      { numRuns: 500 },
    );
  });

  it('reads quotes, embedded line breaks and a CRLF split across chunks', () => {
    const text = 'a,"b ""q"",\r\nc"\r\nd,e\r\n';
    for (let i = 0; i <= text.length; i++)
      expect(streamCsv(text, [i])).toEqual([
        { line: 1, cells: ['a', 'b "q",\r\nc'] },
        { line: 3, cells: ['d', 'e'] },
      ]);
  });

  it('refuses an unclosed quote and text after a closing quote', () => {
    expect(() => streamCsv('a,"b\n', [])).toThrow(CsvError);
    expect(() => streamCsv('a,"b"c\n', [])).toThrow(/after a closing quote/);
  });
});

describe('streaming JSON array', () => {
  const read = (text: string, size: number) => {
    const p = new JsonArrayParser();
    const out: unknown[] = [];
    for (let i = 0; i < text.length; i += size)
      out.push(...p.push(text.slice(i, i + size)).map((e) => e.value));
    p.end();
    return out;
  };
  it('yields each element at any chunk size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (v, n) => {
          const text = JSON.stringify(v, null, n % 3 === 0 ? 2 : undefined);
          expect(read(text, n)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 500 },
    );
  });
  it('refuses what is not one array', () => {
    expect(() => read('{"a":1}', 3)).toThrow(JsonArrayError);
    expect(() => read('[1,2', 3)).toThrow(/never closed/);
    expect(() => read('[1] x', 3)).toThrow(/after the end/);
  });
});
