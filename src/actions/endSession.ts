import { type Ctx, inTransaction } from './context.js';

/** Ends a console session on the server: its cookie no longer works, even if replayed. */
export async function endSession(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const ended = await tx.db
      .updateTable('console_sessions')
      .set({ ended_at: tx.at })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (ended)
      await tx.audit({ action: 'session.end', entityType: 'console_session', entityId: id });
  });
}
