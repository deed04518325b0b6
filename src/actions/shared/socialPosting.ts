/**
 * The page-level subscriber a social account's posts are delivered to (issue #13 part 3). While
 * posting is on it is active, its address is the account (for the delivery report), and its
 * `secret` carries the account sealed for the posting channel; turned off or forgotten, it is
 * disabled, so its delivery history stays.
 */
import { postingPurpose } from '../../channels/social/post.js';
import type { SocialKind, SocialSettings } from '../../domain/social.js';
import { newId } from '../../lib/ids.js';
import { seal } from '../../lib/secretBox.js';
import type { Db } from '../../store/db.js';

export async function syncPostingSubscriber(
  db: Db,
  secretKey: Buffer,
  kind: SocialKind,
  account: SocialSettings | null,
  at: string,
): Promise<string | null> {
  const key = `page:${kind}`;
  const have = await db
    .selectFrom('subscribers')
    .select('id')
    .where('channel', '=', kind)
    .where('address_key', '=', key)
    .executeTakeFirst();
  if (!account) {
    if (have)
      await db
        .updateTable('subscribers')
        .set({ state: 'disabled', disabled_reason: 'posting turned off', updated_at: at })
        .where('id', '=', have.id)
        .execute();
    return have?.id ?? null;
  }
  const values = {
    address: account.handle || account.url,
    secret: seal(
      secretKey,
      postingPurpose(kind),
      JSON.stringify({ url: account.url, handle: account.handle, secret: account.secret }),
    ),
    state: 'active',
    disabled_reason: null,
    consecutive_failures: 0,
    updated_at: at,
  };
  if (have) {
    await db.updateTable('subscribers').set(values).where('id', '=', have.id).execute();
    return have.id;
  }
  const id = newId();
  await db
    .insertInto('subscribers')
    .values({
      id,
      channel: kind,
      address_key: key,
      all_components: 1,
      confirm_code_hash: null,
      confirm_attempts: 0,
      contact_email: null,
      locale: 'en',
      time_zone: null,
      audience: 'public',
      source: 'social',
      created_at: at,
      confirmed_at: at,
      unsubscribed_at: null,
      person_id: null,
      ...values,
    })
    .execute();
  return id;
}
