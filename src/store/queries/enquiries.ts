/** Enquiries (issue #11): one, a page of them (newest first, by id), and an incident's stats. */
import { type EnquiryRules, enquiryRulesFrom, firstResponseSeconds } from '../../domain/enquiry.js';
import { buckets, themes } from '../../domain/enquiryStats.js';
import type { Db } from '../db.js';
import type { EnquiryTable } from '../schema.js';

export interface Enquiry {
  id: string;
  channel: string;
  source: string;
  from: string;
  subject: string | null;
  text: string;
  message_id: string | null;
  received_at: string;
  created_at: string;
  updated_at: string;
  processed: boolean;
  attempts: number;
  last_error: string | null;
  incident_id: string | null;
  account_id: string | null;
  account_name: string | null;
  contact_id: string | null;
  key_account: boolean;
  sentiment: number | null;
  sentiment_score: number | null;
  negative: boolean;
  flags: string[];
  status: string;
  escalation: string | null;
  first_response_at: string | null;
  first_response_seconds: number | null;
}

type Row = EnquiryTable & { account_name: string | null };

export function toEnquiry(r: Row): Enquiry {
  return {
    id: r.id,
    channel: r.channel,
    source: r.source,
    from: r.sender,
    subject: r.subject,
    text: r.body,
    message_id: r.message_id,
    received_at: r.received_at,
    created_at: r.created_at,
    updated_at: r.updated_at,
    processed: Number(r.processed) === 1,
    attempts: Number(r.attempts),
    last_error: r.last_error,
    incident_id: r.incident_id,
    account_id: r.account_id,
    account_name: r.account_name ?? null,
    contact_id: r.contact_id,
    key_account: Number(r.key_account) === 1,
    sentiment: r.sentiment === null ? null : Number(r.sentiment),
    sentiment_score: r.sentiment_score === null ? null : Number(r.sentiment_score),
    negative: Number(r.negative) === 1,
    flags: JSON.parse(r.flags) as string[],
    status: r.status,
    escalation: r.escalation,
    first_response_at: r.first_response_at,
    first_response_seconds: firstResponseSeconds(r.received_at, r.first_response_at),
  };
}

function base(db: Db) {
  return db
    .selectFrom('enquiries as e')
    .leftJoin('accounts as a', 'a.id', 'e.account_id')
    .selectAll('e')
    .select('a.name as account_name');
}

export async function getEnquiry(db: Db, id: string): Promise<Enquiry | undefined> {
  const r = await base(db).where('e.id', '=', id).executeTakeFirst();
  return r ? toEnquiry(r as Row) : undefined;
}

export interface EnquiryFilter {
  incident_id?: string;
  status?: string;
  channel?: string;
  account_id?: string;
  /** the last id of the previous page */
  before?: string;
  limit?: number;
}

export const ENQUIRY_PAGE_MAX = 200;

/** Newest first, a page at a time (keyset on the sortable id). */
export async function listEnquiries(db: Db, f: EnquiryFilter = {}): Promise<Enquiry[]> {
  let q = base(db);
  if (f.incident_id) q = q.where('e.incident_id', '=', f.incident_id);
  if (f.status) q = q.where('e.status', '=', f.status);
  if (f.channel) q = q.where('e.channel', '=', f.channel);
  if (f.account_id) q = q.where('e.account_id', '=', f.account_id);
  if (f.before) q = q.where('e.id', '<', f.before);
  const limit = Math.min(Math.max(f.limit ?? 50, 1), ENQUIRY_PAGE_MAX);
  const rows = await q.orderBy('e.id', 'desc').limit(limit).execute();
  return rows.map((r) => toEnquiry(r as Row));
}

export interface EnquiryStats {
  total: number;
  by_channel: Record<string, number>;
  negative: number;
  buckets: {
    start: string;
    count: number;
    mean_sentiment: number | null;
    by_channel: Record<string, number>;
  }[];
  themes: { theme: string; count: number }[];
}

/** The 50,000 most recent an incident's stats read (a bound on what one request costs). */
const STATS_MAX = 50_000;

export async function enquiryStats(db: Db, incidentId: string): Promise<EnquiryStats> {
  const rows = await db
    .selectFrom('enquiries')
    .select(['received_at', 'channel', 'sentiment', 'negative', 'body'])
    .where('incident_id', '=', incidentId)
    .orderBy('received_at', 'desc')
    .limit(STATS_MAX)
    .execute();
  const by_channel: Record<string, number> = {};
  let negative = 0;
  for (const r of rows) {
    by_channel[r.channel] = (by_channel[r.channel] ?? 0) + 1;
    if (Number(r.negative) === 1) negative++;
  }
  return {
    total: rows.length,
    by_channel,
    negative,
    buckets: buckets(
      rows.map((r) => ({
        received_at: r.received_at,
        channel: r.channel,
        sentiment: r.sentiment === null ? null : Number(r.sentiment),
      })),
    ),
    themes: themes(rows.slice(0, 2_000).map((r) => r.body)),
  };
}

export interface EnquiryReply {
  id: string;
  channel: string;
  to_address: string | null;
  body: string;
  state: string;
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  author: string;
  created_at: string;
  sent_at: string | null;
}

export async function listEnquiryReplies(db: Db, enquiryId: string): Promise<EnquiryReply[]> {
  const rows = await db
    .selectFrom('enquiry_replies')
    .select([
      'id',
      'channel',
      'to_address',
      'body',
      'state',
      'attempts',
      'last_error',
      'message_id',
      'in_reply_to',
      'author',
      'created_at',
      'sent_at',
    ])
    .where('enquiry_id', '=', enquiryId)
    .orderBy('id')
    .limit(100)
    .execute();
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

/** The open incidents (not maintenance) with their component names, for linking. */
export async function activeIncidents(
  db: Db,
): Promise<{ id: string; name: string; components: string[] }[]> {
  const rows = await db
    .selectFrom('incidents as i')
    .leftJoin('incident_components as ic', 'ic.incident_id', 'i.id')
    .leftJoin('components as c', 'c.id', 'ic.component_id')
    .select(['i.id', 'i.name', 'c.name as component'])
    .where('i.kind', '=', 'incident')
    .where('i.drill', '=', 0)
    .where('i.status', 'not in', ['resolved', 'postmortem'])
    .orderBy('i.id')
    .limit(2_000)
    .execute();
  const out = new Map<string, { id: string; name: string; components: string[] }>();
  for (const r of rows) {
    const i = out.get(r.id) ?? { id: r.id, name: r.name, components: [] };
    if (r.component) i.components.push(r.component);
    out.set(r.id, i);
  }
  return [...out.values()];
}

/** The latest public update of an incident, word for word (the statement replies quote). */
export async function latestStatement(db: Db, incidentId: string): Promise<string | null> {
  const r = await db
    .selectFrom('incident_updates')
    .select('body')
    .where('incident_id', '=', incidentId)
    .where('visibility', '=', 'public')
    .orderBy('display_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r?.body ?? null;
}

/** The incidents an enquiry can be linked to in the console: the 50 most recent. */
export async function incidentChoices(db: Db): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('incidents')
    .select(['id', 'name'])
    .where('kind', '=', 'incident')
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
}

/** The plan's enquiry rules: its `enquiry_*` settings over the defaults. */
export async function getEnquiryRules(db: Db): Promise<EnquiryRules> {
  const rows = await db
    .selectFrom('plan_settings')
    .select(['key', 'value'])
    .where('key', '>=', 'enquiry_')
    .where('key', '<', 'enquiry`')
    .execute();
  return enquiryRulesFrom(Object.fromEntries(rows.map((r) => [r.key, r.value])));
}

export interface SourceTally {
  count: number;
  /** when the newest one arrived (created_at), or null when none has */
  last: string | null;
}

/** How many enquiries each of these sources brought in, and when the newest arrived (the Enquiry sources screen). */
export async function enquiryTallies(
  db: Db,
  sources: string[],
): Promise<Record<string, SourceTally>> {
  const out: Record<string, SourceTally> = {};
  for (const s of sources) out[s] = { count: 0, last: null };
  if (sources.length === 0) return out;
  const rows = await db
    .selectFrom('enquiries')
    .select((eb) => [
      'source',
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('created_at').as('last'),
    ])
    .where('source', 'in', sources)
    .groupBy('source')
    .execute();
  for (const r of rows) out[r.source] = { count: Number(r.n), last: r.last ?? null };
  return out;
}
