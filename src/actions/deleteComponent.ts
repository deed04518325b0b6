import { notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';

/**
 * Deletes a component. Deleting a group moves its components to the top level. The status
 * history stays, so past uptime and the audit trail remain intact.
 */
export async function deleteComponent(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, { scope: 'write', changes: 'component' }, async (tx) => {
    const before = await tx.db
      .selectFrom('components')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw notFound('component', id);
    if (before.is_group) {
      await tx.db
        .updateTable('components')
        .set({ group_id: null, updated_at: tx.at })
        .where('group_id', '=', id)
        .execute();
    }
    await tx.db.deleteFrom('incident_components').where('component_id', '=', id).execute();
    await tx.db.deleteFrom('components').where('id', '=', id).execute();
    await tx.audit({ action: 'component.delete', entityType: 'component', entityId: id, before });
  });
}
