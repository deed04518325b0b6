/**
 * Keeps the answer a request with an Idempotency-Key got, so a repeat gets it again. Book-
 * keeping of the transport, not a change to the plan or the page: no audit row.
 */
import { answerIdempotencyKey, type KeyClaim } from '../store/writes/idempotency.js';

export type { KeyClaim };

import type { Ctx } from './context.js';

export async function rememberAnswer(
  ctx: Ctx,
  claim: KeyClaim,
  answer: { status: number; response: string; location?: string | null },
): Promise<void> {
  await answerIdempotencyKey(
    ctx.store.db,
    claim,
    { status: answer.status, response: answer.response, location: answer.location ?? null },
    ctx.clock.now().toISOString(),
  );
}
