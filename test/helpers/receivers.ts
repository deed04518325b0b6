/** Real receivers on 127.0.0.1: an SMTP server (smtp-server + mailparser) and an HTTP server. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpReceiver {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** each message as it arrived (for DKIM verification) */
  raw: Buffer[];
  /** raw envelopes: recipients per message */
  recipients: string[][];
  /** when set, every message is refused with this SMTP code */
  failWith: number | null;
  /** addresses refused at RCPT TO with 550 (a hard bounce) */
  rejectRecipients: Set<string>;
  close(): Promise<void>;
}

export async function startSmtp(opts: { port?: number } = {}): Promise<SmtpReceiver> {
  const r: SmtpReceiver = {
    url: '',
    port: 0,
    messages: [],
    raw: [],
    recipients: [],
    failWith: null,
    rejectRecipients: new Set(),
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (!r.rejectRecipients.has(address.address.toLowerCase())) return callback();
      const err = new Error('no such user') as Error & { responseCode: number };
      err.responseCode = 550;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      new Promise<Buffer>((resolve, reject) => {
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      })
        .then(async (raw) => ({ raw, mail: await simpleParser(raw) }))
        .then(({ raw, mail }) => {
          if (r.failWith) {
            const err = new Error('refused by test') as Error & { responseCode: number };
            err.responseCode = r.failWith;
            return callback(err);
          }
          r.messages.push(mail);
          r.raw.push(raw);
          r.recipients.push(session.envelope.rcptTo.map((a) => a.address));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  r.port = port;
  r.url = `smtp://127.0.0.1:${port}?tls=off`;
  r.close = () => new Promise((resolve) => server.close(() => resolve()));
  return r;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** answers each request; defaults to 200 */
  respond: (req: ReceivedRequest, res: ServerResponse) => void;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const r: HttpReceiver = {
    url: '',
    requests: [],
    respond: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    },
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rec = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      r.requests.push(rec);
      r.respond(rec, res);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  r.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}

export async function waitFor(
  check: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
