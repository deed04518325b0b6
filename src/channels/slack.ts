/**
 * Slack incoming webhooks with Block Kit: a header, the status and update text in Slack's
 * mrkdwn, a context line (affected components, next update), and a button to the incident page,
 * plus a `text` fallback for notifications. Paced at about one message a second per webhook URL
 * (Slack's limit); a 429 waits out its Retry-After.
 */

import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { chatSummary, markGone } from './chat.js';
import { postJson } from './httpPost.js';
import { outboundAgent } from './net.js';
import type { ChannelFactory } from './types.js';

/** Escapes the three characters Slack treats as control characters. */
export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Markdown (as incident updates are written) into Slack mrkdwn, with user text escaped. */
export function toMrkdwn(markdown: string): string {
  return (
    slackEscape(markdown)
      // links first, so their text is formatted like the rest: [t](u) → <u|t>
      .replace(
        /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g,
        (_m, t: string, u: string) => `<${u.replace(/\|/g, '%7C')}|${t.replace(/\|/g, '¦')}>`,
      )
      // single-star italics → _italics_ (before bold, whose ** would otherwise match)
      .replace(/(^|[^*])\*(?!\*)([^*\n]+?)\*(?!\*)/g, '$1_$2_')
      .replace(/\*\*([^*\n]+?)\*\*/g, '*$1*')
      .replace(/__([^_\n]+?)__/g, '*$1*')
      .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
  );
}

const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function slackMessage(event: DeliveryEvent): Record<string, unknown> {
  const s = chatSummary(event);
  const context = [
    s.affected.length ? `Affected: ${s.affected.join(', ')}` : '',
    s.nextUpdate ? `Next update by ${s.nextUpdate}` : '',
  ].filter(Boolean);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: cap(slackEscape(s.title), 150) } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cap(`*${slackEscape(s.status)}*${s.body ? `\n${toMrkdwn(s.body)}` : ''}`, 3000),
      },
    },
  ];
  if (context.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: cap(slackEscape(context.join(' · ')), 3000) }],
    });
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: s.linkLabel },
        url: s.url,
        action_id: 'flare_open',
      },
    ],
  });
  const text = `${slackEscape(`${event.page.name}: ${s.title} – ${s.status}`)} <${s.url}|${s.linkLabel}>`;
  return { text, blocks, unfurl_links: false, unfurl_media: false };
}

const GONE =
  /\b(no_service|channel_not_found|channel_is_archived|invalid_token|no_team|team_disabled)\b/;

export const slackChannel: ChannelFactory = (deps) => {
  const allowPrivate = deps.config.allowPrivateNetwork;
  const rate = Number(deps.env.FLARE_SLACK_RATE ?? 1) || 1;
  const agent = outboundAgent(allowPrivate, 32);
  return {
    name: 'slack',
    prepare: (event) => JSON.stringify(slackMessage(event)),
    pacing: (to) => ({ key: `slack:${to.address}`, perSecond: rate }),
    async send(prepared, to) {
      const r = await postJson(agent, allowPrivate, to.address, prepared as string, {}, 'slack');
      return r.ok ? { ok: true, provider: 'slack' } : markGone(r, GONE);
    },
    close: () => agent.close(),
  };
};
