import { invalid, notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';

/**
 * Moves a component (or a group) one place up or down among its siblings: the top-level
 * components and groups, or the components of one group. Siblings are renumbered 1..n in page
 * order first, so ties in `position` cannot make a move do nothing.
 */
export async function moveComponent(
  ctx: Ctx,
  id: string,
  direction: 'up' | 'down' | string,
): Promise<{ moved: boolean }> {
  if (direction !== 'up' && direction !== 'down')
    throw invalid({ direction: 'must be up or down' });
  return inTransaction(ctx, { scope: 'write', changes: 'component' }, async (tx) => {
    const me = await tx.db
      .selectFrom('components')
      .select(['id', 'group_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!me) throw notFound('component', id);
    let q = tx.db.selectFrom('components').select(['id', 'position']);
    q = me.group_id ? q.where('group_id', '=', me.group_id) : q.where('group_id', 'is', null);
    const siblings = await q.orderBy('position').orderBy('created_at').orderBy('id').execute();
    const order = siblings.map((s) => s.id);
    const i = order.indexOf(id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= order.length) return { moved: false };
    const before = siblings.map((s) => ({ id: s.id, position: Number(s.position) }));
    [order[i], order[j]] = [order[j], order[i]];
    for (const [k, sid] of order.entries()) {
      if (before[k].id === sid && before[k].position === k + 1) continue;
      await tx.db
        .updateTable('components')
        .set({ position: k + 1, updated_at: tx.at })
        .where('id', '=', sid)
        .execute();
    }
    await tx.audit({
      action: 'component.move',
      entityType: 'component',
      entityId: id,
      before: { direction, order: before },
      after: { order: order.map((sid, k) => ({ id: sid, position: k + 1 })) },
    });
    return { moved: true };
  });
}
