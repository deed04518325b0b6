/**
 * Webhooks in Statuspage's subscriber format, signed by the Standard Webhooks spec:
 * webhook-id (the delivery's idempotency key), webhook-timestamp and webhook-signature.
 */
import { Webhook } from 'standardwebhooks';
import { postJson } from './httpPost.js';
import { outboundAgent } from './net.js';
import type { ChannelFactory, DeliveryEvent } from './types.js';

interface Prepared {
  /** the JSON after the meta object, shared by every recipient */
  rest: string;
  generatedAt: string;
  documentation: string;
}

export function webhookBody(event: DeliveryEvent): Record<string, unknown> {
  const body: Record<string, unknown> = {
    page: {
      id: event.page.id,
      status_indicator: event.page.status_indicator,
      status_description: event.page.status_description,
    },
  };
  if (event.incident) body.incident = event.incident;
  if (event.component) {
    body.component = event.component;
    body.component_update = event.component_update;
  }
  return body;
}

export const webhookChannel: ChannelFactory = (deps) => {
  const allowPrivate = deps.config.allowPrivateNetwork;
  const perHost = Number(deps.env.FLARE_WEBHOOK_HOST_CONCURRENCY ?? 64);
  const agent = outboundAgent(allowPrivate, Math.max(perHost, 16));
  const signers = new Map<string, Webhook>();
  const signer = (secret: string) => {
    let s = signers.get(secret);
    if (!s) {
      s = new Webhook(secret);
      if (signers.size > 10_000) signers.clear();
      signers.set(secret, s);
    }
    return s;
  };
  return {
    name: 'webhook',
    prepare(event): Prepared {
      const json = JSON.stringify(webhookBody(event));
      return {
        rest: json.slice(1),
        generatedAt: event.generated_at,
        documentation: `${event.page.url}/webhooks`,
      };
    },
    pacing(to) {
      let host = 'invalid';
      try {
        host = new URL(to.address).host;
      } catch {}
      return { key: `webhook:${host}`, concurrency: perHost };
    },
    async send(prepared, to) {
      const p = prepared as Prepared;
      const meta = {
        unsubscribe: to.unsubscribeUrl,
        documentation: p.documentation,
        generated_at: p.generatedAt,
      };
      const body = `{"meta":${JSON.stringify(meta)},${p.rest}`;
      const headers: Record<string, string> = {
        'webhook-id': to.key,
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      };
      if (to.secret)
        headers['webhook-signature'] = signer(to.secret).sign(
          to.key,
          new Date(Number(headers['webhook-timestamp']) * 1000),
          body,
        );
      const r = await postJson(agent, allowPrivate, to.address, body, headers, 'webhook');
      return r.ok ? { ok: true, provider: 'webhook' } : r;
    },
    close: () => agent.close(),
  };
};
