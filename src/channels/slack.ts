/**
 * Slack incoming webhooks with Block Kit: a header, the status and update text in Slack's
 * mrkdwn, a context line (affected components, next update), and a button to the incident page,
 * plus a `text` fallback for notifications. Paced at FLARE_SLACK_RATE messages a second per
 * webhook URL (default 1, Slack's limit); a 429 waits out its Retry-After.
 */

import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { type ChatSummary, chatSummary } from './chat.js';
import { cap, chatWebhook } from './chatWebhook.js';

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

export function slackMessage(
  event: DeliveryEvent,
  s: ChatSummary = chatSummary(event, 'slack'),
): Record<string, unknown> {
  const context = [
    s.affected.length ? `Affected: ${s.affected.join(', ')}` : '',
    s.nextUpdate ? `Next update by ${s.nextUpdate}` : '',
  ].filter(Boolean);
  const blocks: Record<string, unknown>[] = [
    // plain_text is shown as it is: escaping it would show "&lt;" to readers
    { type: 'header', text: { type: 'plain_text', text: cap(s.title, 150) } },
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

export const slack = chatWebhook({
  name: 'slack',
  label: 'Slack',
  template: 'slack',
  form: {
    urlLabel: 'Slack incoming-webhook URL',
    hint: 'Create one under Apps → Incoming Webhooks in Slack.',
  },
  icon: '<path d="M7.5 3v14M12.5 3v14M3 7.5h14M3 12.5h14"/>',
  message: slackMessage,
  gone: /\b(no_service|channel_not_found|channel_is_archived|invalid_token|no_team|team_disabled)\b/,
});
