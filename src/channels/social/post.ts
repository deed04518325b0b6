/**
 * What the two posting channels (mastodon.ts, bluesky.ts in channels/) share: the account a
 * delivery posts as, the post's parts, and how a network's failure becomes a delivery result.
 * The account comes sealed in the page subscriber's `secret` (set when posting is turned on),
 * else from the environment (FLARE_MASTODON_*, FLARE_BLUESKY_*).
 */
import type { DeliveryEvent } from '../../domain/deliveryEvent.js';
import { parseRetryAfter } from '../../domain/retry.js';
import type { SocialKind, SocialSettings } from '../../domain/social.js';
import type { PostParts } from '../../domain/socialPost.js';
import { unseal } from '../../lib/secretBox.js';
import { chatSummary } from '../chat.js';
import type { ChannelDeps, Recipient, SendResult } from '../types.js';
import { failureText } from './types.js';

export const postingPurpose = (kind: SocialKind) => `social-post:${kind}`;

/** The account to post as, or a reason there is none. */
export function postingAccount(
  kind: SocialKind,
  to: Recipient,
  deps: ChannelDeps,
): SocialSettings | { problem: string } {
  if (to.secret) {
    if (!deps.secretKey) return { problem: 'the channel has no secret key to open the account' };
    try {
      const a = JSON.parse(unseal(deps.secretKey, postingPurpose(kind), to.secret));
      return { kind, url: a.url, handle: a.handle ?? null, secret: a.secret };
    } catch (err) {
      return { problem: (err as Error).message };
    }
  }
  const env = deps.config.social?.[kind];
  return env ?? { problem: `no ${kind} account is configured (PUT /api/v1/social/${kind})` };
}

export function postParts(event: DeliveryEvent): PostParts {
  const s = chatSummary(event, 'social');
  return { title: s.title, status: s.status, body: s.body, url: s.url };
}

/** Retry-After (seconds or an HTTP date); else a reset time in epoch seconds (Bluesky's RateLimit-Reset). */
export function retryAfterMs(
  headers: { get(name: string): string | null } | undefined,
  now = new Date(),
): number | undefined {
  const after = parseRetryAfter(headers?.get('retry-after'), now);
  if (after !== undefined) return after;
  const reset = Number(headers?.get('ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0
    ? Math.max(0, reset * 1000 - now.getTime())
    : undefined;
}

/** A network's answer as a delivery result: 429 waits, a refused token or post stops, the rest retries. */
export function postFailure(
  provider: string,
  err: unknown,
  headers?: { get(name: string): string | null },
): SendResult {
  const e = err as { statusCode?: number; status?: number };
  const status = e?.statusCode ?? e?.status;
  const error = failureText(err);
  if (status === 429)
    return { ok: false, provider, error, retryable: true, retryAfterMs: retryAfterMs(headers) };
  if (status === 401 || status === 403)
    return {
      ok: false,
      provider,
      error: `${error} (check the account's token or app password)`,
      retryable: false,
    };
  if (status && status >= 400 && status < 500 && status !== 408)
    return { ok: false, provider, error, retryable: false };
  return { ok: false, provider, error, retryable: true };
}
