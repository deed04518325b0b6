import { getSubscriber, type Subscriber } from '../store/queries/subscribers.js';
import { type Ctx, inTransaction } from './context.js';
import { refuseTeamNotices, requireSignature, subscriberRow } from './shared/subscriberAccess.js';

/**
 * Stops all messages to a subscriber, from the signed unsubscribe link (or an RFC 8058
 * one-click POST). Unsubscribing twice is fine and changes nothing the second time.
 */
export async function unsubscribe(
  ctx: Ctx,
  id: string,
  sig: unknown,
): Promise<{ subscriber: Subscriber; changed: boolean }> {
  requireSignature(ctx, 'unsubscribe', id, sig);
  const changed = await inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const row = await subscriberRow(tx.db, id);
    refuseTeamNotices(row);
    if (row.state === 'unsubscribed') return false;
    await tx.db
      .updateTable('subscribers')
      .set({ state: 'unsubscribed', unsubscribed_at: tx.at, updated_at: tx.at })
      .where('id', '=', id)
      .execute();
    await tx.audit({
      action: 'subscriber.unsubscribe',
      entityType: 'subscriber',
      entityId: id,
      before: { state: row.state },
      after: { state: 'unsubscribed' },
    });
    return true;
  });
  return { subscriber: (await getSubscriber(ctx.store.db, id))!, changed };
}
