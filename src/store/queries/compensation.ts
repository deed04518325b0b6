/**
 * The compensation hook for resolution notices (issue #12 part 5): the credit or goodwill line
 * an account's contacts read when an incident is resolved. A line given with the resolving
 * update (`compensation: {account_id: text}`) wins; otherwise this hook is asked, once per
 * account and notice: the account's SLA row for the month the incident was resolved in (its
 * availability so far, the credit its policy owes, any goodwill), worded by compensationLine.
 * Whatever it returns is shown to that account's contacts only; an account no policy covers, or
 * owed nothing, gets no line.
 */
import { DateTime } from 'luxon';
import { compensationLine } from '../../domain/sla.js';
import type { Db } from '../db.js';
import { loadSlaMonth, SlaCalculator, slaReportRows } from './slaReport.js';

/** A month's data is read once for every account of a notice (a minute at most). */
const MONTH_MS = 60_000;
const months = new WeakMap<Db, Map<string, { at: number; calc: Promise<SlaCalculator> }>>();

function calculator(db: Db, month: string): Promise<SlaCalculator> {
  let byMonth = months.get(db);
  if (!byMonth) {
    byMonth = new Map();
    months.set(db, byMonth);
  }
  const have = byMonth.get(month);
  if (have && Date.now() - have.at < MONTH_MS) return have.calc;
  const calc = loadSlaMonth(db, month, new Date()).then((d) => new SlaCalculator(d));
  calc.catch(() => byMonth.delete(month));
  byMonth.set(month, { at: Date.now(), calc });
  return calc;
}

export async function compensationFor(
  db: Db,
  incidentId: string,
  accountId: string,
): Promise<string | null> {
  const incident = await db
    .selectFrom('incidents')
    .select('resolved_at')
    .where('id', '=', incidentId)
    .executeTakeFirst();
  const at = DateTime.fromISO(incident?.resolved_at ?? new Date().toISOString(), { zone: 'UTC' });
  const month = at.toFormat('yyyy-MM');
  const calc = await calculator(db, month);
  for await (const row of slaReportRows(db, calc.data, {
    accountIds: [accountId],
    calculator: calc,
  }))
    return compensationLine(row, at.toFormat('LLLL yyyy'));
  return null;
}
