import { getSubscriber, type Subscriber } from '../store/queries/subscribers.js';
import { type Ctx, inTransaction } from './context.js';
import {
  parseInput,
  type SubscriberPreferencesInput,
  subscriberPreferencesInput,
} from './inputs.js';
import { refuseTeamNotices, requireSignature, subscriberRow } from './shared/subscriberAccess.js';

/**
 * A subscriber's (or contact's) delivery preferences (issue #12): a daily digest instead of the
 * per-update emails below the most severe level, quiet hours, and the time zone both are read
 * in. Through the API (write scope), or the subscriber's own signed manage link (`sig`).
 */
export async function setSubscriberPreferences(
  ctx: Ctx,
  id: string,
  raw: SubscriberPreferencesInput | unknown,
  link?: { sig: unknown },
): Promise<Subscriber> {
  if (link) requireSignature(ctx, 'manage', id, link.sig);
  const input = parseInput(subscriberPreferencesInput, raw);
  await inTransaction(ctx, { scope: link ? 'read' : 'write' }, async (tx) => {
    const row = await subscriberRow(tx.db, id);
    refuseTeamNotices(row);
    const set = {
      ...(input.digest !== undefined ? { digest: input.digest ? 1 : 0 } : {}),
      ...(input.quiet_hours !== undefined ? { quiet_hours: input.quiet_hours } : {}),
      ...(input.time_zone !== undefined ? { time_zone: input.time_zone } : {}),
    };
    if (Object.keys(set).length === 0) return;
    await tx.db
      .updateTable('subscribers')
      .set({ ...set, updated_at: tx.at })
      .where('id', '=', id)
      .execute();
    await tx.audit({
      action: 'subscriber.preferences',
      entityType: 'subscriber',
      entityId: id,
      before: {
        digest: Number(row.digest ?? 0) === 1,
        quiet_hours: row.quiet_hours ?? null,
        time_zone: row.time_zone,
      },
      after: input,
    });
  });
  return (await getSubscriber(ctx.store.db, id))!;
}
