/** Idempotency keys: the stored first answer to a request, while it has not expired. */
import type { Db } from '../db.js';
import type { IdempotencyKeyTable } from '../schema.js';

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
    .executeTakeFirst();
}
