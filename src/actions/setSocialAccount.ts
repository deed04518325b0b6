/**
 * Creates or replaces one of the status page's social accounts (issue #11): the Mastodon instance
 * and access token, or the Bluesky handle and app password. The secret is sealed before it is
 * stored and is never returned or audited. A new instance or handle starts reading afresh.
 */
import { checkSocialUrl } from '../channels/social/types.js';
import { type FieldErrors, invalid } from '../domain/errors.js';
import { BLUESKY_DEFAULT_SERVICE, type SocialKind, type SocialSettings } from '../domain/social.js';
import { newId } from '../lib/ids.js';
import { seal, unseal } from '../lib/secretBox.js';
import {
  getSocialAccount,
  getSocialAccountRow,
  type SocialAccountView,
} from '../store/queries/social.js';
import { type Ctx, inTransaction, requireScope } from './context.js';
import { parseInput } from './inputs.js';
import { syncPostingSubscriber } from './shared/socialPosting.js';
import { socialAccountInput } from './socialInputs.js';

export const sealPurpose = (kind: SocialKind) => `social:${kind}`;

const BLUESKY_HANDLE =
  /^(did:[a-z]+:[a-zA-Z0-9._:%-]+|([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*)$/i;
const MASTODON_HANDLE = /^@?[a-z0-9_.-]+(@[a-z0-9.-]+)?$/i;

export async function setSocialAccount(
  ctx: Ctx,
  kind: SocialKind,
  raw: unknown,
  env?: SocialSettings,
): Promise<{ account: SocialAccountView; created: boolean }> {
  requireScope(ctx.actor, 'admin');
  const input = parseInput(socialAccountInput, raw);
  const before = await getSocialAccountRow(ctx.store.db, kind);
  const stored = before?.credentials ? before : undefined;
  const errors: FieldErrors = {};
  const secretField = kind === 'mastodon' ? 'access_token' : 'app_password';
  if (kind === 'mastodon' && input.app_password !== undefined)
    errors.app_password = 'is for Bluesky; a Mastodon account takes access_token';
  if (kind === 'bluesky' && input.access_token !== undefined)
    errors.access_token = 'is for Mastodon; a Bluesky account takes app_password';

  let url = input.url ?? stored?.url ?? (kind === 'bluesky' ? BLUESKY_DEFAULT_SERVICE : null);
  if (!url) errors.url = 'is required: the Mastodon instance, e.g. https://mastodon.social';
  else {
    const checked = await checkSocialUrl(
      url,
      ctx.allowPrivateNetwork === true,
      kind === 'bluesky' ? BLUESKY_DEFAULT_SERVICE : undefined,
    );
    if ('problem' in checked) errors.url = checked.problem;
    else url = checked.url;
  }

  let handle = input.handle ?? stored?.handle ?? null;
  if (handle && kind === 'bluesky') {
    handle = handle.replace(/^@/, '').toLowerCase();
    if (!BLUESKY_HANDLE.test(handle))
      errors.handle = 'must be a Bluesky handle such as status.example.com (or the account DID)';
  } else if (handle) {
    if (!MASTODON_HANDLE.test(handle))
      errors.handle = 'must be a Mastodon handle such as @status@mastodon.social';
    else handle = `@${handle.replace(/^@/, '')}`;
  } else if (kind === 'bluesky')
    errors.handle = 'is required: the account handle, e.g. status.example.com';

  const secret = kind === 'mastodon' ? input.access_token : input.app_password;
  const sameAccount = !!stored && stored.url === url && stored.handle === handle;
  if (!secret && !sameAccount)
    errors[secretField] = stored
      ? `is required again when the ${kind === 'mastodon' ? 'instance' : 'service or handle'} changes`
      : `is required: ${kind === 'mastodon' ? 'an access token with the read:notifications scope' : 'an app password'}`;
  if (Object.keys(errors).length) throw invalid(errors);

  const created = await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const row = await getSocialAccountRow(tx.db, kind);
    if (!secret && !row?.credentials)
      throw invalid({ [secretField]: 'is required: the stored one was removed meanwhile' });
    const credentials = secret ? seal(ctx.secretKey, sealPurpose(kind), secret) : row!.credentials;
    // the cursor belongs to the account it was read from: another one starts afresh
    const effective = row?.credentials ? row : env;
    const same = !!effective && effective.url === url && (effective.handle ?? null) === handle;
    const values = {
      url,
      handle,
      credentials,
      enabled: input.enabled === undefined ? (row?.enabled ?? 1) : input.enabled ? 1 : 0,
      poll_cursor: same ? (row?.poll_cursor ?? null) : null,
      last_error: same ? (row?.last_error ?? null) : null,
      last_error_at: same ? (row?.last_error_at ?? null) : null,
      updated_at: tx.at,
    };
    const post = input.post_updates ?? (row ? Number(row.post_updates) === 1 : false);
    const plain = secret ?? unseal(ctx.secretKey, sealPurpose(kind), credentials!);
    const subscriberId = await syncPostingSubscriber(
      tx.db,
      ctx.secretKey,
      kind,
      post ? { kind, url: url!, handle, secret: plain } : null,
      tx.at,
    );
    const all = { ...values, post_updates: post ? 1 : 0, subscriber_id: subscriberId };
    if (row) await tx.db.updateTable('social_accounts').set(all).where('id', '=', row.id).execute();
    else
      await tx.db
        .insertInto('social_accounts')
        .values({ id: newId(ctx.clock.now().getTime()), kind, created_at: tx.at, ...all })
        .execute();
    const shown = (r: {
      url: string | null;
      handle: string | null;
      enabled: number;
      poll_cursor: string | null;
    }) => ({
      url: r.url,
      handle: r.handle,
      enabled: Number(r.enabled) === 1,
      poll_cursor: r.poll_cursor,
    });
    await tx.audit({
      action: row ? 'social.account.update' : 'social.account.create',
      entityType: 'social_account',
      entityId: kind,
      before: row
        ? { ...shown(row), credentials: row.credentials ? 'stored' : 'environment' }
        : undefined,
      after: { ...shown(values), post_updates: post, credentials: secret ? 'replaced' : 'kept' },
    });
    return !row;
  });
  return { account: (await getSocialAccount(ctx.store.db, kind, env))!, created };
}
