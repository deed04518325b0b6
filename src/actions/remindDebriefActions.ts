/**
 * Debrief action items past their due time and still open: each owner is told once on their
 * internal channels (the row's overdue_notified_at is claimed in the same transaction, so a
 * timer that fires twice, or on two processes, tells them once). Run by the scheduler; returns
 * how many owners were told.
 */
import { type Ctx, inTransaction } from './context.js';
import { tellOwner } from './shared/debriefActions.js';

export async function remindDebriefActions(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const due = await ctx.store.db
    .selectFrom('debrief_actions')
    .select('id')
    .where('status', '=', 'open')
    .where('due_at', '<=', now)
    .where('overdue_notified_at', 'is', null)
    .orderBy('due_at')
    .limit(500)
    .execute();
  let told = 0;
  for (const { id } of due) {
    told += await inTransaction(ctx, { scope: 'write' }, async (tx) => {
      const claimed = await tx.db
        .updateTable('debrief_actions')
        .set({ overdue_notified_at: tx.at })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where('due_at', '<=', tx.at)
        .where('overdue_notified_at', 'is', null)
        .returning(['id', 'owner_id', 'incident_id', 'text', 'due_at'])
        .executeTakeFirst();
      if (!claimed) return 0; // done, moved or told meanwhile
      await tellOwner(ctx, tx.db, 'overdue', claimed, tx.at);
      await tx.audit({
        action: 'debrief.action.overdue',
        entityType: 'debrief_action',
        entityId: id,
        after: { owner_id: claimed.owner_id, due_at: claimed.due_at, told_at: tx.at },
      });
      return 1;
    });
  }
  return told;
}
