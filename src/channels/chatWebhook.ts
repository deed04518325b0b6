/**
 * The one implementation behind every incoming chat webhook (Slack, Teams and the others in
 * registry.ts): the message is built once per event and posted to each subscriber's URL through
 * the SSRF-guarded agent, paced per URL at FLARE_<NAME>_RATE messages a second (default 1, the
 * providers' own limit), a 429 waits out its Retry-After (or the provider's own field in the
 * body), and the provider's "gone for good" answers mark the subscriber undeliverable.
 * A chat channel is a descriptor made by `chatWebhook`: its name, label, form text, message
 * builder and the few answers its provider gives.
 */
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import type { TemplateChannel } from '../domain/templates.js';
import { type ChatSummary, chatSummary, markGone } from './chat.js';
import { postJson } from './httpPost.js';
import { outboundAgent } from './net.js';
import type { ChannelDescriptor, SendResult } from './types.js';

export interface ChatWebhookSpec {
  name: string;
  label: string;
  /** which of a template's renderings the message's text comes from (default: the page's) */
  template?: TemplateChannel;
  form: { urlLabel: string; hint: string };
  icon: string;
  /** the message for an event and its summary (in the channel's rendering): built once, posted to every subscriber */
  message(event: DeliveryEvent, summary: ChatSummary): Record<string, unknown>;
  /** words in an error answer that mean the webhook is gone for good (404 and 410 always do) */
  gone?: RegExp;
  /** the URL to post to, from the one the subscriber gave */
  target?(url: string): string;
  /** reads a 2xx answer: an error a provider hides in a 200, or the posted message's id */
  answer?(body: string): { error?: SendResult; id?: string };
  /** how long a 429 asks to wait, when the provider says so in the body (ms) */
  retryAfterMs?(body: string): number | undefined;
}

/** The environment variable that sets a chat channel's messages per second per URL. */
export const rateVariable = (name: string) => `FLARE_${name.toUpperCase()}_RATE`;

export function chatWebhook(spec: ChatWebhookSpec): ChannelDescriptor {
  const { name } = spec;
  const template = spec.template ?? 'page';
  return {
    name,
    label: spec.label,
    address: 'url',
    outboundUrl: true,
    chat: true,
    template,
    onThread: true,
    form: spec.form,
    icon: spec.icon,
    create: (deps) => {
      const allowPrivate = deps.config.allowPrivateNetwork;
      const rate = Number(deps.env[rateVariable(name)] ?? 1) || 1;
      const agent = outboundAgent(allowPrivate, 32);
      const gone = spec.gone ?? /$^/;
      return {
        name,
        prepare: (event) => JSON.stringify(spec.message(event, chatSummary(event, template))),
        pacing: (to) => ({ key: `${name}:${to.address}`, perSecond: rate }),
        async send(prepared, to) {
          const url = spec.target ? spec.target(to.address) : to.address;
          const r = await postJson(agent, allowPrivate, url, prepared as string, {}, name);
          if (r.ok) {
            const a = spec.answer?.(r.body ?? '') ?? {};
            if (a.error) return markGone(a.error, gone);
            return { ok: true, provider: name, providerMessageId: a.id };
          }
          const { status, body, ...failed } = r;
          if (status === 429 && spec.retryAfterMs) {
            const wait = spec.retryAfterMs(body ?? '');
            if (wait !== undefined) failed.retryAfterMs = Math.max(failed.retryAfterMs ?? 0, wait);
          }
          return markGone(failed, gone);
        },
        close: () => agent.close(),
      };
    },
  };
}

/** Cuts text to at most `n` characters, marking the cut. */
export const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
