import { hashToken } from '../store/queries/tokens.js';
import { type Ctx, inTransaction } from './context.js';

/**
 * Spends a console sign-in code: one conditional UPDATE, so two requests racing with the same
 * code cannot both win. Returns the token it signs in as, or null when the code is unknown,
 * used or expired (the caller does not learn which).
 */
export async function redeemSigninCode(ctx: Ctx, code: string): Promise<string | null> {
  if (!/^fsc_[A-Za-z0-9_-]{10,64}$/.test(code)) return null;
  return inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const row = await tx.db
      .updateTable('signin_codes')
      .set({ used_at: tx.at })
      .where('code_hash', '=', hashToken(code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', tx.at)
      .returning(['id', 'token_id'])
      .executeTakeFirst();
    if (!row) return null;
    await tx.audit({
      action: 'signin_code.use',
      entityType: 'signin_code',
      entityId: row.id,
      after: { token_id: row.token_id },
    });
    return row.token_id;
  });
}
