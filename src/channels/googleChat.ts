/**
 * Google Chat incoming webhooks: a short `text` line for notifications and a `cardsV2` card
 * (header with the title and status, the update's text, the facts, and a button to the
 * incident). Card text takes Google Chat's small HTML subset, so user text is HTML-escaped and
 * the author's Markdown becomes <b>, <i> and <a>; the `text` line escapes the characters of
 * Chat's own markup. Paced per URL at FLARE_GOOGLE_CHAT_RATE (default 1/s, Chat's per-space limit).
 */
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { type ChatSummary, chatFacts, chatSummary } from './chat.js';
import { cap, chatWebhook } from './chatWebhook.js';

/** Escapes text for Google Chat's HTML-formatted card text. */
export function chatHtmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Markdown (as updates are written) into Chat's card HTML, with everything else escaped. */
export function toChatHtml(markdown: string): string {
  return chatHtmlEscape(markdown)
    .replace(
      /\[([^\]\n]+)\]\((https?:\/\/[^\s)"]+)\)/g,
      (_m, t: string, u: string) => `<a href="${u}">${t}</a>`,
    )
    .replace(/\*\*([^*\n]+?)\*\*/g, '<b>$1</b>')
    .replace(/__([^_\n]+?)__/g, '<b>$1</b>')
    .replace(/(^|[^*])\*(?!\*)([^*\n]+?)\*(?!\*)/g, '$1<i>$2</i>')
    .replace(/^#{1,6}\s+(.+)$/gm, '<b>$1</b>')
    .replace(/\n/g, '<br>');
}

/** Escapes the characters of Chat's text markup (*bold*, _italic_, ~strike~, `code`, <links>). */
export function chatTextEscape(s: string): string {
  return chatHtmlEscape(s).replace(/([*_~`])/g, '\u200b$1\u200b');
}

export function googleChatMessage(
  event: DeliveryEvent,
  s: ChatSummary = chatSummary(event),
): Record<string, unknown> {
  const widgets: Record<string, unknown>[] = [];
  if (s.body) widgets.push({ textParagraph: { text: cap(toChatHtml(s.body), 4000) } });
  for (const f of chatFacts(s).slice(1))
    widgets.push({
      decoratedText: { topLabel: f.title, text: chatHtmlEscape(f.value), wrapText: true },
    });
  widgets.push({
    buttonList: { buttons: [{ text: s.linkLabel, onClick: { openLink: { url: s.url } } }] },
  });
  return {
    text: cap(chatTextEscape(`${event.page.name}: ${s.title} – ${s.status}`), 4000),
    cardsV2: [
      {
        cardId: `flare-${event.notificationId}`,
        card: {
          header: {
            title: cap(s.title, 200),
            subtitle: cap(`${event.page.name} · ${s.status}`, 200),
          },
          sections: [{ widgets }],
        },
      },
    ],
  };
}

export const googleChat = chatWebhook({
  name: 'google_chat',
  label: 'Google Chat',
  form: {
    urlLabel: 'Google Chat webhook URL',
    hint: 'Create one in the space under Apps & integrations → Webhooks.',
  },
  icon: '<path d="M4 4.5h12a1.5 1.5 0 011.5 1.5v7a1.5 1.5 0 01-1.5 1.5H9l-3.5 3v-3H4A1.5 1.5 0 012.5 13V6A1.5 1.5 0 014 4.5z"/>',
  message: googleChatMessage,
  // a deleted space or webhook answers 404; a revoked key 400/403 naming it
  gone: /API key not valid|Requested entity was not found|PERMISSION_DENIED/,
});
