/**
 * Records when a token was last used (the API, a console session), so the Tokens screen can
 * show which tokens are still in use. Book-keeping, not a change to the plan or the page: no
 * audit row. At most one write per token a minute, so a busy API client costs nothing.
 */
import type { Ctx } from './context.js';

/** How stale `last_used_at` may get before a use writes it again. */
export const TOKEN_USE_EVERY_MS = 60_000;

/** True when a use at `now` should be written (never written, or written over a minute ago). */
export function tokenUseIsStale(lastUsedAt: string | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - Date.parse(lastUsedAt) >= TOKEN_USE_EVERY_MS;
}

/**
 * Records a use of a token last used at `lastUsedAt`, when that is stale. Never throws: a failed
 * write is only book-keeping, so it is reported to `warn` and the request goes on.
 */
export async function markTokenUsed(
  ctx: Ctx,
  token: { id: string; lastUsedAt: string | null },
  warn: (err: unknown) => void,
): Promise<void> {
  const at = ctx.clock.now();
  if (!tokenUseIsStale(token.lastUsedAt, at)) return;
  const before = new Date(at.getTime() - TOKEN_USE_EVERY_MS).toISOString();
  await ctx.store.db
    .updateTable('api_tokens')
    .set({ last_used_at: at.toISOString() })
    .where('id', '=', token.id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', before)]))
    .execute()
    .catch(warn);
}
