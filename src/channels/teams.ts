/**
 * Microsoft Teams incoming webhooks (and Workflows webhooks) with an Adaptive Card: the title,
 * the update's text, a FactSet (status, impact, affected, next update) and a button to the
 * incident page. Paced per webhook URL at FLARE_TEAMS_RATE messages/s (default 1).
 */

import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { type ChatSummary, chatSummary } from './chat.js';
import { cap, chatWebhook } from './chatWebhook.js';
import type { SendResult } from './types.js';

export function teamsMessage(
  event: DeliveryEvent,
  s: ChatSummary = chatSummary(event, 'teams'),
): Record<string, unknown> {
  const facts = [{ title: 'Status', value: s.status }];
  if (s.impact) facts.push({ title: 'Impact', value: s.impact });
  if (s.affected.length) facts.push({ title: 'Affected', value: s.affected.join(', ') });
  if (s.nextUpdate) facts.push({ title: 'Next update', value: `by ${s.nextUpdate}` });
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: event.page.name,
      size: 'Small',
      isSubtle: true,
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: cap(s.title, 300),
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
      style: 'heading',
    },
  ];
  // Adaptive Card TextBlocks render a Markdown subset (bold, italics, lists, links) as is
  if (s.body) body.push({ type: 'TextBlock', text: cap(s.body, 4000), wrap: true });
  body.push({ type: 'FactSet', facts });
  return {
    type: 'message',
    summary: `${s.title}: ${s.status}`,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: [{ type: 'Action.OpenUrl', title: s.linkLabel, url: s.url }],
        },
      },
    ],
  };
}

/** Older Teams connectors answer 200 with the real error in the body. */
function bodyError(text: string | undefined): SendResult | null {
  const m = /returned HTTP error (\d{3})/i.exec(text ?? '');
  if (!m) return null;
  const status = Number(m[1]);
  return {
    ok: false,
    provider: 'teams',
    error: `HTTP ${status}: ${(text ?? '').slice(0, 200)}`,
    retryable: true,
    retryAfterMs: status === 429 ? 1000 : undefined,
  };
}

export const teams = chatWebhook({
  name: 'teams',
  label: 'Teams',
  template: 'teams',
  form: {
    urlLabel: 'Teams incoming-webhook URL',
    hint: 'Create one with the Workflows app in Teams.',
  },
  icon: '<rect x="2.5" y="5" width="9" height="10" rx="1.5"/><path d="M5 8h4M7 8v5M13.5 7.5h3.5v6a2 2 0 01-3.5 1.3"/>',
  message: teamsMessage,
  gone: /\b(ConnectorNotFound|WorkflowNotFound)\b/i,
  answer: (body) => ({ error: bodyError(body) ?? undefined }),
});
