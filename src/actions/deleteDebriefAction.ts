/** Removes a debrief action item added by mistake (issue #14). Audited with what it was. */
import { notFound } from '../domain/errors.js';
import { getDebriefAction } from '../store/queries/debriefActions.js';
import { type Ctx, inTransaction } from './context.js';

export async function deleteDebriefAction(ctx: Ctx, id: string): Promise<{ deleted: string }> {
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const before = await getDebriefAction(tx.db, id);
    if (!before) throw notFound('action item', id);
    await tx.db.deleteFrom('debrief_actions').where('id', '=', id).execute();
    await tx.audit({
      action: 'debrief.action.delete',
      entityType: 'debrief_action',
      entityId: id,
      before,
    });
    return { deleted: id };
  });
}
