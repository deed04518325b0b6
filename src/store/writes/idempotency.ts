/** Writes of idempotency keys: claimed inside the creating transaction, answered after it. */
import type { Db } from '../db.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim never answered this long (the request failed after its first transaction) is let go. */
export const UNANSWERED_MS = 60_000;

export interface KeyClaim {
  client: string;
  key: string;
  requestHash: string;
}

/**
 * Claims a key in the caller's transaction (so it commits or rolls back with the creation),
 * dropping expired keys first. A concurrent claim of the same key fails on the primary key.
 */
export async function claimIdempotencyKey(trx: Db, c: KeyClaim, at: string): Promise<void> {
  await trx.deleteFrom('idempotency_keys').where('expires_at', '<=', at).execute();
  await trx
    .deleteFrom('idempotency_keys')
    .where('client', '=', c.client)
    .where('key', '=', c.key)
    .where('status', 'is', null)
    .where('created_at', '<=', new Date(Date.parse(at) - UNANSWERED_MS).toISOString())
    .execute();
  await trx
    .insertInto('idempotency_keys')
    .values({
      client: c.client,
      key: c.key,
      request_hash: c.requestHash,
      status: null,
      response: null,
      location: null,
      created_at: at,
      expires_at: new Date(Date.parse(at) + IDEMPOTENCY_TTL_MS).toISOString(),
    })
    .execute();
}

/** Stores the answer the first request got; inserts the key when the request claimed none. */
export async function answerIdempotencyKey(
  db: Db,
  c: KeyClaim,
  answer: { status: number; response: string; location: string | null },
  at: string,
): Promise<void> {
  const r = await db
    .updateTable('idempotency_keys')
    .set(answer)
    .where('client', '=', c.client)
    .where('key', '=', c.key)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows)) return;
  await db
    .insertInto('idempotency_keys')
    .values({
      client: c.client,
      key: c.key,
      request_hash: c.requestHash,
      ...answer,
      created_at: at,
      expires_at: new Date(Date.parse(at) + IDEMPOTENCY_TTL_MS).toISOString(),
    })
    .onConflict((oc) => oc.columns(['client', 'key']).doNothing())
    .execute();
}
