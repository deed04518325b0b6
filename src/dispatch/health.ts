/**
 * What delivery results teach about subscribers: a bounced address becomes undeliverable, and a
 * webhook that keeps failing is disabled, with a notice to its owner when we know an address.
 * Runs inside the transaction that records the outcomes.
 */
import { sql } from 'kysely';
import { postsToUrl } from '../channels/catalog.js';
import type { Db } from '../store/db.js';
import { writeAudit } from '../store/writes/audit.js';
import { enqueueNotification } from '../store/writes/outbox.js';
import type { Outcome } from './claim.js';
import { checkDeadTeamNotices } from './teamReach.js';

export async function applyHealth(
  trx: Db,
  outcomes: Outcome[],
  channelOf: Map<number, string>,
  at: string,
  disableAfter: number,
): Promise<void> {
  await checkDeadTeamNotices(trx, outcomes, at);
  const ok: string[] = [];
  const failed: string[] = [];
  for (const o of outcomes) {
    const channel = channelOf.get(o.id) ?? '';
    if (o.kind === 'dead' && o.undeliverable) {
      const r = await trx
        .updateTable('subscribers')
        .set({ state: 'undeliverable', disabled_reason: o.error.slice(0, 300), updated_at: at })
        .where('id', '=', o.subscriberId)
        .where('state', '=', 'active')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows)) {
        await writeAudit(trx, {
          actor: 'system:worker',
          action: 'subscriber.undeliverable',
          entityType: 'subscriber',
          entityId: o.subscriberId,
          after: { reason: o.error.slice(0, 300) },
          at,
        });
      }
      continue;
    }
    // only a subscriber's own URL (webhook, chat) is paused when it keeps failing
    if (!postsToUrl(channel)) continue;
    // a send resets the count only where there was one to reset
    if (o.kind === 'sent') {
      if (o.failing !== false) ok.push(o.subscriberId);
    } else if (o.kind === 'retry' || o.kind === 'dead') failed.push(o.subscriberId);
  }
  if (ok.length) {
    await trx
      .updateTable('subscribers')
      .set({ consecutive_failures: 0 })
      .where('id', 'in', ok)
      .where('consecutive_failures', '>', 0)
      .execute();
  }
  for (const id of failed) {
    const r = await trx
      .updateTable('subscribers')
      .set({ consecutive_failures: sql`consecutive_failures + 1` })
      .where('id', '=', id)
      .where('state', '=', 'active')
      .returning(['consecutive_failures', 'contact_email', 'address', 'channel'])
      .executeTakeFirst();
    if (!r || Number(r.consecutive_failures) < disableAfter) continue;
    const reason = `${r.consecutive_failures} deliveries in a row failed`;
    await trx
      .updateTable('subscribers')
      .set({ state: 'disabled', disabled_reason: reason, updated_at: at })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      actor: 'system:worker',
      action: 'subscriber.disable',
      entityType: 'subscriber',
      entityId: id,
      after: { state: 'disabled', reason },
      at,
    });
    if (r.contact_email) {
      await enqueueNotification(trx, {
        kind: 'webhook.disabled',
        payload: {
          subscriber_id: id,
          channel: 'email',
          data: {
            subject: `Your ${r.channel} subscription was paused`,
            text: `We stopped sending status updates to ${r.address} after ${r.consecutive_failures} failed deliveries in a row. Fix the endpoint, then subscribe it again on the status page: it will get a confirmation to open first.`,
          },
        },
        at,
      });
    }
  }
}
