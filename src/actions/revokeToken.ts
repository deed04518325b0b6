import { notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';

export async function revokeToken(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'scope', 'revoked_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw notFound('token', id);
    await tx.db.updateTable('api_tokens').set({ revoked_at: tx.at }).where('id', '=', id).execute();
    await tx.audit({
      action: 'token.revoke',
      entityType: 'token',
      entityId: id,
      before,
      after: { ...before, revoked_at: tx.at },
    });
  });
}
