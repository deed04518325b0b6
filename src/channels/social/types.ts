/**
 * An inbound social source: reads the mentions of one of the status page's accounts, newer than
 * a cursor, through the network's own client library. One descriptor per network (mastodon.ts,
 * bluesky.ts), one line in registry.ts.
 */
import type { Mention, SocialKind, SocialSettings } from '../../domain/social.js';
import { assertPublicUrl, BlockedAddressError, outboundAgent, resolvesPrivate } from '../net.js';

export interface PollLimits {
  /** mentions asked for per request */
  pageSize: number;
  /** requests per poll: the bound on one run */
  pages: number;
  /** with no cursor yet, mentions older than this are skipped (not the account's whole history) */
  notBefore: string;
}

/** A batch of mentions, oldest first, and the cursor to keep once all of them are stored. */
export interface MentionPage {
  mentions: Mention[];
  cursor: string | null;
}

export interface SocialSource {
  kind: SocialKind;
  /** Yields pages oldest first; throws on a network, server or credentials failure. */
  mentions(
    account: SocialSettings,
    cursor: string | null,
    limits: PollLimits,
    opts: { allowPrivateNetwork: boolean },
  ): AsyncIterable<MentionPage>;
}

/** Requests time out after this long, so one slow server cannot hold the scheduler. */
export const SOCIAL_TIMEOUT_MS = 15_000;

const agents = new Map<boolean, ReturnType<typeof outboundAgent>>();
/** The SSRF-guarded connection pool (net.ts) for the client libraries' fetch. */
export function socialDispatcher(allowPrivate: boolean) {
  let a = agents.get(allowPrivate);
  if (!a) {
    a = outboundAgent(allowPrivate, 8);
    agents.set(allowPrivate, a);
  }
  return a;
}

/** A failure as one line for last_error: the HTTP status when there is one, never a secret. */
export function failureText(err: unknown): string {
  const e = err as { statusCode?: number; status?: number; message?: string; cause?: unknown };
  const status = e?.statusCode ?? e?.status;
  const cause = (e?.cause as { message?: string } | undefined)?.message;
  let msg = String(e?.message ?? err);
  if (cause && !msg.includes(cause)) msg = `${msg} (${cause})`;
  return (status && !msg.startsWith(String(status)) ? `${status}: ${msg}` : msg).slice(0, 500);
}

/**
 * A Mastodon instance or Bluesky service URL as kept: its origin. https only, unless
 * FLARE_ALLOW_PRIVATE_NETWORK (tests, closed networks) also lets http and private addresses in.
 * Returns the problem as text, or the origin.
 */
export async function checkSocialUrl(
  raw: string,
  allowPrivate: boolean,
  /** the kind of server, for the example in the problem */
  example = 'https://mastodon.social',
): Promise<{ url: string } | { problem: string }> {
  let url: URL;
  try {
    url = assertPublicUrl(raw, allowPrivate);
  } catch (err) {
    return {
      problem:
        err instanceof BlockedAddressError
          ? 'points at a private or loopback address (set FLARE_ALLOW_PRIVATE_NETWORK=1 to allow it)'
          : `must be an https URL such as ${example}`,
    };
  }
  if (url.protocol !== 'https:' && !allowPrivate)
    return {
      problem: 'must be an https URL (http is allowed only with FLARE_ALLOW_PRIVATE_NETWORK=1)',
    };
  if (url.username || url.password) return { problem: 'must not carry a user name or password' };
  if (!allowPrivate && (await resolvesPrivate(url.href)))
    return {
      problem:
        'resolves to a private or loopback address (set FLARE_ALLOW_PRIVATE_NETWORK=1 to allow it)',
    };
  return { url: url.origin };
}
