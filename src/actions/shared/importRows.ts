/** Validation of imported rows: each row becomes a subscriber input, or a rejection naming its field. */
import { CHANNELS, channelList } from '../../channels/catalog.js';
import { DomainError } from '../../domain/errors.js';
import { addressKey } from '../../store/queries/subscribers.js';
import type { Ctx } from '../context.js';
import { createSubscriberInput, parseInput, SUBSCRIBER_CHANNELS } from '../inputs.js';
import { assertSubscribableUrl } from './subscriberChecks.js';

/** One data row of the file, by lower-case column name, with its line number in the file. */
export interface ImportRow {
  line: number;
  fields: Record<string, string>;
  /** a problem with the row as a whole (e.g. too many fields) */
  error?: string;
}

export interface Rejected {
  line: number;
  /** field → reason */
  fields: Record<string, string>;
}

export interface ReadyRow {
  line: number;
  channel: string;
  address: string;
  key: string;
  components: string[];
  locale?: string;
  time_zone?: string;
  confirmed: boolean;
}

const TARGET = Object.fromEntries(CHANNELS.map((d) => [d.name, d.address]));

const YES = new Set(['true', 'yes', 'y', '1']);
const NO = new Set(['false', 'no', 'n', '0']);

export async function prepareRows(
  ctx: Ctx,
  rows: ImportRow[],
  confirmedByDefault: boolean,
): Promise<{ ready: ReadyRow[]; rejected: Rejected[] }> {
  const resolve = await componentResolver(ctx);
  const ready: ReadyRow[] = [];
  const rejected: Rejected[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.error) {
      rejected.push({ line: row.line, fields: { '(row)': row.error } });
      continue;
    }
    const r = await prepareRow(ctx, row, resolve, confirmedByDefault);
    if ('fields' in r) {
      rejected.push(r);
      continue;
    }
    const dedupe = `${r.channel}\n${r.key}`;
    const first = seen.get(dedupe);
    if (first !== undefined) {
      rejected.push({
        line: row.line,
        fields: { [addressColumn(row, r.channel)]: `repeats line ${first}` },
      });
      continue;
    }
    seen.set(dedupe, row.line);
    ready.push(r);
  }
  return { ready, rejected };
}

function addressColumn(row: ImportRow, channel: string): string {
  return row.fields.address ? 'address' : TARGET[channel];
}

async function prepareRow(
  ctx: Ctx,
  row: ImportRow,
  resolve: (ref: string) => string | { error: string },
  confirmedByDefault: boolean,
): Promise<ReadyRow | Rejected> {
  const f = row.fields;
  const fields: Record<string, string> = {};
  const channel =
    f.channel?.trim().toLowerCase() ||
    (f.email ? 'email' : f.phone ? 'sms' : f.url ? 'webhook' : '');
  if (!channel) fields.channel = `is required (${channelList()})`;
  else if (!(SUBSCRIBER_CHANNELS as readonly string[]).includes(channel))
    fields.channel = `must be one of ${channelList()}`;
  const address = (f.address || f.email || f.phone || f.url || '').trim();
  if (!address)
    fields[f.address !== undefined ? 'address' : (TARGET[channel] ?? 'address')] = 'is required';
  let confirmed = confirmedByDefault;
  const c = f.confirmed?.trim().toLowerCase();
  if (c && YES.has(c)) confirmed = true;
  else if (c && NO.has(c)) confirmed = false;
  else if (c) fields.confirmed = 'must be true or false';
  const components: string[] = [];
  for (const ref of (f.components ?? '').split(';').map((s) => s.trim())) {
    if (!ref) continue;
    const id = resolve(ref);
    if (typeof id === 'string') components.push(id);
    else fields.components ??= id.error;
  }
  if (Object.keys(fields).length) return { line: row.line, fields };

  const target = TARGET[channel];
  try {
    parseInput(createSubscriberInput, {
      channel,
      [target]: address,
      components,
      locale: f.locale?.trim() || undefined,
      time_zone: f.time_zone?.trim() || undefined,
    });
    if (target === 'url') await assertSubscribableUrl(address, ctx.allowPrivateNetwork ?? false);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const named: Record<string, string> = {};
    for (const [k, v] of Object.entries(err.fields))
      named[k === target ? addressColumn(row, channel) : k] = v;
    return { line: row.line, fields: named };
  }
  return {
    line: row.line,
    channel,
    address,
    key: addressKey(channel, address),
    components: [...new Set(components)],
    locale: f.locale?.trim() || undefined,
    time_zone: f.time_zone?.trim() || undefined,
    confirmed,
  };
}

/** Finds a component by id or (case-insensitive) name. */
export async function componentResolver(ctx: Ctx) {
  const rows = await ctx.store.db.selectFrom('components').select(['id', 'name']).execute();
  const ids = new Set(rows.map((r) => r.id));
  const byName = new Map<string, string[]>();
  for (const r of rows) {
    const k = r.name.trim().toLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), r.id]);
  }
  return (ref: string): string | { error: string } => {
    if (ids.has(ref)) return ref;
    const named = byName.get(ref.toLowerCase()) ?? [];
    if (named.length === 1) return named[0];
    if (named.length > 1) return { error: `"${ref}" names more than one component: use its id` };
    return { error: `"${ref}" is not a known component id or name` };
  };
}
