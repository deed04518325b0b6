/**
 * Processing one stored enquiry (issue #11 part 3): match the sender to an account and contact,
 * link it to an incident, score its sentiment, flag key accounts and escalate. (Spikes and
 * negative runs are the scheduler's: promptOnEnquiries.) One transaction that first claims the row (processed 0 → 1),
 * so a row is processed once even when the scheduler and the intake race; a failure rolls it all
 * back, and the raw row waits for its next attempt.
 */
import { sql } from 'kysely';
import { isKeyAccount } from '../../domain/audience.js';
import {
  enquiryFlags,
  escalationReason,
  isNegative,
  linkIncident,
  parseSender,
  type Sender,
} from '../../domain/enquiry.js';
import { scoreSentiment } from '../../lib/sentiment.js';
import type { Db } from '../../store/db.js';
import { getKeyRule } from '../../store/queries/audiences.js';
import { activeIncidents, getEnquiryRules } from '../../store/queries/enquiries.js';
import { consoleBase, roleHolder } from '../../store/writes/outreach.js';
import { type Ctx, inTransaction, type Tx } from '../context.js';
import { addTimeline, notifyPeople } from './team.js';

/** The contact (and so the account) a sender is: by address, else email domain, else phone. */
export async function matchSender(
  db: Db,
  who: Sender,
): Promise<{ account_id: string; contact_id: string | null } | null> {
  const contacts = db
    .selectFrom('subscribers')
    .select(['id', 'account_id'])
    .where('account_id', 'is not', null)
    .orderBy('id')
    .limit(1);
  const key = who.email ?? who.phone;
  if (key) {
    const r = await contacts
      .where('channel', '=', who.email ? 'email' : 'sms')
      .where('address_key', '=', key)
      .executeTakeFirst();
    if (r?.account_id) return { account_id: r.account_id, contact_id: r.id };
  }
  if (who.domain) {
    const like = `%@${who.domain.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
    const r = await contacts
      .where('channel', '=', 'email')
      .where(sql<boolean>`address_key like ${like} escape '\\'`)
      .executeTakeFirst();
    if (r?.account_id) return { account_id: r.account_id, contact_id: null };
  }
  return null;
}

/**
 * The open incidents, the key-account rule and the plan's enquiry rules, read at most once a
 * second per database: at a thousand enquiries a second they would otherwise be read a thousand
 * times. A new incident or setting is seen within a second; an enquiry can always be relinked.
 */
const CACHE_MS = 1_000;
const READS = {
  incidents: activeIncidents,
  keyRule: getKeyRule,
  rules: getEnquiryRules,
};
type Reads = typeof READS;
type Cached = { at: number; reads: Partial<Record<keyof Reads, Promise<unknown>>> };
const cache = new WeakMap<object, Cached>();

/** `key`: the store (one per database); `db`: the transaction, which a read runs in. */
function cachedRead<K extends keyof Reads>(key: object, db: Db, what: K): ReturnType<Reads[K]> {
  let c = cache.get(key);
  if (!c || Date.now() - c.at > CACHE_MS) {
    c = { at: Date.now(), reads: {} };
    cache.set(key, c);
  }
  const { reads } = c;
  const have = reads[what];
  if (have) return have as ReturnType<Reads[K]>;
  const read = READS[what](db) as ReturnType<Reads[K]>;
  reads[what] = read;
  read.catch(() => {
    if (reads[what] === read) delete reads[what];
  });
  return read;
}

/** Processes one enquiry in its own transaction; false when it was already processed. */
export function processEnquiry(ctx: Ctx, id: string): Promise<boolean> {
  return inTransaction(ctx, { scope: 'write' }, (tx) => processIn(ctx, tx, id));
}

/** Processes one enquiry inside the caller's transaction; false when it was already processed. */
export async function processIn(ctx: Ctx, tx: Tx, id: string): Promise<boolean> {
  // claim and read in one statement (RETURNING: SQLite 3.35+ and PostgreSQL)
  const e = await tx.db
    .updateTable('enquiries')
    .set({ processed: 1, attempts: sql`attempts + 1`, updated_at: tx.at })
    .where('id', '=', id)
    .where('processed', '=', 0)
    .returningAll()
    .executeTakeFirst();
  if (!e) return false;
  const text = `${e.subject ?? ''}\n${e.body}`;
  const match = await matchSender(tx.db, parseSender(e.sender));
  const incidentId =
    Number(e.incident_pinned) === 1
      ? e.incident_id
      : linkIncident(text, await cachedRead(ctx.store, tx.db, 'incidents'));
  const score = scoreSentiment(text);
  const flags = enquiryFlags(text);
  const negative = isNegative(score.comparative, flags);
  const account = match
    ? await tx.db
        .selectFrom('accounts')
        .select(['id', 'name', 'tier', 'criticality', 'account_manager_id'])
        .where('id', '=', match.account_id)
        .executeTakeFirst()
    : undefined;
  const key = account
    ? isKeyAccount(account, await cachedRead(ctx.store, tx.db, 'keyRule'))
    : false;
  const reason = escalationReason(
    { keyAccount: key, criticality: account?.criticality ?? null, negative },
    await cachedRead(ctx.store, tx.db, 'rules'),
  );
  const after = {
    incident_id: incidentId,
    account_id: account?.id ?? null,
    contact_id: match?.contact_id ?? null,
    key_account: key ? 1 : 0,
    sentiment: score.comparative,
    sentiment_score: score.score,
    negative: negative ? 1 : 0,
    flags: JSON.stringify(flags),
    status: reason && e.status === 'new' ? 'escalated' : e.status,
    escalation: reason,
    last_error: null,
    next_attempt_at: null,
  };
  await tx.db.updateTable('enquiries').set(after).where('id', '=', id).execute();
  if (reason && account) await escalate(tx, { id, incidentId, account, reason });
  await tx.audit({
    action: 'enquiry.process',
    entityType: 'enquiry',
    entityId: id,
    after: { ...after, flags },
  });
  return true;
}

const enquiryLink = (base: string, id: string) =>
  `${base}/console/enquiries/${encodeURIComponent(id)}`;

/** A key account's enquiry, or a critical account's angry one: to its manager and the comms lead. */
async function escalate(
  tx: Tx,
  e: {
    id: string;
    incidentId: string | null;
    account: { name: string; account_manager_id: string | null };
    reason: string;
  },
): Promise<void> {
  const lead = await roleHolder(tx.db, e.incidentId ?? '', 'comms_lead', tx.at);
  const why =
    e.reason === 'key_account' ? 'a key account' : 'a critical account, and it is negative';
  const people = [e.account.account_manager_id, lead?.id].filter((p): p is string => Boolean(p));
  await notifyPeople(
    tx.db,
    people,
    {
      subject: `Enquiry from ${e.account.name} (${e.reason === 'key_account' ? 'key account' : 'negative, critical account'})`,
      text: `${e.account.name} has sent an enquiry: ${why}. Please answer it from the enquiries inbox.`,
      action_url: enquiryLink(await consoleBase(tx.db), e.id),
      action_label: 'Open the enquiry',
    },
    tx.at,
    e.incidentId,
  );
  if (e.incidentId)
    await addTimeline(
      tx.db,
      e.incidentId,
      'system',
      `An enquiry from ${e.account.name} (${why}) was escalated to ${people.length ? 'its account manager and the comms lead' : 'nobody: no account manager nor comms lead'}.`,
      'flare',
      tx.at,
    );
}
