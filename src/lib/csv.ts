/**
 * A small RFC 4180 CSV reader: quoted fields (with "" for a quote), commas and line breaks
 * inside quotes, CRLF or LF line ends, and a leading byte-order mark. Each record carries the
 * line it starts on, so errors can point at the file.
 */

export interface CsvRecord {
  /** 1-based line number where the record starts */
  line: number;
  cells: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/** Parses CSV text into records. Blank lines are skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let i = 0;
  let line = 1;
  while (i < s.length) {
    const start = line;
    const cells: string[] = [];
    // one record
    for (;;) {
      let cell = '';
      if (s[i] === '"') {
        i++;
        for (;;) {
          if (i >= s.length) throw new CsvError(start, 'a quoted field is never closed');
          const ch = s[i];
          if (ch === '"') {
            if (s[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
        if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r')
          throw new CsvError(line, 'unexpected text after a closing quote');
      } else {
        let j = i;
        while (j < s.length && s[j] !== ',' && s[j] !== '\n' && s[j] !== '\r') j++;
        cell = s.slice(i, j);
        if (cell.includes('"'))
          throw new CsvError(line, 'a quote inside an unquoted field (quote the whole field)');
        i = j;
      }
      cells.push(cell);
      if (s[i] === ',') {
        i++;
        continue;
      }
      // end of record: CRLF, LF, lone CR, or end of input
      if (s[i] === '\r') i++;
      if (s[i] === '\n') i++;
      line++;
      break;
    }
    if (!(cells.length === 1 && cells[0] === '')) out.push({ line: start, cells });
  }
  return out;
}

/** The records after the header, as objects keyed by the header's (trimmed, lower-case) names. */
export function csvObjects(text: string): {
  columns: string[];
  rows: { line: number; fields: Record<string, string>; error?: string }[];
} {
  const [head, ...rest] = parseCsv(text);
  if (!head) throw new CsvError(1, 'the file is empty: it needs a header row');
  const columns = head.cells.map((c) => c.trim().toLowerCase());
  const rows = rest.map((r) => {
    const fields: Record<string, string> = {};
    columns.forEach((c, k) => {
      fields[c] = r.cells[k] ?? '';
    });
    const error =
      r.cells.length > columns.length
        ? `has ${r.cells.length} fields but the header has ${columns.length}`
        : undefined;
    return error ? { line: r.line, fields, error } : { line: r.line, fields };
  });
  return { columns, rows };
}

/** One CSV record: a cell with a comma, quote or line break is quoted ("" for a quote). */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/**
 * A cell a spreadsheet will not run as a formula: text starting with =, +, -, @, a tab or a
 * carriage return gets a leading apostrophe (OWASP's advice on CSV injection). For text cells
 * only; numbers are written as they are.
 */
export function csvText(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
