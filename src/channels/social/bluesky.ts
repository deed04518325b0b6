/**
 * Bluesky mentions through @atproto/api: log in with the app password (createSession), then
 * app.bsky.notification.listNotifications for mentions, replies and quotes. The list runs newest
 * first with no "since", so a poll reads back until it reaches the last indexedAt kept (the
 * cursor) and hands the new ones over oldest first; an equal indexedAt is read again and the
 * dedupe by URI drops it. Sessions are kept per process: createSession is rate limited
 * (about 300 a day), and AtpAgent refreshes the tokens itself.
 */
import { createHash } from 'node:crypto';
import type { AppBskyNotificationListNotifications, AtpAgent } from '@atproto/api';
import {
  BLUESKY_REASONS,
  formatBlueskyCursor,
  isoOrUndefined,
  type Mention,
  mentionText,
  parseBlueskyCursor,
  type SocialSettings,
} from '../../domain/social.js';
import { atproto } from './libs.js';
import { SOCIAL_TIMEOUT_MS, type SocialSource, socialDispatcher } from './types.js';

const TEXT_MAX = 20_000;
const REASONS = new Set<string>(BLUESKY_REASONS);

const sessions = new Map<string, AtpAgent>();

function sessionKey(a: SocialSettings, allowPrivate: boolean): string {
  const secret = createHash('sha256').update(a.secret).digest('base64url');
  return `${a.url}\n${a.handle}\n${secret}\n${allowPrivate}`;
}

export async function agentFor(a: SocialSettings, allowPrivate: boolean): Promise<AtpAgent> {
  const key = sessionKey(a, allowPrivate);
  const have = sessions.get(key);
  if (have?.hasSession) return have;
  const dispatcher = socialDispatcher(allowPrivate);
  const { AtpAgent } = await atproto();
  const agent = new AtpAgent({
    service: a.url,
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        dispatcher,
        signal: init?.signal ?? AbortSignal.timeout(SOCIAL_TIMEOUT_MS),
      } as unknown as RequestInit),
  });
  await agent.login({ identifier: a.handle ?? '', password: a.secret });
  sessions.set(key, agent);
  return agent;
}

/** Forgets a session that failed, so the next poll logs in afresh. */
export function forget(a: SocialSettings, allowPrivate: boolean) {
  sessions.delete(sessionKey(a, allowPrivate));
}

function toMention(n: AppBskyNotificationListNotifications.Notification): Mention {
  const text = typeof n.record?.text === 'string' ? n.record.text : '';
  return {
    messageId: n.uri,
    from: `@${n.author.handle}`,
    text: mentionText(text, TEXT_MAX),
    receivedAt: isoOrUndefined(n.indexedAt),
    raw: n,
  };
}

const before = (a: string, b: string) => Date.parse(a) < Date.parse(b);

export const blueskySource: SocialSource = {
  kind: 'bluesky',
  async *mentions(account, raw, limits, opts) {
    const allow = opts.allowPrivateNetwork;
    const agent = await agentFor(account, allow);
    const was = parseBlueskyCursor(raw);
    const since = was.since ?? limits.notBefore;
    const found: Mention[] = [];
    let newest = was.page ? was.top : was.since;
    let page = was.page;
    let done = false;
    try {
      for (let p = 0; p < limits.pages && !done; p++) {
        const res = await agent.app.bsky.notification.listNotifications({
          limit: limits.pageSize,
          reasons: [...BLUESKY_REASONS],
          ...(page ? { cursor: page } : {}),
        });
        for (const n of res.data.notifications) {
          if (before(n.indexedAt, since)) {
            done = true;
            break;
          }
          if (!newest || before(newest, n.indexedAt)) newest = n.indexedAt;
          if (REASONS.has(n.reason)) found.push(toMention(n));
        }
        page = res.data.cursor;
        if (!page || res.data.notifications.length === 0) done = true;
      }
    } catch (err) {
      if ((err as { status?: number }).status === 401) forget(account, allow);
      throw err;
    }
    found.sort((a, b) => Date.parse(a.receivedAt ?? '') - Date.parse(b.receivedAt ?? ''));
    if (done) {
      for (const m of found) m.cursor = m.receivedAt;
      yield { mentions: found, cursor: newest };
    } else {
      // not back to the old cursor yet: keep it, and go on from this page next run
      yield {
        mentions: found,
        cursor: formatBlueskyCursor({ top: newest, since, page }),
      };
    }
  },
};
