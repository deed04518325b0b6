import { randomBytes } from 'node:crypto';
import type { Ctx } from './context.js';
import { inTransaction } from './context.js';

/** The shortest FLARE_SECRET_KEY accepted, in bytes: as long as the key Flare makes itself. */
export const MIN_SECRET_KEY_BYTES = 32;

/**
 * FLARE_SECRET_KEY as a key, or undefined when it is not set. A set but empty or short key
 * is refused: links signed with it could be forged.
 */
export function secretKeyFromEnv(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const key = Buffer.from(value, 'utf8');
  if (key.length < MIN_SECRET_KEY_BYTES) {
    throw new Error(
      `FLARE_SECRET_KEY must be at least ${MIN_SECRET_KEY_BYTES} bytes long (it is ${key.length}); ` +
        'unset it to let Flare make one and keep it in the database',
    );
  }
  return key;
}

/**
 * The key that signs subscriber links. FLARE_SECRET_KEY wins; otherwise one is made on first
 * start and kept in the database, so links stay valid across restarts and instances.
 */
export async function ensureSecretKey(ctx: Ctx, fromEnv: string | undefined): Promise<Buffer> {
  const given = secretKeyFromEnv(fromEnv);
  if (given) return given;
  const have = await ctx.store.db
    .selectFrom('flare_meta')
    .select('value')
    .where('key', '=', 'secret_key')
    .executeTakeFirst();
  if (have) return Buffer.from(have.value, 'base64');
  const value = randomBytes(32).toString('base64');
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const again = await tx.db
      .selectFrom('flare_meta')
      .select('value')
      .where('key', '=', 'secret_key')
      .executeTakeFirst();
    if (again) return;
    await tx.db.insertInto('flare_meta').values({ key: 'secret_key', value }).execute();
    await tx.audit({
      action: 'system.secret_key.create',
      entityType: 'system',
      entityId: 'secret_key',
    });
  });
  const row = await ctx.store.db
    .selectFrom('flare_meta')
    .select('value')
    .where('key', '=', 'secret_key')
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64');
}
