/**
 * Microsoft Teams incoming webhooks (and Workflows webhooks) with an Adaptive Card: the title,
 * the update's text, a FactSet (status, impact, affected, next update) and a button to the
 * incident page. Paced per webhook URL at FLARE_TEAMS_RATE messages/s (default 1).
 */

import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { chatSummary, markGone } from './chat.js';
import { postJson } from './httpPost.js';
import { outboundAgent } from './net.js';
import type { ChannelFactory, SendResult } from './types.js';

const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function teamsMessage(event: DeliveryEvent): Record<string, unknown> {
  const s = chatSummary(event, 'teams');
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

const GONE = /\b(ConnectorNotFound|WorkflowNotFound)\b/i;

export const teamsChannel: ChannelFactory = (deps) => {
  const allowPrivate = deps.config.allowPrivateNetwork;
  const rate = Number(deps.env.FLARE_TEAMS_RATE ?? 1) || 1;
  const agent = outboundAgent(allowPrivate, 32);
  return {
    name: 'teams',
    prepare: (event) => JSON.stringify(teamsMessage(event)),
    pacing: (to) => ({ key: `teams:${to.address}`, perSecond: rate }),
    async send(prepared, to) {
      const r = await postJson(agent, allowPrivate, to.address, prepared as string, {}, 'teams');
      const err = r.ok ? bodyError(r.body) : r;
      return err ? markGone(err, GONE) : { ok: true, provider: 'teams' };
    },
    close: () => agent.close(),
  };
};
