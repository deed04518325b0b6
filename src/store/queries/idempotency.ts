/** Idempotency keys: the stored first answer to a request, while it has not expired. */
import type { Db } from '../db.js';
import type { IdempotencyKeyTable } from '../schema.js';
import { UNANSWERED_MS } from '../writes/idempotency.js';

export type StoredAnswer = IdempotencyKeyTable;

export async function findIdempotencyKey(
  db: Db,
  client: string,
  key: string,
  now: Date,
): Promise<StoredAnswer | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('client', '=', client)
    .where('key', '=', key)
    .where('expires_at', '>', now.toISOString())
    .where((eb) =>
      eb.or([
        eb('status', 'is not', null),
        eb('created_at', '>', new Date(now.getTime() - UNANSWERED_MS).toISOString()),
      ]),
    )
    .executeTakeFirst();
}
