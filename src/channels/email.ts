/**
 * Email through an ordered list of SMTP providers (FLARE_SMTP_URL, then
 * FLARE_SMTP_FALLBACK_URL) with pooled connections and automatic failover. Every message has
 * HTML and text parts, per-recipient manage and unsubscribe links, RFC 8058 one-click
 * unsubscribe headers (the one-click POST only to an HTTPS link, as RFC 8058 requires), a
 * Message-ID derived from the delivery id, and a DKIM signature when FLARE_DKIM_* are set.
 */
import addressparser from 'nodemailer/lib/addressparser/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { statusName } from '../domain/status.js';
import { dkimFromEnv, dkimSign } from '../lib/dkim.js';
import { readerKey } from '../templates/chrome.js';
import { type RenderedMessage, renderNotification, withLinks } from '../templates/notification.js';
import {
  type CompiledEmail,
  compileEmail,
  formatAddress,
  isSimpleAddress,
  oneClick,
  renderEmail,
} from './emailMime.js';
import { Failover } from './failover.js';
import { SmtpPool } from './smtpPool.js';
import type { ChannelDescriptor, ChannelFactory, SendResult } from './types.js';

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

interface Prepared {
  host: string;
  from: { name: string; address: string };
  /** per time zone: rendered once, encoded once */
  zones: Map<string, Promise<{ message: RenderedMessage; mime: CompiledEmail }>>;
}

export const emailChannel: ChannelFactory = (deps) => {
  const connections = Number(deps.env.FLARE_SMTP_CONNECTIONS ?? 20);
  const providers = smtpProvidersFromEnv(deps.env).map((p) => {
    return {
      name: p.name,
      impl: new SmtpPool({
        ...smtpOptions(p.url),
        connections,
        connectionTimeout: 5_000,
        greetingTimeout: 5_000,
        socketTimeout: 20_000,
      }),
    };
  });
  const dkim = dkimFromEnv(deps.env);
  const failover = new Failover(
    providers,
    3,
    Number(deps.env.FLARE_SMTP_COOLDOWN_MS ?? 30_000),
    deps.clock,
  );
  const configuredFrom = deps.env.FLARE_EMAIL_FROM
    ? addressparser(deps.env.FLARE_EMAIL_FROM, { flatten: true })[0]
    : undefined;
  /** Sends one built message through the providers in failover order. */
  async function deliver(
    envelope: { from: string; to: string[] },
    raw: string | Buffer,
    messageId: string,
  ): Promise<SendResult> {
    let last: SendResult = { ok: false, error: 'no provider tried', retryable: true };
    for (const p of failover.order()) {
      try {
        await p.impl.send(envelope, raw);
        failover.success(p.name);
        return { ok: true, provider: p.name, providerMessageId: messageId };
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
  }
  return {
    name: 'email',
    // Two messages per pooled connection is enough to keep each busy. The rest of the worker's
    // window waits here, before its message is built, so only a few dozen exist at a time.
    pacing: () => ({ key: 'email', concurrency: connections * 2 }),
    prepare(event): Prepared {
      const host = new URL(event.page.url).hostname || 'flare.local';
      const from = configuredFrom?.address
        ? configuredFrom
        : {
            name: statusName(event.page.name),
            address: `status@${host.includes('.') ? host : `${host}.local`}`,
          };
      return { host, from, zones: new Map() };
    },
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
      const { host, from, zones } = prepared as Prepared;
      // an account's own compensation line makes its own rendering (never shared with another's)
      const comp = to.compensation ?? null;
      const zone = `${readerKey(Boolean(event.template), to.timeZone, to.locale)}${comp ? `|${comp}` : ''}`;
      let compiled = zones.get(zone);
      if (!compiled) {
        compiled = renderNotification(event, to.timeZone, to.locale, comp).then((message) => ({
          message,
          mime: compileEmail({ from: formatAddress(from.name, from.address), ...message }),
        }));
        zones.set(zone, compiled);
      }
      const { message: m, mime } = await compiled;
      const messageId = `<${to.key}.${event.notificationId}@${host}>`;
      // the common case is one string join; unusual addresses go through nodemailer's composer
      const unsigned = isSimpleAddress(to.address)
        ? renderEmail(mime, {
            to: to.address,
            messageId,
            deliveryKey: to.key,
            manageUrl: to.manageUrl,
            unsubscribeUrl: to.unsubscribeUrl,
            // a notice to the team is not a subscription: nothing to unsubscribe from
            unsubscribePostUrl: event.team ? '' : to.unsubscribePostUrl,
          })
        : await new MailComposer({
            from,
            to: to.address,
            subject: m.subject,
            text: withLinks(m.text, to.manageUrl, to.unsubscribeUrl),
            html: withLinks(m.html, to.manageUrl, to.unsubscribeUrl, true),
            messageId,
            headers: {
              ...(event.team ? {} : { 'List-Unsubscribe': `<${to.unsubscribePostUrl}>` }),
              ...(!event.team && oneClick(to.unsubscribePostUrl)
                ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
                : {}),
              'X-Flare-Delivery': to.key,
            },
          })
            .compile()
            .build();
      const raw = dkim ? dkimSign(unsigned.toString(), dkim, deps.clock.now().getTime()) : unsigned;
      return deliver({ from: from.address, to: [to.address] }, raw, messageId);
    },
    async sendDirect(m) {
      if (providers.length === 0)
        return {
          ok: false,
          error: 'no SMTP provider is configured (set FLARE_SMTP_URL)',
          retryable: true,
        };
      const host = new URL(m.pageUrl).hostname || 'flare.local';
      const from = configuredFrom?.address
        ? configuredFrom
        : {
            name: statusName(m.pageName),
            address: `status@${host.includes('.') ? host : `${host}.local`}`,
          };
      const messageId = `<${m.key}@${host}>`;
      const unsigned = await new MailComposer({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId,
        ...(m.inReplyTo ? { inReplyTo: m.inReplyTo, references: [m.inReplyTo] } : {}),
        headers: { 'X-Flare-Delivery': m.key },
      })
        .compile()
        .build();
      const raw = dkim ? dkimSign(unsigned.toString(), dkim, deps.clock.now().getTime()) : unsigned;
      return deliver({ from: from.address, to: [m.to] }, raw, messageId);
    },
    async close() {
      for (const p of providers) p.impl.close();
    },
  };
};

export const email: ChannelDescriptor = {
  name: 'email',
  label: 'Email',
  address: 'email',
  outboundUrl: false,
  chat: false,
  template: 'email',
  onThread: false,
  icon: '<rect x="2.5" y="4.5" width="15" height="11" rx="2"/><path d="M3 5.5l7 5.5 7-5.5"/>',
  create: emailChannel,
};
