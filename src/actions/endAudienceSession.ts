import { hashToken } from '../store/queries/tokens.js';
import { type Ctx, inTransaction } from './context.js';
import { AUDIENCE_TOKEN } from './redeemAudienceLink.js';

/** Signs a reader out of a private audience page: the session's cookie stops working at once. */
export async function endAudienceSession(ctx: Ctx, key: string, token: string): Promise<void> {
  if (!AUDIENCE_TOKEN.test(token)) return;
  await inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const ended = await tx.db
      .updateTable('audience_sessions')
      .set({ used_at: tx.at })
      .where('token_hash', '=', hashToken(token))
      .where('kind', '=', 'session')
      .where('audience_key', '=', key)
      .where('used_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (ended)
      await tx.audit({
        action: 'audience_session.end',
        entityType: 'audience_session',
        entityId: ended.id,
      });
  });
}
