/**
 * SMS through a Twilio-compatible REST API (FLARE_SMS_URL, account sid and token), with a second
 * provider as fallback (FLARE_SMS_FALLBACK_URL). Each recipient always gets the same sender
 * number (picked by a hash of the subscriber id), and each sender is paced at FLARE_SMS_RATE
 * messages/s. Texts are kept to one segment where possible.
 */
import { createHash } from 'node:crypto';
import { Agent } from 'undici';
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { parseRetryAfter } from '../domain/retry.js';
import { fitSms, smsSegments, toGsm7 } from '../domain/sms.js';
import { readerKey } from '../templates/chrome.js';
import { textLiquid } from '../templates/engine.js';
import { renderNotification } from '../templates/notification.js';
import { Failover } from './failover.js';
import { readCapped } from './httpPost.js';
import type { ChannelDescriptor, ChannelFactory, SendResult } from './types.js';

export interface SmsProvider {
  name: string;
  url: string;
  accountSid: string;
  authToken: string;
}

export function smsProvidersFromEnv(env: NodeJS.ProcessEnv): SmsProvider[] {
  const sid = env.FLARE_SMS_ACCOUNT_SID ?? '';
  const token = env.FLARE_SMS_AUTH_TOKEN ?? '';
  const out: SmsProvider[] = [];
  if (env.FLARE_SMS_URL || sid)
    out.push({
      name: 'sms-primary',
      url: env.FLARE_SMS_URL || 'https://api.twilio.com',
      accountSid: sid,
      authToken: token,
    });
  if (env.FLARE_SMS_FALLBACK_URL)
    out.push({
      name: 'sms-fallback',
      url: env.FLARE_SMS_FALLBACK_URL,
      accountSid: env.FLARE_SMS_FALLBACK_ACCOUNT_SID || sid,
      authToken: env.FLARE_SMS_FALLBACK_AUTH_TOKEN || token,
    });
  return out;
}

/** Twilio error codes that mean the number itself cannot receive texts. */
const BAD_NUMBER = new Set([21211, 21214, 21217, 21610, 21614]);

/** The sender number for a subscriber: always the same one, spread evenly over the senders. */
export function pickSender(senders: string[], subscriberId: string): string {
  const h = createHash('sha256').update(subscriberId).digest().readUInt32BE(0);
  return senders[h % senders.length];
}

const MARK = 'QQFLAREBODYQQ';

/** The SMS text of an event: the short rendering, GSM-7 safe, its body shortened to fit. */
export async function smsText(
  event: DeliveryEvent,
  zone: string | null,
  locale: string | null = null,
): Promise<string> {
  const full = toGsm7((await renderNotification(event, zone, locale)).short);
  if (event.template) return full; // a template's SMS is written to fit; the linter warns when it does not
  if (smsSegments(full).segments === 1 || !event.update?.body) return full;
  const marked = toGsm7(
    (await renderNotification({ ...event, update: { ...event.update, body: MARK } }, zone, locale))
      .short,
  );
  const at = marked.indexOf(MARK);
  if (at < 0) return full;
  const plain = await textLiquid.parseAndRender('{{ b | plain }}', { b: event.update.body });
  const body = toGsm7(plain.replace(/\s+/g, ' ').trim());
  return fitSms(marked.slice(0, at), body, marked.slice(at + MARK.length));
}

export const smsChannel: ChannelFactory = (deps) => {
  const providers = smsProvidersFromEnv(deps.env).map((p) => ({ name: p.name, impl: p }));
  const failover = new Failover(
    providers,
    3,
    Number(deps.env.FLARE_SMS_COOLDOWN_MS ?? 30_000),
    deps.clock,
  );
  const senders = (deps.env.FLARE_SMS_FROM ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const rate = Number(deps.env.FLARE_SMS_RATE ?? 1) || 1;
  // the provider's URL is set by the operator, not by subscribers: no SSRF guard here
  const agent = new Agent({
    connections: 32,
    keepAliveTimeout: 10_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
    connect: { timeout: 5_000 },
  });

  async function post(
    p: SmsProvider,
    form: URLSearchParams,
  ): Promise<SendResult & { fault?: boolean }> {
    const url = new URL(
      `${p.url.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(p.accountSid)}/Messages.json`,
    );
    try {
      const res = await agent.request({
        origin: url.origin,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${p.accountSid}:${p.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'user-agent': 'Flare/0.1 (+status notifications)',
        },
        body: form.toString(),
      });
      const text = await readCapped(res.body);
      let json: { sid?: string; code?: number; message?: string } = {};
      try {
        json = JSON.parse(text);
      } catch {}
      const s = res.statusCode;
      if (s >= 200 && s < 300) return { ok: true, provider: p.name, providerMessageId: json.sid };
      const error = `${p.name}: HTTP ${s}${json.code ? ` ${json.code}` : ''}: ${(json.message ?? text).slice(0, 200)}`;
      if (s === 429)
        return {
          ok: false,
          provider: p.name,
          error,
          retryable: true,
          retryAfterMs:
            parseRetryAfter(res.headers['retry-after'] as string | undefined, new Date()) ?? 1000,
        };
      if (json.code && BAD_NUMBER.has(json.code))
        return { ok: false, provider: p.name, error, retryable: false, undeliverable: true };
      // the provider itself is failing (or refuses our credentials): try the next one
      if (s >= 500 || s === 401 || s === 403)
        return { ok: false, provider: p.name, error, retryable: true, fault: true };
      return { ok: false, provider: p.name, error, retryable: false };
    } catch (err) {
      const e = err as Error & { code?: string };
      return {
        ok: false,
        provider: p.name,
        error: `${p.name}: ${e.code ?? e.name}: ${e.message}`,
        retryable: true,
        fault: true,
      };
    }
  }

  return {
    name: 'sms',
    prepare: () => new Map<string, Promise<string>>(),
    pacing: (to) =>
      senders.length
        ? { key: `sms:${pickSender(senders, to.subscriberId)}`, perSecond: rate }
        : undefined,
    async send(prepared, to, event) {
      if (providers.length === 0 || senders.length === 0)
        return {
          ok: false,
          error:
            'SMS is not configured (set FLARE_SMS_URL, FLARE_SMS_ACCOUNT_SID and FLARE_SMS_FROM)',
          retryable: true,
        };
      if (!to.address)
        return { ok: false, error: 'no phone number', retryable: false, undeliverable: true };
      const cache = prepared as Map<string, Promise<string>>;
      const zone = readerKey(Boolean(event.template), to.timeZone, to.locale);
      let text = cache.get(zone);
      if (!text) {
        text = smsText(event, to.timeZone, to.locale);
        cache.set(zone, text);
      }
      const form = new URLSearchParams({
        To: to.address,
        From: pickSender(senders, to.subscriberId),
        Body: await text,
      });
      let last: SendResult = { ok: false, error: 'no provider tried', retryable: true };
      for (const p of failover.order()) {
        const { fault, ...r } = await post(p.impl, form);
        if (!fault) {
          if (r.ok) failover.success(p.name);
          return r;
        }
        failover.failure(p.name);
        last = r;
      }
      return last;
    },
    close: () => agent.close(),
  };
};

export const sms: ChannelDescriptor = {
  name: 'sms',
  label: 'SMS',
  address: 'phone',
  outboundUrl: false,
  chat: false,
  template: 'sms',
  onThread: true,
  icon: '<rect x="5.5" y="2.5" width="9" height="15" rx="2"/><path d="M9 14.5h2"/>',
  create: smsChannel,
};
