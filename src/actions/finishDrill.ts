/** Ends a drill: it is marked resolved and stays private (a draft, never published). Audited. */
import { notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';
import { addTimeline } from './shared/team.js';

export async function finishDrill(
  ctx: Ctx,
  id: string,
  result: Record<string, unknown> = {},
): Promise<void> {
  await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const before = await tx.db
      .selectFrom('incidents')
      .select(['id', 'status', 'resolved_at'])
      .where('id', '=', id)
      .where('drill', '=', 1)
      .executeTakeFirst();
    if (!before) throw notFound('drill', id);
    if (before.resolved_at) return;
    await tx.db
      .updateTable('incidents')
      .set({ status: 'resolved', resolved_at: tx.at, updated_at: tx.at, next_update_at: null })
      .where('id', '=', id)
      .execute();
    await addTimeline(tx.db, id, 'system', 'Drill finished and marked resolved.', 'flare', tx.at);
    await tx.audit({
      action: 'drill.finish',
      entityType: 'incident',
      entityId: id,
      before: { status: before.status },
      after: { status: 'resolved', ...result },
    });
  });
}
