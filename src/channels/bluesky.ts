/**
 * The status page's own Bluesky account (issue #13 part 3): each public update is posted through
 * @atproto/api, cut to 300 graphemes with the incident link as a link facet; a later update of
 * the same incident replies to the one before, under the first (reply root and parent), so the
 * incident reads as a thread. A 429 waits out its Retry-After (or RateLimit-Reset). Sessions
 * are kept per process, as for reading mentions. Each delivery writes one record key, made from
 * its idempotency key (lib/tid.ts): a retry first looks for that record, and a create that fails
 * because the record exists counts as posted, so a lost answer never posts twice. Turned on with
 * `PUT /api/v1/social/bluesky {post_updates: true}`.
 */
import type { AtpAgent } from '@atproto/api';
import { graphemes, POST_LIMITS, postText } from '../domain/socialPost.js';
import { stableTid } from '../lib/tid.js';
import { agentFor, forget } from './social/bluesky.js';
import { atproto } from './social/libs.js';
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

const POST = 'app.bsky.feed.post';

/** The record this delivery wrote already, if any. */
async function existing(agent: AtpAgent, repo: string, rkey: string): Promise<Ref | null> {
  try {
    const r = await agent.com.atproto.repo.getRecord({ repo, collection: POST, rkey });
    return r.data.cid ? { uri: r.data.uri, cid: r.data.cid } : null;
  } catch (err) {
    const e = err as { status?: number; error?: string };
    if (e?.error === 'RecordNotFound' || e?.status === 404) return null;
    throw err;
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
      const secretKey = deps.secretKey;
      if ('problem' in account || !secretKey)
        return {
          ok: false,
          provider: 'bluesky',
          error: 'problem' in account ? account.problem : 'the channel has no secret key',
          retryable: false,
        };
      const allow = deps.config.allowPrivateNetwork;
      try {
        const agent = await agentFor(account, allow);
        const { RichText } = await atproto();
        const rt = new RichText({ text: String(prepared) });
        rt.detectFacetsWithoutResolution();
        const parent = parseThread(to.thread);
        const repo = agent.session?.did ?? '';
        const rkey = stableTid(secretKey, to.key);
        const record = {
          $type: POST,
          text: rt.text,
          facets: rt.facets,
          createdAt: deps.clock.now().toISOString(),
          ...(parent
            ? { reply: { root: parent.root, parent: { uri: parent.uri, cid: parent.cid } } }
            : {}),
        };
        let res = to.attempt > 1 ? await existing(agent, repo, rkey) : null;
        if (!res)
          try {
            const made = await agent.com.atproto.repo.createRecord({
              repo,
              collection: POST,
              rkey,
              record,
            });
            res = { uri: made.data.uri, cid: made.data.cid };
          } catch (err) {
            // written already (an earlier attempt whose answer was lost): that post stands
            res =
              (err as { status?: number })?.status === 400
                ? await existing(agent, repo, rkey)
                : null;
            if (!res) throw err;
          }
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
