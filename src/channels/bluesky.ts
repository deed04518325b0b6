/**
 * The status page's own Bluesky account (issue #13 part 3): each public update is posted through
 * @atproto/api, cut to 300 graphemes with the incident link as a link facet; a later update of
 * the same incident replies to the one before, under the first (reply root and parent), so the
 * incident reads as a thread. A 429 waits out its Retry-After (or RateLimit-Reset). Sessions
 * are kept per process, as for reading mentions. Turned on with
 * `PUT /api/v1/social/bluesky {post_updates: true}`.
 */
import { RichText } from '@atproto/api';
import { graphemes, POST_LIMITS, postText } from '../domain/socialPost.js';
import { agentFor, forget } from './social/bluesky.js';
import { postFailure, postingAccount, postParts } from './social/post.js';
import type { ChannelDescriptor } from './types.js';

interface Ref {
  uri: string;
  cid: string;
}

/** What a post returns as its message id: itself, and the root of its thread. */
interface Posted extends Ref {
  root: Ref;
}

function parseThread(raw: string | null | undefined): Posted | null {
  if (!raw) return null;
  try {
    const t = JSON.parse(raw) as Posted;
    return t?.uri && t.cid && t.root?.uri && t.root.cid ? t : null;
  } catch {
    return null;
  }
}

export const bluesky: ChannelDescriptor = {
  name: 'bluesky',
  label: 'Bluesky',
  address: 'url',
  outboundUrl: false,
  chat: false,
  template: 'social',
  onThread: false,
  pageLevel: true,
  threads: true,
  icon: '<path d="M10 9.5C8.7 7 5.5 3.8 3.5 4.2 2 4.5 3 9 4.5 10.5c1 1 3 1 3 1s-3 .6-2.5 2.5c.6 2 3.5.6 5-2 1.5 2.6 4.4 4 5 2 .5-1.9-2.5-2.5-2.5-2.5s2 0 3-1C17 9 18 4.5 16.5 4.2c-2-.4-5.2 2.8-6.5 5.3z"/>',
  create: (deps) => ({
    name: 'bluesky',
    prepare: (event) => postText(postParts(event), POST_LIMITS.bluesky.limit, graphemes),
    async send(prepared, to) {
      const account = postingAccount('bluesky', to, deps);
      if ('problem' in account)
        return { ok: false, provider: 'bluesky', error: account.problem, retryable: false };
      const allow = deps.config.allowPrivateNetwork;
      try {
        const agent = await agentFor(account, allow);
        const rt = new RichText({ text: String(prepared) });
        rt.detectFacetsWithoutResolution();
        const parent = parseThread(to.thread);
        const res = await agent.post({
          text: rt.text,
          facets: rt.facets,
          createdAt: deps.clock.now().toISOString(),
          ...(parent
            ? { reply: { root: parent.root, parent: { uri: parent.uri, cid: parent.cid } } }
            : {}),
        });
        const posted: Posted = {
          uri: res.uri,
          cid: res.cid,
          root: parent?.root ?? { uri: res.uri, cid: res.cid },
        };
        return { ok: true, provider: 'bluesky', providerMessageId: JSON.stringify(posted) };
      } catch (err) {
        const e = err as { status?: number; headers?: Record<string, string> };
        if (e?.status === 401) forget(account, allow);
        const h = e?.headers;
        return postFailure(
          'bluesky',
          err,
          h ? { get: (k: string) => h[k] ?? h[k.toLowerCase()] ?? null } : undefined,
        );
      }
    },
  }),
};
