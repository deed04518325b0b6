import type { TokenScope } from '../../domain/types.js';
import type { Db } from '../db.js';

export interface SessionRow {
  id: string;
  expires_at: string;
  ended_at: string | null;
  token_id: string;
  token_name: string;
  scope: TokenScope;
  revoked_at: string | null;
  /** when the token was last used (the API or a console session) */
  last_used_at: string | null;
}

/** A console session with the token it was made from. */
export async function getSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const row = await db
    .selectFrom('console_sessions as s')
    .innerJoin('api_tokens as t', 't.id', 's.token_id')
    .select([
      's.id',
      's.expires_at',
      's.ended_at',
      's.token_id',
      't.name as token_name',
      't.scope',
      't.revoked_at',
      't.last_used_at',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  return row ? { ...row, scope: row.scope as TokenScope } : undefined;
}
