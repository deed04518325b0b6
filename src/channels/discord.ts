/**
 * Discord incoming webhooks: a one-line `content` for notifications and a rich embed (title
 * linking to the incident, the update's Markdown, fields for status, impact, affected and next
 * update). Posted with `?wait=true`, so Discord confirms the message and returns its id. User
 * text outside the author's Markdown body is escaped, and `allowed_mentions` is empty so no text
 * can ping @everyone or anyone else. A 429 waits for Discord's `retry_after` (seconds, in the
 * JSON body) or its Retry-After header. Paced per URL at FLARE_DISCORD_RATE (default 1/s).
 */
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { type ChatSummary, chatColor, chatFacts, chatSummary } from './chat.js';
import { cap, chatWebhook } from './chatWebhook.js';

/** Escapes Discord's Markdown characters so text shows as written. */
export function discordEscape(s: string): string {
  return s.replace(/[\\*_~`|>#[\]()<:-]/g, '\\$&');
}

export function discordMessage(
  event: DeliveryEvent,
  s: ChatSummary = chatSummary(event),
): Record<string, unknown> {
  const fields = chatFacts(s).map((f) => ({
    name: f.title,
    value: cap(discordEscape(f.value), 1024),
    inline: f.title !== 'Affected',
  }));
  return {
    content: cap(discordEscape(`${event.page.name}: ${s.title} – ${s.status}`), 2000),
    embeds: [
      {
        title: cap(discordEscape(s.title), 256),
        url: s.url,
        description: cap(s.body, 4096),
        color: Number.parseInt(chatColor(event).slice(1), 16),
        fields,
        footer: { text: cap(event.page.name, 2048) },
        timestamp: event.generated_at,
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

/** Adds `wait=true`, keeping any query the subscriber gave (such as `thread_id`). */
function withWait(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.set('wait', 'true');
    return u.toString();
  } catch {
    return url;
  }
}

function json(body: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body);
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}

export const discord = chatWebhook({
  name: 'discord',
  label: 'Discord',
  form: {
    urlLabel: 'Discord webhook URL',
    hint: 'Create one in Discord under Server Settings → Integrations → Webhooks.',
  },
  icon: '<path d="M5 5.5c3.3-1.4 6.7-1.4 10 0l1.5 7c-2 1.6-4 2.2-4 2.2l-.8-1.4h-3.4l-.8 1.4s-2-.6-4-2.2z"/><circle cx="8" cy="10" r=".9"/><circle cx="12" cy="10" r=".9"/>',
  message: discordMessage,
  target: withWait,
  // Discord answers 404 {"code": 10015, "message": "Unknown Webhook"} for a deleted one
  gone: /Unknown Webhook|"code":\s*10015/,
  answer: (body) => {
    const id = json(body)?.id;
    return { id: typeof id === 'string' ? id : undefined };
  },
  retryAfterMs: (body) => {
    const secs = Number(json(body)?.retry_after);
    return Number.isFinite(secs) && secs >= 0 ? Math.min(secs, 3600) * 1000 : undefined;
  },
});
