import { randomBytes } from 'node:crypto';
import type { Ctx } from './context.js';
import { inTransaction } from './context.js';

/**
 * The key that signs subscriber links. FLARE_SECRET_KEY wins; otherwise one is made on first
 * start and kept in the database, so links stay valid across restarts and instances.
 */
export async function ensureSecretKey(ctx: Ctx, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
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
