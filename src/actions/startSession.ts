import { newId } from '../lib/ids.js';
import { type Ctx, inTransaction } from './context.js';

/** Records a console session for a token, so it can be ended on the server. */
export async function startSession(
  ctx: Ctx,
  tokenId: string,
  hours: number,
): Promise<{ id: string; expiresAt: string }> {
  return inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const id = newId();
    const expiresAt = new Date(Date.parse(tx.at) + hours * 3_600_000).toISOString();
    await tx.db
      .insertInto('console_sessions')
      .values({ id, token_id: tokenId, created_at: tx.at, expires_at: expiresAt, ended_at: null })
      .execute();
    await tx.audit({
      action: 'session.start',
      entityType: 'console_session',
      entityId: id,
      after: { token_id: tokenId, expires_at: expiresAt },
    });
    return { id, expiresAt };
  });
}
