/**
 * A subscriber CSV file read into import rows, for every edge that takes one (the CLI, the
 * console): the header names known columns and at least one address column; each row keeps
 * its cells as sent, so whatever is rejected can be handed back unchanged.
 */
import { DomainError } from '../../domain/errors.js';
import { CsvError, parseCsv } from '../../lib/csv.js';
import type { ImportRow } from './importRows.js';

export const IMPORT_COLUMNS = [
  'channel',
  'address',
  'email',
  'phone',
  'url',
  'components',
  'locale',
  'time_zone',
  'confirmed',
];

/** The column Flare adds to a file of rejected rows (why each was rejected); ignored on import. */
export const PROBLEM_COLUMN = 'problem';

export interface SubscriberCsv {
  /** the header's cells as written */
  header: string[];
  rows: (ImportRow & { cells: string[] })[];
}

/**
 * Parses the file; a file that cannot be read as a whole (bad quoting, an unknown column, no
 * address column) is a validation error naming where (`source`: the file's name).
 */
export function readSubscriberCsv(text: string, source = 'file'): SubscriberCsv {
  try {
    const [head, ...rest] = parseCsv(text);
    if (!head) throw new CsvError(1, 'the file is empty: it needs a header row');
    const columns = head.cells.map((c) => c.trim().toLowerCase());
    const unknown = columns.filter((c) => !IMPORT_COLUMNS.includes(c) && c !== PROBLEM_COLUMN);
    if (unknown.length)
      throw new DomainError('validation_failed', 'unknown columns', {
        [`column "${unknown[0]}"`]: `is not one Flare knows (use ${IMPORT_COLUMNS.join(', ')})`,
      });
    if (!columns.some((c) => ['address', 'email', 'phone', 'url'].includes(c)))
      throw new DomainError('validation_failed', 'no address column', {
        header: 'needs an address column: address, email, phone or url',
      });
    const rows = rest.map((r) => {
      const fields: Record<string, string> = {};
      columns.forEach((c, k) => {
        if (c !== PROBLEM_COLUMN) fields[c] = r.cells[k] ?? '';
      });
      const row = { line: r.line, fields, cells: r.cells };
      return r.cells.length > columns.length
        ? { ...row, error: `has ${r.cells.length} fields but the header has ${columns.length}` }
        : row;
    });
    return { header: head.cells, rows };
  } catch (err) {
    if (err instanceof CsvError)
      throw new DomainError('validation_failed', err.message, {
        [`${source} line ${err.line}`]: err.message.replace(/^line \d+: /, ''),
      });
    throw err;
  }
}
