/**
 * Sends the email answers to enquiries (issue #11 part 4): each `pending` reply goes out through
 * the email channel, threaded to the enquiry's Message-ID, and is recorded `sent` with its
 * Message-ID; a failure is retried with backoff, and after the last attempt it is `failed`.
 * Runs in the worker, next to the notification deliveries.
 */
import type { App } from '../app.js';
import type { Channel } from '../channels/types.js';
import { getPage } from '../store/queries/page.js';

export const REPLY_ATTEMPTS = 8;
const backoffMs = (attempt: number) => Math.min(15_000 * 2 ** (attempt - 1), 3_600_000);

/** Sends the replies due now; returns how many were sent. */
export async function sendEnquiryReplies(
  app: App,
  channels: Map<string, Channel>,
  limit = 50,
): Promise<number> {
  const email = channels.get('email');
  if (!email?.sendDirect) return 0;
  const db = app.store.db;
  const now = () => app.clock.now().toISOString();
  const due = await db
    .selectFrom('enquiry_replies')
    .selectAll()
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now())
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  if (due.length === 0) return 0;
  const page = await getPage(db);
  let sent = 0;
  for (const r of due) {
    // claim it: another worker may have taken it meanwhile
    const attempt = Number(r.attempts) + 1;
    const claimed = await db
      .updateTable('enquiry_replies')
      .set({
        attempts: attempt,
        next_attempt_at: new Date(Date.parse(now()) + 300_000).toISOString(),
      })
      .where('id', '=', r.id)
      .where('state', '=', 'pending')
      .where('attempts', '=', r.attempts)
      .executeTakeFirst();
    if (!claimed.numUpdatedRows) continue;
    const result = await email.sendDirect({
      key: `reply-${r.id}`,
      to: r.to_address ?? '',
      subject: r.subject ?? 'Re: your enquiry',
      text: r.body,
      inReplyTo: r.in_reply_to,
      pageName: page?.name ?? 'Status',
      pageUrl: page?.url ?? 'http://localhost',
    });
    const at = now();
    if (result.ok) {
      sent++;
      await db
        .updateTable('enquiry_replies')
        .set({
          state: 'sent',
          sent_at: at,
          message_id: result.providerMessageId ?? null,
          last_error: null,
        })
        .where('id', '=', r.id)
        .execute();
      continue;
    }
    const last = !result.retryable || attempt >= REPLY_ATTEMPTS;
    await db
      .updateTable('enquiry_replies')
      .set({
        state: last ? 'failed' : 'pending',
        last_error: result.error.slice(0, 500),
        next_attempt_at: last ? null : new Date(Date.parse(at) + backoffMs(attempt)).toISOString(),
      })
      .where('id', '=', r.id)
      .execute();
  }
  return sent;
}
