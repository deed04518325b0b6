/**
 * Webhooks in Statuspage's subscriber format, signed by the Standard Webhooks spec:
 * webhook-id (the delivery's idempotency key), webhook-timestamp and webhook-signature.
 */
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { postJson } from './httpPost.js';
import { outboundAgent } from './net.js';
import type { ChannelDescriptor, ChannelFactory, Pacing } from './types.js';

interface Prepared {
  /**
   * The body after the recipient's unsubscribe link (the meta object's other fields, then the
   * rest), encoded once and shared by every recipient: each body is its own short head and
   * these bytes, copied outside the JavaScript heap, not a 2 KB string per delivery to collect.
   */
  tail: Buffer;
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
  // Flare's own event (not Statuspage's): a URL subscribed from the public page starts pending,
  // and only a GET of confirm_url, by whoever reads what arrives here, starts the updates
  if (event.kind === 'subscriber.confirm' && event.data?.action_url) {
    body.subscription_confirmation = {
      confirm_url: event.data.action_url,
      message: event.data.text ?? '',
    };
  }
  // Flare's own team notice of an outreach task (assigned, or escalated when overdue)
  if (event.kind.startsWith('outreach.') && event.data) {
    body.outreach = {
      event: event.kind,
      accounts: event.data.accounts ?? '',
      due_at: event.data.due_at ?? '',
      message: event.data.text ?? '',
      url: event.data.action_url ?? '',
    };
  }
  return body;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The Standard Webhooks signature, `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the
 * base64-decoded `whsec_` secret, made with node:crypto: the reference library hashes in plain
 * JavaScript, several times slower per delivery. A malformed secret goes to the library, so it
 * fails the same way a receiver's verifier would.
 */
export function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Buffer,
): string {
  const b64 = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  if (!b64 || !BASE64.test(b64))
    return new Webhook(secret).sign(id, new Date(timestamp * 1000), body.toString());
  const mac = createHmac('sha256', Buffer.from(b64, 'base64'));
  // in two parts: the body is not copied into a second string to be hashed
  return `v1,${mac.update(`${id}.${timestamp}.`).update(body).digest('base64')}`;
}

/**
 * The host part of an http(s) URL, read without a full URL parse (this runs for every delivery;
 * the send parses and checks the URL properly). Only groups deliveries for the per-host cap.
 */
export function hostOf(url: string): string {
  const from = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : 0;
  if (from > 0) {
    let end = from;
    while (end < url.length) {
      const c = url.charCodeAt(end);
      // '/', '?', '#' end the host; '@' (user info), upper case and anything past ASCII (whose
      // case the pattern folds too) take the careful way below
      if (c === 47 || c === 63 || c === 35) break;
      if (c === 64 || (c >= 65 && c <= 90) || c > 127) return hostByPattern(url);
      end++;
    }
    return end > from ? url.slice(from, end) : 'invalid';
  }
  return hostByPattern(url);
}

function hostByPattern(url: string): string {
  const m = /^https?:\/\/(?:[^@/?#]*@)?([^/?#]+)/i.exec(url);
  return m ? m[1].toLowerCase() : 'invalid';
}

export const webhookChannel: ChannelFactory = (deps) => {
  const allowPrivate = deps.config.allowPrivateNetwork;
  const perHost = Number(deps.env.FLARE_WEBHOOK_HOST_CONCURRENCY ?? 64);
  const agent = outboundAgent(allowPrivate, Math.max(perHost, 16));
  const pacings = new Map<string, Pacing>();
  return {
    name: 'webhook',
    prepare(event): Prepared {
      const json = JSON.stringify(webhookBody(event));
      const metaRest = JSON.stringify({
        documentation: `${event.page.url}/webhooks`,
        generated_at: event.generated_at,
      }).slice(1);
      return { tail: Buffer.from(`${metaRest},${json.slice(1)}`) } satisfies Prepared;
    },
    pacing(to) {
      // one object a host, not one a delivery (callers only read it)
      const host = hostOf(to.address);
      let p = pacings.get(host);
      if (!p) {
        if (pacings.size >= 10_000) pacings.clear();
        p = { key: `webhook:${host}`, concurrency: perHost };
        pacings.set(host, p);
      }
      return p;
    },
    async send(prepared, to) {
      const { tail } = prepared as Prepared;
      const head = `{"meta":{"unsubscribe":${JSON.stringify(to.unsubscribeUrl)},`;
      const headBytes = Buffer.byteLength(head);
      const body = Buffer.allocUnsafe(headBytes + tail.length);
      body.write(head, 0, headBytes, 'utf8');
      tail.copy(body, headBytes);
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'webhook-id': to.key,
        'webhook-timestamp': String(timestamp),
      };
      if (to.secret) headers['webhook-signature'] = signWebhook(to.secret, to.key, timestamp, body);
      const r = await postJson(agent, allowPrivate, to.address, body, headers, 'webhook', false);
      return r.ok ? { ok: true, provider: 'webhook' } : r;
    },
    close: () => agent.close(),
  };
};

export const webhook: ChannelDescriptor = {
  name: 'webhook',
  label: 'Webhook',
  address: 'url',
  outboundUrl: true,
  chat: false,
  template: 'page',
  onThread: true,
  form: {
    urlLabel: 'Webhook URL',
    hint: 'We POST JSON, signed with Standard Webhooks. You get the signing secret on the next page.',
  },
  icon: '<path d="M8 12l4-4"/><path d="M9.5 5.5l1-1a3 3 0 014.2 4.2l-1 1M10.5 14.5l-1 1a3 3 0 01-4.2-4.2l1-1"/>',
  create: webhookChannel,
};
