/**
 * The one way an enquiry comes in (issue #11 part 2), whatever the source: the generic API, the
 * console's phone log, and later each inbound adapter (email, helpdesk webhooks, SMS, social),
 * which only turns its payload into this input. The raw payload is stored first and processed
 * in a savepoint after it, so a processing failure undoes only the processing: the row commits,
 * marked for a retry that the scheduler makes (processPendingEnquiries). Concurrent intakes share
 * one transaction (store/groupCommit.ts): at a thousand a second the commits were most of the cost.
 */
import { invalid } from '../domain/errors.js';
import { keepTryingDelayMs } from '../domain/retry.js';
import { newId } from '../lib/ids.js';
import type { Db } from '../store/db.js';
import { groupCommit, inSavepoint } from '../store/groupCommit.js';
import { type Enquiry, getEnquiry } from '../store/queries/enquiries.js';
import { writeAudit } from '../store/writes/audit.js';
import { type Ctx, inTransaction, requireScope, type Tx } from './context.js';
import { type ReceiveEnquiryInput, receiveEnquiryInput } from './enquiryInputs.js';
import { parseInput } from './inputs.js';
import { processEnquiry, processIn } from './shared/enquiryProcess.js';

/** What an inbound adapter adds to the input: its name and the payload as it came. */
export interface EnquirySource {
  /** api, console, zendesk, smtp, twilio, mastodon, … (default api) */
  source?: string;
  /** the payload as received, kept as JSON (default: the input) */
  raw?: unknown;
  /**
   * the vendor's own id of the message (ticket and comment, MessageSid, CallSid…): a second
   * enquiry with the same key from the same source is a vendor's retry, and is not stored again
   */
  dedupeKey?: string;
}

/** How long a fresh row waits before the scheduler treats it as failed (its intake may have crashed). */
export const FIRST_RETRY_MS = 30_000;

/** The wait before attempt n+1: 30 s, doubling, at most an hour. Retries never stop. */
export const retryDelayMs = (attempts: number) => keepTryingDelayMs(FIRST_RETRY_MS, attempts);

export async function receiveEnquiry(
  ctx: Ctx,
  raw: ReceiveEnquiryInput | unknown,
  from: EnquirySource = {},
): Promise<Enquiry> {
  return (await receiveEnquiryOnce(ctx, raw, from)).enquiry;
}

/**
 * receiveEnquiry that also tells whether it was a repeat: with `from.dedupeKey`, an enquiry the
 * source already delivered is answered with the stored one (`duplicate`), stored and processed
 * nothing. The unique index on (source, dedupe_key) settles two retries that race.
 */
export async function receiveEnquiryOnce(
  ctx: Ctx,
  raw: ReceiveEnquiryInput | unknown,
  from: EnquirySource = {},
): Promise<{ enquiry: Enquiry; duplicate: boolean }> {
  requireScope(ctx.actor, 'write');
  const input = parseInput(receiveEnquiryInput, raw);
  const stored: Stored = {
    input,
    source: (from.source ?? 'api').slice(0, 64),
    dedupeKey: from.dedupeKey?.slice(0, 500),
    payload: JSON.stringify(from.raw ?? raw ?? null),
  };
  const seen = async () => {
    if (!stored.dedupeKey) return undefined;
    const row = await ctx.store.db
      .selectFrom('enquiries')
      .select('id')
      .where('source', '=', stored.source)
      .where('dedupe_key', '=', stored.dedupeKey)
      .executeTakeFirst();
    return row && { enquiry: (await getEnquiry(ctx.store.db, row.id))!, duplicate: true };
  };
  const before = await seen();
  if (before) return before;
  let id: string;
  try {
    id = await storeAndProcess(ctx, stored);
  } catch (err) {
    const raced = /unique|duplicate/i.test(String((err as Error)?.message)) && (await seen());
    if (raced) return raced;
    throw err;
  }
  return { enquiry: (await getEnquiry(ctx.store.db, id))!, duplicate: false };
}

interface Stored {
  input: ReceiveEnquiryInput;
  source: string;
  dedupeKey: string | undefined;
  payload: string;
}

/** Stores the raw row and processes it; returns its id. */
async function storeAndProcess(ctx: Ctx, s: Stored): Promise<string> {
  if (ctx.idempotency && !ctx.idempotency.claimed) {
    // the key's claim commits with the row: its own transaction, then processing in another
    const id = await inTransaction(ctx, { scope: 'write' }, (tx) => storeRaw(tx, s));
    await processOrDefer(ctx, id);
    return id;
  }
  return groupCommit(
    ctx.store,
    () => ctx.clock.now(),
    async (trx, at) => {
      const tx: Tx = {
        db: trx,
        at,
        audit: (e) => writeAudit(trx, { ...e, actor: ctx.actor.id, at }),
      };
      const id = await storeRaw(tx, s);
      // processing has its own savepoint: when it fails, the raw row still commits, marked for a retry
      await inSavepoint(trx, 'process', () => processIn(ctx, tx, id)).catch((err) =>
        deferOn(trx, id, 0, err, Date.parse(at)),
      );
      return id;
    },
  );
}

/** Stores the enquiry as it came, unprocessed and due for a retry should processing not finish. */
async function storeRaw(tx: Tx, { input, source, dedupeKey, payload }: Stored): Promise<string> {
  if (input.incident_id) {
    const known = await tx.db
      .selectFrom('incidents')
      .select('id')
      .where('id', '=', input.incident_id)
      .executeTakeFirst();
    if (!known) throw invalid({ incident_id: `is not a known incident: ${input.incident_id}` });
  }
  const row = {
    id: newId(Date.parse(tx.at)),
    channel: input.channel,
    source,
    sender: input.from,
    subject: input.subject || null,
    body: input.text,
    message_id: input.message_id ?? null,
    raw: payload,
    received_at: input.received_at ? new Date(input.received_at).toISOString() : tx.at,
    created_at: tx.at,
    updated_at: tx.at,
    processed: 0,
    attempts: 0,
    next_attempt_at: new Date(Date.parse(tx.at) + FIRST_RETRY_MS).toISOString(),
    incident_id: input.incident_id ?? null,
    incident_pinned: input.incident_id ? 1 : 0,
    status: 'new',
    flags: '[]',
    key_account: 0,
    negative: 0,
    dedupe_key: dedupeKey ?? null,
  };
  await tx.db.insertInto('enquiries').values(row).execute();
  await tx.audit({
    action: 'enquiry.receive',
    entityType: 'enquiry',
    entityId: row.id,
    after: {
      channel: row.channel,
      source: row.source,
      from: row.sender,
      incident_id: row.incident_id,
    },
  });
  return row.id;
}

/** Records a failed attempt on the row, with the time of the next one. */
async function deferOn(db: Db, id: string, before: number, err: unknown, at: number) {
  const attempts = before + 1;
  await db
    .updateTable('enquiries')
    .set({
      attempts,
      last_error: String((err as Error)?.message ?? err).slice(0, 500),
      next_attempt_at: new Date(at + retryDelayMs(attempts)).toISOString(),
      updated_at: new Date(at).toISOString(),
    })
    .where('id', '=', id)
    .where('processed', '=', 0)
    .execute();
}

/** Processes one enquiry; a failure is recorded on the row with the time of its next attempt. */
export async function processOrDefer(ctx: Ctx, id: string): Promise<boolean> {
  try {
    return await processEnquiry(ctx, id);
  } catch (err) {
    const row = await ctx.store.db
      .selectFrom('enquiries')
      .select('attempts')
      .where('id', '=', id)
      .executeTakeFirst();
    await deferOn(ctx.store.db, id, Number(row?.attempts ?? 0), err, ctx.clock.now().getTime());
    return false;
  }
}

/** The scheduler's job: retries the enquiries whose processing failed (or never ran), oldest due first. */
export async function processPendingEnquiries(ctx: Ctx, limit = 200): Promise<number> {
  const due = await ctx.store.db
    .selectFrom('enquiries')
    .select('id')
    .where('processed', '=', 0)
    .where('next_attempt_at', '<=', ctx.clock.now().toISOString())
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  let done = 0;
  for (const { id } of due) if (await processOrDefer(ctx, id)) done++;
  return done;
}
