/**
 * A streaming RFC 4180 CSV reader: text arrives in chunks of any size (split anywhere, even
 * inside a quoted field or a CRLF) and whole records come out. Linear: each character is looked
 * at once, and a field is cut out with slices, not built a character at a time.
 */
import { CsvError, type CsvRecord } from './csv.js';

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

enum S {
  FieldStart,
  Unquoted,
  Quoted,
  /** a quote inside a quoted field: "" or the closing quote */
  QuotedQuote,
}

export class CsvStreamParser {
  private state = S.FieldStart;
  private cells: string[] = [];
  /** the current field's text so far */
  private carry = '';
  /** the previous record ended with CR: a LF right after it belongs to it */
  private afterCr = false;
  private line = 1;
  private recordLine = 1;
  private first = true;

  /** Feeds a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let s = chunk;
    if (this.first && s.length) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    let start = 0;
    while (i < n) {
      switch (this.state) {
        case S.FieldStart: {
          const c = s.charCodeAt(i);
          if (this.afterCr) {
            this.afterCr = false;
            if (c === LF) {
              i++;
              continue;
            }
          }
          if (this.cells.length === 0) this.recordLine = this.line;
          if (c === QUOTE) {
            this.state = S.Quoted;
            i++;
          } else this.state = S.Unquoted;
          start = i;
          break;
        }
        case S.Unquoted: {
          let j = i;
          let d = 0;
          while (j < n) {
            d = s.charCodeAt(j);
            if (d === COMMA || d === CR || d === LF) break;
            if (d === QUOTE)
              throw new CsvError(
                this.line,
                'a quote inside an unquoted field (quote the whole field)',
              );
            j++;
          }
          this.carry += s.slice(start, j);
          if (j === n) i = n;
          else {
            this.endField(out, d);
            i = j + 1;
          }
          break;
        }
        case S.Quoted: {
          let j = i;
          while (j < n) {
            const d = s.charCodeAt(j);
            if (d === QUOTE) break;
            if (d === LF) this.line++;
            j++;
          }
          this.carry += s.slice(start, j);
          if (j === n) i = n;
          else {
            this.state = S.QuotedQuote;
            i = j + 1;
          }
          break;
        }
        case S.QuotedQuote: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.carry += '"';
            this.state = S.Quoted;
            i++;
            start = i;
          } else if (c === COMMA || c === CR || c === LF) {
            this.endField(out, c);
            i++;
          } else throw new CsvError(this.line, 'unexpected text after a closing quote');
          break;
        }
      }
    }
    return out;
  }

  private endField(out: CsvRecord[], delimiter: number) {
    this.cells.push(this.carry);
    this.carry = '';
    this.state = S.FieldStart;
    if (delimiter === COMMA) return;
    this.afterCr = delimiter === CR;
    this.line++;
    this.emit(out);
  }

  private emit(out: CsvRecord[]) {
    const cells = this.cells;
    this.cells = [];
    if (!(cells.length === 1 && cells[0] === '')) out.push({ line: this.recordLine, cells });
  }

  /** The input ended: returns the last record when no line break followed it. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === S.Quoted)
      throw new CsvError(this.recordLine, 'a quoted field is never closed');
    if (this.state !== S.FieldStart || this.cells.length) {
      this.cells.push(this.carry);
      this.carry = '';
      this.state = S.FieldStart;
      this.emit(out);
    }
    return out;
  }
}

/**
 * Text chunks (or bytes, decoded as UTF-8 across chunk ends) → CSV records, in the groups each
 * chunk completes: one await per chunk rather than one per record, which cost an import of
 * 100,000 rows a promise and a microtask per record at every stage of its pipeline.
 */
export async function* csvRecordGroups(
  source: AsyncIterable<Buffer | string>,
): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvStreamParser();
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const records = parser.push(text);
    if (records.length) yield records;
  }
  const last = [...parser.push(decoder.decode()), ...parser.end()];
  if (last.length) yield last;
}
