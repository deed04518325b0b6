import { parseSender } from '../domain/enquiry.js';
import { notFound } from '../domain/errors.js';
import { newId } from '../lib/ids.js';
import {
  type Enquiry,
  type EnquiryReply,
  getEnquiry,
  listEnquiryReplies,
} from '../store/queries/enquiries.js';
import { type Ctx, inTransaction } from './context.js';
import { type ReplyEnquiryInput, replyEnquiryInput } from './enquiryInputs.js';
import { parseInput } from './inputs.js';

/** The channels Flare answers on itself; on the others a reply is recorded and marked answered by hand. */
export const REPLY_CHANNELS = new Set(['email']);

/**
 * Answers an enquiry. By email, the reply waits in the outbox (`pending`) for the worker, which
 * sends it through the email channel threaded to the enquiry's Message-ID (In-Reply-To and
 * References). On any other channel the answer is recorded (`manual`): whoever answered by phone
 * or in the helpdesk says what they said. Either way the enquiry is answered and its first
 * response time is set.
 */
export async function replyEnquiry(
  ctx: Ctx,
  id: string,
  raw: ReplyEnquiryInput | unknown,
): Promise<{ enquiry: Enquiry; reply: EnquiryReply }> {
  const input = parseInput(replyEnquiryInput, raw);
  const replyId = await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const e = await tx.db
      .selectFrom('enquiries')
      .select(['channel', 'sender', 'subject', 'message_id', 'status', 'first_response_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!e) throw notFound('enquiry', id);
    const email = e.channel === 'email' ? parseSender(e.sender).email : null;
    const row = {
      id: newId(ctx.clock.now().getTime()),
      enquiry_id: id,
      channel: e.channel,
      to_address: email ?? e.sender,
      subject: e.subject
        ? /^re:/i.test(e.subject)
          ? e.subject
          : `Re: ${e.subject}`
        : 'Re: your enquiry',
      body: input.body,
      in_reply_to: e.message_id,
      state: email && REPLY_CHANNELS.has(e.channel) ? 'pending' : 'manual',
      attempts: 0,
      next_attempt_at: email ? tx.at : null,
      author: ctx.actor.id,
      created_at: tx.at,
    };
    await tx.db.insertInto('enquiry_replies').values(row).execute();
    await tx.db
      .updateTable('enquiries')
      .set({
        status: e.status === 'closed' ? 'closed' : 'answered',
        first_response_at: e.first_response_at ?? tx.at,
        updated_at: tx.at,
      })
      .where('id', '=', id)
      .execute();
    await tx.audit({
      action: 'enquiry.reply',
      entityType: 'enquiry',
      entityId: id,
      before: { status: e.status },
      after: { status: 'answered', reply_id: row.id, state: row.state, channel: row.channel },
    });
    return row.id;
  });
  const enquiry = (await getEnquiry(ctx.store.db, id))!;
  const reply = (await listEnquiryReplies(ctx.store.db, id)).find((r) => r.id === replyId)!;
  return { enquiry, reply };
}
