/**
 * Email through an ordered list of SMTP providers (FLARE_SMTP_URL, then
 * FLARE_SMTP_FALLBACK_URL) with pooled connections and automatic failover. Every message has
 * HTML and text parts, per-recipient manage and unsubscribe links, RFC 8058 one-click
 * unsubscribe headers, and a Message-ID derived from the delivery id.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { type RenderedMessage, renderNotification, withLinks } from '../templates/notification.js';
import { Failover } from './failover.js';
import type { ChannelFactory, SendResult } from './types.js';

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
}

export function smtpProvidersFromEnv(env: NodeJS.ProcessEnv): { name: string; url: string }[] {
  const out: { name: string; url: string }[] = [];
  if (env.FLARE_SMTP_URL) out.push({ name: 'smtp-primary', url: env.FLARE_SMTP_URL });
  if (env.FLARE_SMTP_FALLBACK_URL)
    out.push({ name: 'smtp-fallback', url: env.FLARE_SMTP_FALLBACK_URL });
  return out;
}

/** smtp://user:pass@host:port or smtps://… into nodemailer's options (credentials never logged). */
export function smtpOptions(raw: string) {
  const u = new URL(raw);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: Number(u.port || (secure ? 465 : 587)),
    secure,
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    ignoreTLS: u.searchParams.get('tls') === 'off',
    tls: { rejectUnauthorized: u.searchParams.get('tls') !== 'insecure' },
  };
}

/** Whether the provider itself failed (try another) rather than this one message or address. */
function providerFault(e: SmtpError): boolean {
  if (!e.responseCode) return true; // connection refused, timeout, TLS, socket closed
  return (
    e.responseCode === 421 ||
    (e.responseCode >= 500 && e.command !== 'RCPT TO' && e.command !== 'DATA')
  );
}

export const emailChannel: ChannelFactory = (deps) => {
  const providers = smtpProvidersFromEnv(deps.env).map((p) => ({
    name: p.name,
    impl: nodemailer.createTransport({
      ...smtpOptions(p.url),
      pool: true,
      maxConnections: Number(deps.env.FLARE_SMTP_CONNECTIONS ?? 20),
      maxMessages: Number.POSITIVE_INFINITY,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 20_000,
    }) as Transporter,
  }));
  const failover = new Failover(providers, 3, Number(deps.env.FLARE_SMTP_COOLDOWN_MS ?? 30_000));
  const from = deps.env.FLARE_EMAIL_FROM;
  const rendered = new Map<string, Promise<RenderedMessage>>();
  return {
    name: 'email',
    prepare: () => new Map<string, Promise<RenderedMessage>>(),
    async send(prepared, to, event) {
      if (providers.length === 0)
        return {
          ok: false,
          error: 'no SMTP provider is configured (set FLARE_SMTP_URL)',
          retryable: true,
        };
      if (!to.address)
        return {
          ok: false,
          error: 'no email address for this subscriber',
          retryable: false,
          undeliverable: true,
        };
      const cache = prepared as Map<string, Promise<RenderedMessage>>;
      const zone = to.timeZone ?? '';
      let msg = cache.get(zone);
      if (!msg) {
        msg = renderNotification(event, to.timeZone);
        cache.set(zone, msg);
      }
      const m = await msg;
      const host = new URL(event.page.url).hostname || 'flare.local';
      const mail = {
        from: from ?? {
          name: `${event.page.name} Status`,
          address: `status@${host.includes('.') ? host : `${host}.local`}`,
        },
        to: to.address,
        subject: m.subject,
        text: withLinks(m.text, to.manageUrl, to.unsubscribeUrl),
        html: withLinks(m.html, to.manageUrl, to.unsubscribeUrl, true),
        messageId: `<${to.key}.${event.notificationId}@${host}>`,
        headers: {
          'List-Unsubscribe': `<${to.unsubscribePostUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-Flare-Delivery': to.key,
        },
      };
      let last: SendResult = { ok: false, error: 'no provider tried', retryable: true };
      for (const p of failover.order()) {
        try {
          const info = await p.impl.sendMail(mail);
          failover.success(p.name);
          return { ok: true, provider: p.name, providerMessageId: String(info.messageId ?? '') };
        } catch (err) {
          const e = err as SmtpError;
          const error =
            `${p.name}: ${e.responseCode ? `${e.responseCode} ` : ''}${e.code ?? ''} ${e.message}`.trim();
          if (!providerFault(e)) {
            const permanent = (e.responseCode ?? 0) >= 500;
            return {
              ok: false,
              provider: p.name,
              error,
              retryable: !permanent,
              undeliverable: permanent && e.command === 'RCPT TO',
            };
          }
          failover.failure(p.name);
          last = { ok: false, provider: p.name, error, retryable: true };
        }
      }
      return last;
    },
    async close() {
      for (const p of providers) p.impl.close();
      rendered.clear();
    },
  };
};
