/**
 * The one way an enquiry comes in (issue #11 part 2), whatever the source: the generic API, the
 * console's phone log, and later each inbound adapter (email, helpdesk webhooks, SMS, social),
 * which only turns its payload into this input. The raw payload is stored first, in its own
 * transaction, so nothing is lost; then it is processed. When processing fails the row stays,
 * marked for a retry that the scheduler makes (processPendingEnquiries).
 */
import { invalid } from '../domain/errors.js';
import { newId } from '../lib/ids.js';
import { type Enquiry, getEnquiry } from '../store/queries/enquiries.js';
import { type Ctx, inTransaction, requireScope } from './context.js';
import { type ReceiveEnquiryInput, receiveEnquiryInput } from './enquiryInputs.js';
import { parseInput } from './inputs.js';
import { processEnquiry } from './shared/enquiryProcess.js';

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
export const retryDelayMs = (attempts: number) =>
  Math.min(FIRST_RETRY_MS * 2 ** attempts, 3_600_000);

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
  const source = (from.source ?? 'api').slice(0, 64);
  const dedupeKey = from.dedupeKey?.slice(0, 500);
  const seen = async () => {
    if (!dedupeKey) return undefined;
    const row = await ctx.store.db
      .selectFrom('enquiries')
      .select('id')
      .where('source', '=', source)
      .where('dedupe_key', '=', dedupeKey)
      .executeTakeFirst();
    return row && { enquiry: (await getEnquiry(ctx.store.db, row.id))!, duplicate: true };
  };
  const before = await seen();
  if (before) return before;
  let id: string;
  try {
    id = await store(ctx, input, raw, from, source, dedupeKey);
  } catch (err) {
    const raced = /unique|duplicate/i.test(String((err as Error)?.message)) && (await seen());
    if (raced) return raced;
    throw err;
  }
  await processOrDefer(ctx, id);
  return { enquiry: (await getEnquiry(ctx.store.db, id))!, duplicate: false };
}

async function store(
  ctx: Ctx,
  input: ReturnType<typeof receiveEnquiryInput.parse>,
  raw: unknown,
  from: EnquirySource,
  source: string,
  dedupeKey: string | undefined,
): Promise<string> {
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    if (input.incident_id) {
      const known = await tx.db
        .selectFrom('incidents')
        .select('id')
        .where('id', '=', input.incident_id)
        .executeTakeFirst();
      if (!known) throw invalid({ incident_id: `is not a known incident: ${input.incident_id}` });
    }
    const row = {
      id: newId(ctx.clock.now().getTime()),
      channel: input.channel,
      source,
      sender: input.from,
      subject: input.subject || null,
      body: input.text,
      message_id: input.message_id ?? null,
      raw: JSON.stringify(from.raw ?? raw ?? null),
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
  });
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
    const attempts = Number(row?.attempts ?? 0) + 1;
    const at = ctx.clock.now().getTime();
    await ctx.store.db
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
