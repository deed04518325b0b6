import { createHash } from 'node:crypto';
import type { TokenScope } from '../../domain/types.js';
import type { Db } from '../db.js';
import type { Token } from './models.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function findTokenBySecret(db: Db, secret: string): Promise<Token | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
    .where('token_hash', '=', hashToken(secret))
    .executeTakeFirst();
  return row ? { ...row, scope: row.scope as TokenScope } : undefined;
}

export async function listTokens(db: Db): Promise<Token[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ ...r, scope: r.scope as TokenScope }));
}

export async function getToken(db: Db, id: string): Promise<Token | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...row, scope: row.scope as TokenScope } : undefined;
}
