/** The SLA credits report's shapes: one JSON object per account, and the billing CSV. */
import { csvLine, csvText } from '../lib/csv.js';
import type { SlaReportRow } from '../store/queries/slaReport.js';

export const SLA_CSV_COLUMNS = [
  'month',
  'account_id',
  'name',
  'tier',
  'policy',
  'time_zone',
  'uptime',
  'downtime_minutes',
  'minutes_in_month',
  'credit_percent',
  'credit_amount',
  'goodwill_percent',
  'goodwill_amount',
  'incidents',
  'state',
  'decided_amount',
  'note',
] as const;

export function slaJsonRow(r: SlaReportRow) {
  return {
    account_id: r.account_id,
    name: r.name,
    tier: r.tier,
    policy: r.policy,
    time_zone: r.time_zone,
    uptime: r.uptime,
    downtime_minutes: r.downtime_minutes,
    minutes_in_month: r.minutes_in_period,
    credit_percent: r.credit_percent,
    credit_amount: r.credit_amount,
    goodwill: r.goodwill?.amount ?? null,
    goodwill_percent: r.goodwill?.percent ?? 0,
    goodwill_incidents: r.goodwill?.incidents ?? [],
    incidents: r.incidents,
    state: r.state,
    decided_amount: r.decided_amount,
    note: r.note,
  };
}

const num = (n: number | null) => (n === null ? '' : String(n));

// accounts that share a footprint share its incident list: write each list once
const joined = new WeakMap<string[], string>();
const asJson = new WeakMap<string[], string>();
function once(cache: WeakMap<string[], string>, list: string[], f: (l: string[]) => string) {
  let s = cache.get(list);
  if (s === undefined) {
    s = f(list);
    cache.set(list, s);
  }
  return s;
}

export function slaCsvLine(month: string, r: SlaReportRow): string {
  return csvLine([
    month,
    csvText(r.account_id),
    csvText(r.name),
    csvText(r.tier),
    csvText(r.policy),
    csvText(r.time_zone),
    num(r.uptime),
    num(r.downtime_minutes),
    num(r.minutes_in_period),
    num(r.credit_percent),
    num(r.credit_amount),
    num(r.goodwill?.percent ?? 0),
    num(r.goodwill?.amount ?? null),
    once(joined, r.incidents, (l) => l.join(' ')),
    r.state,
    num(r.decided_amount),
    csvText(r.note ?? ''),
  ]);
}

/** The whole report as text chunks: JSON ({month, accounts: […]}) or CSV with a header row. */
export async function* slaReportChunks(
  month: string,
  rows: AsyncIterable<SlaReportRow>,
  format: 'json' | 'csv',
): AsyncGenerator<string> {
  let batch: string[] = [];
  if (format === 'csv') {
    yield `${csvLine([...SLA_CSV_COLUMNS])}\r\n`;
    for await (const r of rows) {
      batch.push(`${slaCsvLine(month, r)}\r\n`);
      if (batch.length >= 500) {
        yield batch.join('');
        batch = [];
      }
    }
    if (batch.length) yield batch.join('');
    return;
  }
  yield `{"month":${JSON.stringify(month)},"accounts":[`;
  let first = true;
  for await (const r of rows) {
    const { incidents, ...rest } = slaJsonRow(r);
    const json = JSON.stringify(rest);
    const list = once(asJson, incidents, (l) => JSON.stringify(l));
    batch.push(`${first ? '' : ','}${json.slice(0, -1)},"incidents":${list}}`);
    first = false;
    if (batch.length >= 500) {
      yield batch.join('');
      batch = [];
    }
  }
  yield `${batch.join('')}]}`;
}
