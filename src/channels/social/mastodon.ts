/**
 * Mastodon mentions through masto's REST client: GET /api/v1/notifications?types[]=mention,
 * paged forward from the last notification id seen with min_id (since_id would return the
 * newest page and skip what lies between when more arrive in a minute than one page holds).
 */
import type { mastodon } from 'masto';
import {
  compareMastodonIds,
  isoOrUndefined,
  type Mention,
  mastodonSender,
  mentionText,
} from '../../domain/social.js';
import { htmlToText } from '../../lib/htmlText.js';
import { masto } from './libs.js';
import {
  type MentionPage,
  SOCIAL_TIMEOUT_MS,
  type SocialSource,
  socialDispatcher,
} from './types.js';

/** The longest text an enquiry takes (ENQUIRY_TEXT_MAX) */
const TEXT_MAX = 20_000;

function toMention(n: mastodon.v1.Notification, instanceUrl: string): Mention | null {
  if (n.type !== 'mention' || !n.status) return null;
  const s = n.status;
  const text = [s.spoilerText, htmlToText(s.content ?? '')].filter(Boolean).join('\n\n');
  const direct = s.visibility === 'direct' || s.visibility === 'private';
  return {
    messageId: s.url || s.uri || `${instanceUrl.replace(/\/+$/, '')}/statuses/${s.id}`,
    cursor: n.id,
    from: mastodonSender(s.account?.acct ?? n.account.acct, instanceUrl),
    text: mentionText(text, TEXT_MAX),
    subject: direct ? 'Private mention' : undefined,
    receivedAt: isoOrUndefined(s.createdAt) ?? isoOrUndefined(n.createdAt),
    raw: n,
  };
}

export const mastodonSource: SocialSource = {
  kind: 'mastodon',
  async *mentions(account, cursor, limits, opts) {
    const { createRestAPIClient } = await masto();
    const client = createRestAPIClient({
      url: account.url,
      accessToken: account.secret,
      timeout: SOCIAL_TIMEOUT_MS,
      requestInit: {
        dispatcher: socialDispatcher(opts.allowPrivateNetwork),
      } as unknown as RequestInit,
    });
    let minId = cursor;
    for (let p = 0; p < limits.pages; p++) {
      const page = await client.v1.notifications.list({
        types: ['mention'],
        limit: limits.pageSize,
        ...(minId ? { minId } : {}),
      });
      if (page.length === 0) return;
      const sorted = [...page].sort((a, b) => compareMastodonIds(a.id, b.id));
      const newest = sorted[sorted.length - 1].id;
      const out: MentionPage = {
        mentions: sorted
          .map((n) => toMention(n, account.url))
          .filter((m): m is Mention => m !== null)
          .filter((m) => minId || !m.receivedAt || m.receivedAt >= limits.notBefore),
        cursor: minId && compareMastodonIds(minId, newest) > 0 ? minId : newest,
      };
      yield out;
      // a first poll reads only the newest page; later ones page forward until caught up
      if (!minId || page.length < limits.pageSize) return;
      minId = out.cursor;
    }
  },
};
