import { type Ctx, inTransaction } from './context.js';
import { auditView, subscriberRow } from './shared/subscriberAccess.js';

/** Removes a subscriber and their choices. Past deliveries stay, as the record of what was sent. */
export async function deleteSubscriber(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const row = await subscriberRow(tx.db, id);
    const components = await tx.db
      .selectFrom('subscriber_components')
      .select('component_id')
      .where('subscriber_id', '=', id)
      .execute();
    await tx.db.deleteFrom('subscriber_components').where('subscriber_id', '=', id).execute();
    await tx.db.deleteFrom('subscribers').where('id', '=', id).execute();
    await tx.audit({
      action: 'subscriber.delete',
      entityType: 'subscriber',
      entityId: id,
      before: { ...auditView(row), components: components.map((c) => c.component_id) },
    });
  });
}
