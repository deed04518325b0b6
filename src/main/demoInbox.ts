/**
 * The demo inbox: when `flare start` runs without FLARE_SMTP_URL, an in-process SMTP server on
 * 127.0.0.1 and a webhook receiver at POST /demo/webhook/:name keep the last messages Flare
 * sends in memory, and /demo/inbox shows them. Nothing leaves the machine.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { demoInboxRoutes } from '../http/routes/demoInbox.js';
import type { DemoEmail, DemoWebhook } from '../pages/demoInbox.js';
import type { ServerOptions } from './serve.js';

export const INBOX_LIMIT = 500;

const SHOWN_HEADERS = [
  'message-id',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'list-id',
  'x-flare-delivery',
  'date',
];

function shownHeaders(mail: ParsedMail): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const { key, line } of mail.headerLines) {
    if (!SHOWN_HEADERS.includes(key)) continue;
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ');
    out.push([line.slice(0, line.indexOf(':')), value.trim()]);
  }
  return out;
}

function addressList(a: ParsedMail['to']): string[] {
  if (!a) return [];
  return (Array.isArray(a) ? a : [a]).flatMap((x) => x.value.map((v) => v.address ?? v.name));
}

export class DemoInbox {
  readonly emails: DemoEmail[] = [];
  readonly webhooks: DemoWebhook[] = [];
  /** webhook receiver name → the subscriber's signing secret, when known */
  readonly secrets = new Map<string, string>();
  private nextId = 1;

  private constructor(
    private readonly smtp: SMTPServer,
    readonly smtpPort: number,
  ) {}

  /** changes whenever something arrives */
  get version(): number {
    return this.nextId;
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.smtpPort}?tls=off`;
  }

  /** Starts the SMTP side on 127.0.0.1 (port 0 picks a free one). */
  static async start(opts: { port?: number } = {}): Promise<DemoInbox> {
    let inbox: DemoInbox | undefined;
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 5 * 1024 * 1024,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            inbox?.addEmail(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      smtp.server.once('error', reject);
      smtp.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    inbox = new DemoInbox(smtp, (smtp.server.address() as AddressInfo).port);
    return inbox;
  }

  addEmail(mail: ParsedMail): DemoEmail {
    const email: DemoEmail = {
      id: this.nextId++,
      receivedAt: new Date().toISOString(),
      subject: mail.subject ?? '(no subject)',
      from: mail.from?.text ?? '',
      to: addressList(mail.to),
      date: mail.date?.toISOString() ?? null,
      text: mail.text ?? '',
      html: typeof mail.html === 'string' ? mail.html : null,
      headers: shownHeaders(mail),
    };
    this.push(this.emails, email);
    return email;
  }

  addWebhook(name: string, headers: Record<string, unknown>, body: string): DemoWebhook {
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    const hook: DemoWebhook = {
      id: this.nextId++,
      receivedAt: new Date().toISOString(),
      name,
      headers: Object.entries(flat),
      body,
      signatureValid: null,
    };
    const secret = this.secrets.get(name);
    if (secret && flat['webhook-signature']) {
      try {
        new Webhook(secret).verify(body, flat);
        hook.signatureValid = true;
      } catch (err) {
        hook.signatureValid = false;
        hook.signatureError = (err as Error).message;
      }
    }
    this.push(this.webhooks, hook);
    return hook;
  }

  private push<T>(list: T[], item: T): void {
    list.unshift(item); // newest first
    if (list.length > INBOX_LIMIT) list.length = INBOX_LIMIT;
  }

  /** What startServer needs: the inbox routes, and a worker sending email here. */
  serverOptions(): Pick<ServerOptions, 'routes' | 'workerEnv'> {
    return {
      routes: [demoInboxRoutes(this)],
      workerEnv: (url) => ({
        ...process.env,
        FLARE_SMTP_URL: this.smtpUrl,
        FLARE_ALLOW_ORIGINS: [process.env.FLARE_ALLOW_ORIGINS, demoOrigin(url)]
          .filter(Boolean)
          .join(','),
      }),
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.smtp.close(() => resolve()));
  }
}

/** The origin Flare posts demo webhooks to: the server itself, by IP so no DNS is involved. */
export function demoOrigin(serverUrl: string): string {
  const u = new URL(serverUrl);
  if (u.hostname === 'localhost') u.hostname = '127.0.0.1';
  return u.origin;
}

/** FLARE_DEMO_SMTP_PORT, or 0 for a free port. */
export function demoSmtpPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FLARE_DEMO_SMTP_PORT;
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`FLARE_DEMO_SMTP_PORT must be a port number (got ${raw})`);
  return n;
}
