/**
 * The console's subscriber import: the uploaded file (or the pasted rows) read into rows, the
 * import action run on them, and its answer turned into the report the page shows: counts,
 * and each row not imported with its line, the row as sent and a plain reason, plus those rows
 * as a CSV file to fix and import again.
 */
import { type ImportResult, importSubscribers } from '../../../actions/importSubscribers.js';
import { PROBLEM_COLUMN, readSubscriberCsv } from '../../../actions/shared/subscriberCsv.js';
import type { App } from '../../../app.js';
import { DomainError } from '../../../domain/errors.js';
import { csvLine } from '../../../lib/csv.js';
import {
  type ImportReport,
  type ImportState,
  PASTE_MAX,
  type ReportRow,
} from '../../../pages/console/subscriberForms.js';
import { fieldLabel, plainProblem } from './plainErrors.js';
import type { Session } from './session.js';

/** The largest file of rows not imported offered as a download on the page. */
const DOWNLOAD_MAX_CHARS = 5 * 1024 * 1024;

const LABELS: Record<string, string> = {
  channel: 'Channel',
  address: 'Address',
  email: 'Email',
  phone: 'Phone',
  url: 'URL',
  components: 'Components',
  locale: 'Locale',
  time_zone: 'Time zone',
  confirmed: 'Confirmed',
  '(row)': 'This row',
};

const REPEAT = /^repeats line \d+$/;

const stop = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
const sentence = (s: string) => stop(`${s.charAt(0).toUpperCase()}${s.slice(1)}`);

/** "Email must be an email address.", or the label first when the reason starts otherwise. */
function reason(field: string, message: string): string {
  const label = fieldLabel(field, LABELS);
  const text = plainProblem(field, message, LABELS);
  return text.startsWith(label) ? text : `${label}: ${stop(text)}`;
}

/** A problem with the file as a whole: "Line 3: a quoted field is never closed." */
function fileProblem(where: string, message: string): string {
  const line = /\bline (\d+)$/.exec(where);
  if (line) return `Line ${line[1]}: ${stop(message)}`;
  return sentence(`the ${where === 'header' ? 'header row' : where} ${message}`);
}

type Form = Record<string, string | string[]>;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Reads the form, imports, and answers what the page shows (with the HTTP status). */
export async function runImport(
  app: App,
  session: Session,
  form: Form,
): Promise<{ status: number; state: ImportState }> {
  const file = text(form.file);
  const pasted = text(form.rows);
  const filename = text(form['file:name']) || null;
  const values = { rows: pasted.slice(0, PASTE_MAX), confirmed: text(form.confirmed) };
  const fail = (error: string) => ({ status: 400, state: { values, error, report: null } });
  if (file.trim() && pasted.trim())
    return fail('Choose a file or paste rows, not both: clear one of them and import again.');
  if (!file.trim() && !pasted.trim())
    return fail('Choose a CSV file, or paste the rows (the file was empty or missing).');
  if (pasted.length > PASTE_MAX)
    return fail(
      `The pasted rows are too long: at most ${PASTE_MAX.toLocaleString('en-GB')} characters. Save them as a CSV file and choose that instead.`,
    );
  try {
    const csv = readSubscriberCsv(file.trim() ? file : pasted, filename ?? 'pasted rows');
    const result = await importSubscribers(app.ctx(session.actor), csv.rows, {
      confirmed: values.confirmed === 'yes',
    });
    return {
      status: 200,
      state: {
        values: { confirmed: values.confirmed },
        error: null,
        report: report(result, csv, filename),
      },
    };
  } catch (err) {
    if (!(err instanceof DomainError) || !['validation_failed', 'forbidden'].includes(err.code))
      throw err;
    const where = Object.entries(err.fields ?? {});
    return fail(
      err.code === 'forbidden'
        ? 'Your sign-in can read subscribers but not change them. Sign in with a write or admin token to import.'
        : where.length
          ? where.map(([k, v]) => fileProblem(k, v)).join(' ')
          : sentence(err.message),
    );
  }
}

function report(
  result: ImportResult,
  csv: ReturnType<typeof readSubscriberCsv>,
  filename: string | null,
): ImportReport {
  const byLine = new Map(csv.rows.map((r) => [r.line, r.cells]));
  const rows: ReportRow[] = result.rejected
    .map((r) => {
      const entries = Object.entries(r.fields);
      return {
        line: r.line,
        sent: csvLine(byLine.get(r.line) ?? []),
        reasons: entries.map(([k, v]) => reason(k, v)),
        repeat: entries.length === 1 && REPEAT.test(entries[0][1]),
      };
    })
    .sort((a, b) => a.line - b.line);
  const repeated = rows.filter((r) => r.repeat).length;
  return {
    filename,
    added: result.created,
    existing: result.updated + result.unchanged,
    updated: result.updated,
    repeated,
    rejected: rows.length - repeated,
    rows,
    csv: rows.length ? rejectedFile(csv.header, rows, byLine) : null,
  };
}

/** The rows as sent, each with why in the `problem` column; null when too large to offer. */
function rejectedFile(
  header: string[],
  rows: ReportRow[],
  byLine: Map<number, string[]>,
): string | null {
  let at = header.findIndex((h) => h.trim().toLowerCase() === PROBLEM_COLUMN);
  const head = at >= 0 ? header : [...header, PROBLEM_COLUMN];
  if (at < 0) at = header.length;
  const lines = [csvLine(head)];
  let size = lines[0].length;
  for (const r of rows) {
    const cells = [...(byLine.get(r.line) ?? [])];
    while (cells.length < head.length) cells.push('');
    if (cells.length > head.length) cells.push(r.reasons.join(' '));
    else cells[at] = r.reasons.join(' ');
    const line = csvLine(cells);
    size += line.length + 1;
    if (size > DOWNLOAD_MAX_CHARS) return null;
    lines.push(line);
  }
  // the byte-order mark tells spreadsheet programs the file is UTF-8; the import skips it
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
