/**
 * The status page's own Mastodon account (issue #13 part 3): each public update is posted as a
 * public status through masto, cut to 500 characters with the incident link; a later update of
 * the same incident answers the one before (in_reply_to_id), so the incident reads as a thread.
 * The delivery's key goes as Idempotency-Key, so a retry never posts twice. A 429 waits out its
 * Retry-After. Turned on with `PUT /api/v1/social/mastodon {post_updates: true}`.
 */
import { codePoints, POST_LIMITS, postText } from '../domain/socialPost.js';
import { masto } from './social/libs.js';
import { postFailure, postingAccount, postParts } from './social/post.js';
import { SOCIAL_TIMEOUT_MS, socialDispatcher } from './social/types.js';
import type { ChannelDescriptor } from './types.js';

export const mastodon: ChannelDescriptor = {
  name: 'mastodon',
  label: 'Mastodon',
  address: 'url',
  outboundUrl: false,
  chat: false,
  template: 'social',
  onThread: false,
  pageLevel: true,
  threads: true,
  icon: '<path d="M16 7.5c0-3-2-4-6-4s-6 1-6 4v4c0 4 2 5 5 5 1.5 0 3-.4 3-.4v-1.3s-1.4.4-3 .3c-1.6 0-2.2-.8-2.3-1.9 3 .7 6.3.4 7.7-.3 1.4-.8 1.6-2 1.6-3.4z"/>',
  create: (deps) => ({
    name: 'mastodon',
    prepare: (event) => postText(postParts(event), POST_LIMITS.mastodon.limit, codePoints),
    async send(prepared, to) {
      const account = postingAccount('mastodon', to, deps);
      if ('problem' in account)
        return { ok: false, provider: 'mastodon', error: account.problem, retryable: false };
      const { createRestAPIClient } = await masto();
      const client = createRestAPIClient({
        url: account.url,
        accessToken: account.secret,
        timeout: SOCIAL_TIMEOUT_MS,
        requestInit: {
          dispatcher: socialDispatcher(deps.config.allowPrivateNetwork),
        } as unknown as RequestInit,
      });
      try {
        const status = await client.v1.statuses.create(
          {
            status: String(prepared),
            visibility: 'public',
            ...(to.thread ? { inReplyToId: to.thread } : {}),
          },
          { requestInit: { headers: { 'Idempotency-Key': to.key } } },
        );
        return { ok: true, provider: 'mastodon', providerMessageId: status.id };
      } catch (err) {
        const res = (err as { cause?: unknown }).cause;
        return postFailure('mastodon', err, res instanceof Response ? res.headers : undefined);
      }
    },
  }),
};
