import { randomBytes } from 'node:crypto';
import { invalid } from '../domain/errors.js';
import { SIGNIN_TOKEN_NAME } from '../domain/tokenNames.js';
import { newId } from '../lib/ids.js';
import { hashToken } from '../store/queries/tokens.js';
import { type Ctx, inTransaction } from './context.js';

/** How long a console sign-in code works, unless asked otherwise. */
export const SIGNIN_CODE_MINUTES = 10;

/** The admin token that codes made without one sign in as; its secret is never shown. */
export { SIGNIN_TOKEN_NAME };

export interface SigninCode {
  code: string;
  expiresAt: string;
  tokenId: string;
}

/**
 * Makes a one-time console sign-in code (stored hashed) that signs in as `tokenId`, or as the
 * standing admin token kept for sign-in codes. It works once, for `minutes`.
 */
export async function createSigninCode(
  ctx: Ctx,
  opts: { tokenId?: string; minutes?: number } = {},
): Promise<SigninCode> {
  const minutes = opts.minutes ?? SIGNIN_CODE_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60)
    throw invalid({ minutes: 'must be a whole number of minutes from 1 to 1440' });
  const code = `fsc_${randomBytes(18).toString('base64url')}`;
  return inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    let tokenId = opts.tokenId;
    if (tokenId) {
      const t = await tx.db
        .selectFrom('api_tokens')
        .select(['id', 'scope', 'revoked_at'])
        .where('id', '=', tokenId)
        .executeTakeFirst();
      if (!t || t.revoked_at || t.scope === 'read')
        throw invalid({ token: 'must be a live token with write or admin scope' });
    } else {
      const standing = await tx.db
        .selectFrom('api_tokens')
        .select('id')
        .where('name', '=', SIGNIN_TOKEN_NAME)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      tokenId = standing?.id ?? newId();
      if (!standing) {
        // nobody ever holds this token's secret: it only names the sessions codes start
        const row = {
          id: tokenId,
          name: SIGNIN_TOKEN_NAME,
          scope: 'admin',
          token_hash: hashToken(`unusable:${randomBytes(32).toString('hex')}`),
          created_at: tx.at,
          last_used_at: null,
          revoked_at: null,
        };
        await tx.db.insertInto('api_tokens').values(row).execute();
        const { token_hash: _h, ...shown } = row;
        await tx.audit({
          action: 'token.create',
          entityType: 'token',
          entityId: tokenId,
          after: shown,
        });
      }
    }
    const expiresAt = new Date(Date.parse(tx.at) + minutes * 60_000).toISOString();
    const id = newId();
    await tx.db
      .insertInto('signin_codes')
      .values({
        id,
        code_hash: hashToken(code),
        token_id: tokenId,
        created_at: tx.at,
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    await tx.audit({
      action: 'signin_code.create',
      entityType: 'signin_code',
      entityId: id,
      after: { token_id: tokenId, expires_at: expiresAt },
    });
    return { code, expiresAt, tokenId };
  });
}
