/**
 * Mattermost incoming webhooks: a Markdown `text` line and a Slack-style attachment (colour,
 * title linking to the incident, the update's Markdown, short fields for the facts). User text
 * outside the author's body is Markdown-escaped, and @-mentions anywhere (`@channel`, `@all`,
 * `@someone`) are broken with a zero-width space, so no status message pings a whole channel.
 * Paced per URL at FLARE_MATTERMOST_RATE (default 1/s).
 */
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { type ChatSummary, chatColor, chatFacts, chatSummary } from './chat.js';
import { cap, chatWebhook } from './chatWebhook.js';

/** Stops @-mentions from notifying anyone. */
export function noMentions(s: string): string {
  return s.replace(/@(?=[\w.-])/g, '@\u200b');
}

/** Escapes Mattermost's Markdown characters and mentions, so text shows as written. */
export function mattermostEscape(s: string): string {
  return noMentions(s.replace(/[\\*_~`|>#[\]()<-]/g, '\\$&'));
}

export function mattermostMessage(
  event: DeliveryEvent,
  s: ChatSummary = chatSummary(event),
): Record<string, unknown> {
  const [status, ...facts] = chatFacts(s);
  const line = `${event.page.name}: ${s.title} – ${s.status}`;
  return {
    text: cap(mattermostEscape(line), 4000),
    attachments: [
      {
        fallback: cap(noMentions(line), 4000),
        color: chatColor(event),
        title: cap(noMentions(s.title), 250),
        title_link: s.url,
        text: cap(
          `**${mattermostEscape(status.value)}**${s.body ? `\n${noMentions(s.body)}` : ''}`,
          7000,
        ),
        fields: facts.map((f) => ({
          short: f.title !== 'Affected',
          title: f.title,
          value: mattermostEscape(f.value),
        })),
        footer: cap(noMentions(event.page.name), 300),
      },
    ],
  };
}

export const mattermost = chatWebhook({
  name: 'mattermost',
  label: 'Mattermost',
  form: {
    urlLabel: 'Mattermost incoming-webhook URL',
    hint: 'Create one under Integrations → Incoming Webhooks in Mattermost.',
  },
  icon: '<circle cx="10" cy="10" r="7"/><path d="M12.5 5.5l-.3 5.2a2.2 2.2 0 11-3.8-1.6z"/>',
  message: mattermostMessage,
  // Mattermost answers 400 "Unable to find the webhook" (or 404) when the hook was deleted
  gone: /Unable to find the webhook|web_hooks\.handle_incoming_webhook\.invalid/i,
});
