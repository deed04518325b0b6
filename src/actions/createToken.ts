import { randomBytes } from 'node:crypto';
import type { TokenScope } from '../domain/types.js';
import { newId } from '../lib/ids.js';
import type { Token } from '../store/queries/models.js';
import { hashToken } from '../store/queries/tokens.js';
import { type Ctx, inTransaction } from './context.js';
import { createTokenInput, parseInput } from './inputs.js';

/** Creates an API token. The secret is returned once; only its hash is stored. */
export async function createToken(
  ctx: Ctx,
  raw: { name: string; scope: TokenScope } | unknown,
): Promise<{ token: Token; secret: string }> {
  const input = parseInput(createTokenInput, raw);
  const secret = `flare_${randomBytes(24).toString('base64url')}`;
  const token = await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const row = {
      id: newId(),
      name: input.name,
      scope: input.scope,
      token_hash: hashToken(secret),
      created_at: tx.at,
      last_used_at: null,
      revoked_at: null,
    };
    await tx.db.insertInto('api_tokens').values(row).execute();
    const { token_hash: _hash, ...shown } = row;
    await tx.audit({ action: 'token.create', entityType: 'token', entityId: row.id, after: shown });
    return { ...shown, scope: input.scope };
  });
  return { token, secret };
}
