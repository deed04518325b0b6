/**
 * Disconnects a monitor: its URL stops working at once. The drafts and incidents it opened, and
 * the alerts it sent, stay. Admin; audited.
 */
import { notFound } from '../domain/errors.js';
import { getIntegration } from '../store/queries/alertIntegrations.js';
import { type Ctx, inTransaction } from './context.js';

export async function deleteIntegration(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await getIntegration(tx.db, id);
    if (!before) throw notFound('integration', id);
    await tx.db.deleteFrom('alert_integrations').where('id', '=', id).execute();
    // its open groups close: nothing more can arrive for them
    await tx.db
      .updateTable('alert_groups')
      .set({ open_key: null, state: 'closed', updated_at: tx.at })
      .where('integration_id', '=', id)
      .where('open_key', 'is not', null)
      .execute();
    await tx.audit({
      action: 'integration.delete',
      entityType: 'alert_integration',
      entityId: id,
      before: { name: before.name, kind: before.kind, mapping: before.mapping },
    });
  });
}
