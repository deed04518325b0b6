/**
 * The raw baseline for bench/fanout.ts: the same receivers driven directly, with no database
 * and no Flare, at the same concurrency and with the same client settings Flare uses (an undici
 * Agent like src/channels/net.ts outboundAgent; nodemailer's pooled SMTP like
 * src/channels/email.ts, Nagle off). Bodies are built once, each message only gets its own key:
 * emails go as prebuilt raw MIME, so the baseline is what the transport and receiver can take.
 */
import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { Agent } from 'undici';

export interface BaselineOptions {
  webhookUrl: string;
  webhookBody: string;
  webhooks: number;
  /** requests in flight at once (Flare's per-host cap) */
  webhookConcurrency: number;
  /** undici connections (what outboundAgent is given) */
  webhookConnections: number;
  smtpHost: string;
  smtpPort: number;
  emails: number;
  smtpConnections: number;
  /** a whole message; `%KEY%` is replaced by each message's key */
  rawMail: string;
  /** ids start here so they do not collide with Flare's deliveries in the receivers' bitmaps */
  firstId: number;
}

/**
 * Each pooled SMTP connection with Nagle off, as Flare's own pool opens them (the end-of-data
 * dot is a small write that would otherwise wait ~40 ms for the server's delayed ACK).
 */
function noDelaySocket(host: string, port: number) {
  return (
    _options: unknown,
    callback: (err: Error | null, socket?: { connection: ReturnType<typeof connect> }) => void,
  ) => {
    const socket = connect({ host, port, noDelay: true, keepAlive: true });
    socket.once('error', (err) => callback(err));
    socket.once('connect', () => callback(null, { connection: socket }));
  };
}

/** Runs `count` jobs with at most `concurrency` at once. */
async function pool(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<{ failed: number }> {
  let next = 0;
  let failed = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      try {
        await job(i);
      } catch {
        failed++;
      }
    }
  });
  await Promise.all(lanes);
  return { failed };
}

export async function runBaseline(o: BaselineOptions): Promise<{
  webhookFailed: number;
  emailFailed: number;
}> {
  const agent = new Agent({
    connections: o.webhookConnections,
    keepAliveTimeout: 10_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
    connect: { timeout: 5_000 },
  });
  const url = new URL(o.webhookUrl);
  const transport = nodemailer.createTransport({
    host: o.smtpHost,
    port: o.smtpPort,
    secure: false,
    ignoreTLS: true,
    getSocket: noDelaySocket(o.smtpHost, o.smtpPort),
    pool: true,
    maxConnections: o.smtpConnections,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 20_000,
  });
  const webhooks = pool(o.webhooks, o.webhookConcurrency, async (i) => {
    const res = await agent.request({
      origin: url.origin,
      path: `${url.pathname}/${i}`,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Flare/0.1 (+status notifications)',
        'webhook-id': `dlv_${o.firstId + i}`,
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      },
      body: o.webhookBody,
    });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  });
  // nodemailer queues inside its pool; keep a couple of messages waiting per connection
  const emails = pool(o.emails, o.smtpConnections * 2, async (i) => {
    const key = `dlv_${o.firstId + o.webhooks + i}`;
    await transport.sendMail({
      envelope: { from: 'status@bench.local', to: [`baseline${i}@example.com`] },
      messageId: `<${key}@bench.test>`,
      raw: o.rawMail.replaceAll('%KEY%', key),
    });
  });
  const [w, e] = await Promise.all([webhooks, emails]);
  transport.close();
  await agent.close();
  return { webhookFailed: w.failed, emailFailed: e.failed };
}
