import { getSubscriber, type Subscriber } from '../store/queries/subscribers.js';
import { type Ctx, inTransaction } from './context.js';
import { checkComponents } from './createSubscriber.js';
import { parseInput, type UpdateSubscriptionInput, updateSubscriptionInput } from './inputs.js';
import {
  refuseTeamNotices,
  requireSignature,
  setComponents,
  subscriberRow,
} from './shared/subscriberAccess.js';

/**
 * A subscriber changes what they hear about, through the signed manage link: every component
 * (including ones added later) or the ones they pick.
 */
export async function updateSubscription(
  ctx: Ctx,
  id: string,
  sig: unknown,
  raw: UpdateSubscriptionInput | unknown,
): Promise<Subscriber> {
  requireSignature(ctx, 'manage', id, sig);
  const input = parseInput(updateSubscriptionInput, raw);
  const components = input.all ? [] : [...new Set(input.components ?? [])];
  await inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const row = await subscriberRow(tx.db, id);
    refuseTeamNotices(row);
    await checkComponents(tx.db, components);
    const before = await tx.db
      .selectFrom('subscriber_components')
      .select('component_id')
      .where('subscriber_id', '=', id)
      .execute();
    await tx.db
      .updateTable('subscribers')
      .set({ all_components: components.length ? 0 : 1, updated_at: tx.at })
      .where('id', '=', id)
      .execute();
    await setComponents(tx.db, id, components);
    await tx.audit({
      action: 'subscriber.update',
      entityType: 'subscriber',
      entityId: id,
      before: {
        components: row.all_components ? 'all' : before.map((b) => b.component_id),
      },
      after: { components: components.length ? components : 'all' },
    });
  });
  return (await getSubscriber(ctx.store.db, id))!;
}
