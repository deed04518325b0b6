import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, csvLine, csvObjects, parseCsv } from '../../src/lib/csv.js';

const cells = (text: string) => parseCsv(text).map((r) => r.cells);

describe('parseCsv', () => {
  it('reads plain records with LF or CRLF line ends', () => {
    expect(cells('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(cells('a,b\r\n1,2\r\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks inside', () => {
    const text = 'name,note\r\n"Smith, Jo","said ""hi"""\r\n"two\r\nlines",x\r\n';
    expect(cells(text)).toEqual([
      ['name', 'note'],
      ['Smith, Jo', 'said "hi"'],
      ['two\r\nlines', 'x'],
    ]);
  });

  it('keeps empty fields, skips blank lines, and drops a byte-order mark', () => {
    expect(cells('\ufeffa,b,c\n\n,,\n1,,3\n\n')).toEqual([
      ['a', 'b', 'c'],
      ['', '', ''],
      ['1', '', '3'],
    ]);
  });

  it('numbers each record by the line it starts on', () => {
    const recs = parseCsv('h\n"a\nb"\n\nc\n');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('refuses an unclosed quote and a stray quote, naming the line', () => {
    expect(() => parseCsv('a\n"open,x\n')).toThrowError(CsvError);
    expect(() => parseCsv('a\n"open,x\n')).toThrowError(/line 2: a quoted field is never closed/);
    expect(() => parseCsv('a\nb"c\n')).toThrowError(/line 2: a quote inside an unquoted field/);
    expect(() => parseCsv('a\n"b"c\n')).toThrowError(
      /line 2: unexpected text after a closing quote/,
    );
  });

  it('reads back whatever a correct writer wrote (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é') });
    const quote = (f: string) =>
      /[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f;
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { maxLength: 8 }),
        (rows) => {
          const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
          expect(cells(text)).toEqual(rows);
        },
      ),
    );
  });
});

describe('csvObjects', () => {
  it('keys rows by the trimmed, lower-case header and flags rows with extra fields', () => {
    const { columns, rows } = csvObjects(
      ' Channel ,Address\nemail,a@x.test\nsms\nemail,b@x.test,extra\n',
    );
    expect(columns).toEqual(['channel', 'address']);
    expect(rows).toEqual([
      { line: 2, fields: { channel: 'email', address: 'a@x.test' } },
      { line: 3, fields: { channel: 'sms', address: '' } },
      {
        line: 4,
        fields: { channel: 'email', address: 'b@x.test' },
        error: 'has 3 fields but the header has 2',
      },
    ]);
  });

  it('needs a header row', () => {
    expect(() => csvObjects('')).toThrowError(/needs a header row/);
  });
});

describe('csvLine', () => {
  it('writes records that parseCsv reads back as they were', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe(
      'a,"b,c","say ""hi""","two\nlines",',
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 5 }), { minLength: 1 }),
        (records) => {
          const text = records.map(csvLine).join('\r\n');
          expect(parseCsv(text).map((r) => r.cells)).toEqual(records);
        },
      ),
    );
  });
});
