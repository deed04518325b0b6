/**
 * Forgets a social account's stored settings, credentials and polling state. When the
 * environment also names the account (FLARE_MASTODON_*, FLARE_BLUESKY_*), polling goes on
 * with those settings, from a fresh cursor (mentions already taken in are not taken again).
 */
import { notFound } from '../domain/errors.js';
import type { SocialKind } from '../domain/social.js';
import { type Ctx, inTransaction } from './context.js';
import { syncPostingSubscriber } from './shared/socialPosting.js';

export async function deleteSocialAccount(ctx: Ctx, kind: SocialKind): Promise<void> {
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('social_accounts')
      .select(['url', 'handle', 'enabled', 'credentials'])
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (!before) throw notFound('social account', kind);
    await tx.db.deleteFrom('social_accounts').where('kind', '=', kind).execute();
    await syncPostingSubscriber(tx.db, ctx.secretKey, kind, null, tx.at);
    await tx.audit({
      action: 'social.account.delete',
      entityType: 'social_account',
      entityId: kind,
      before: {
        url: before.url,
        handle: before.handle,
        enabled: Number(before.enabled) === 1,
        credentials: before.credentials ? 'stored' : 'environment',
      },
    });
  });
}
