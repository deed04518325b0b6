/**
 * The raw baseline for bench/fanout.ts, run as its own process: the same receivers driven with
 * no database and no Flare, with the resources and clients Flare has (ADR 0006).
 *
 * - Webhooks go out from a worker thread (fanoutBaselineThread.ts), as Flare's do from its send
 *   thread: the same undici Agent, the same per-host cap, signed with the same HMAC.
 * - Emails go out from the main thread, as Flare's do from the worker's thread, through Flare's
 *   own pipelined SMTP pool (src/channels/smtpPool.ts) with the same connection count and
 *   timeouts and as many messages in flight as the email channel allows (two a connection).
 *   Each is the message Flare sends, prebuilt once; only its key changes.
 *
 * So the ratio measures what Flare's queue, record and per-recipient work cost, not a better
 * client or an extra core. The parent sends one `run` message and gets one `done` back.
 */
import { Worker as Thread } from 'node:worker_threads';
import { SmtpPool } from '../src/channels/smtpPool.js';
import type { WebhookJob } from './fanoutBaselineThread.js';
import { lanes } from './fanoutLanes.js';

export interface BaselineOptions {
  webhook: WebhookJob;
  smtpHost: string;
  smtpPort: number;
  emails: number;
  smtpConnections: number;
  /** the envelope's sender, Flare's */
  mailFrom: string;
  /** a whole message; `%KEY%` is replaced by each message's key */
  rawMail: string;
  /** ids of the emails start here (after the webhooks' ids) */
  firstEmailId: number;
}

export interface BaselineDone {
  type: 'done';
  webhookFailed: number;
  emailFailed: number;
  /** CPU of this process, both threads (user + system), in ms */
  cpuMs: number;
  peakRss: number;
}

/** Starts the webhook thread; resolves, once it has loaded, with the function that runs it. */
async function webhookThread(job: WebhookJob): Promise<() => Promise<number>> {
  if (job.count === 0) return () => Promise.resolve(0);
  // next to this file in the same form: .ts under tsx (whose ESM hooks Node 20 does not run in
  // threads, so the thread goes through tsx's require hook, as src/channels/threaded.ts does)
  const ts = import.meta.url.endsWith('.ts');
  const entry = new URL(
    ts ? './fanoutBaselineThread.ts' : './fanoutBaselineThread.mjs',
    import.meta.url,
  );
  const thread = ts
    ? new Thread(`require('tsx/cjs'); require(${JSON.stringify(entry.pathname)});`, {
        eval: true,
        workerData: job,
      })
    : new Thread(entry, { workerData: job });
  const next = () =>
    new Promise<{ ready?: boolean; failed?: number; error?: string }>((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
    });
  await next(); // loaded
  return async () => {
    const done = next();
    thread.postMessage('go');
    try {
      const m = await done;
      if (m.error) throw new Error(m.error);
      return m.failed ?? 0;
    } finally {
      await thread.terminate();
    }
  };
}

async function sendEmails(o: BaselineOptions): Promise<number> {
  if (o.emails === 0) return 0;
  const pool = new SmtpPool({
    host: o.smtpHost,
    port: o.smtpPort,
    secure: false,
    ignoreTLS: true,
    tls: { rejectUnauthorized: true },
    connections: o.smtpConnections,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 20_000,
  });
  const { failed } = await lanes(o.emails, o.smtpConnections * 2, async (i) => {
    const key = `dlv_${o.firstEmailId + i}`;
    await pool.send(
      { from: o.mailFrom, to: [`baseline${i}@example.com`] },
      o.rawMail.replaceAll('%KEY%', key),
    );
  });
  pool.close();
  return failed;
}

async function run(o: BaselineOptions): Promise<BaselineDone> {
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  const webhooks = await webhookThread(o.webhook);
  process.send?.({ type: 'started', at: performance.timeOrigin + performance.now() });
  const cpu0 = process.cpuUsage();
  const [webhookFailed, emailFailed] = await Promise.all([webhooks(), sendEmails(o)]);
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  return {
    type: 'done',
    webhookFailed,
    emailFailed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRss,
  };
}

if (!process.send) throw new Error('fanoutBaseline.ts must be started with an IPC channel');
process.once('message', (m: { type: 'run'; options: BaselineOptions }) => {
  run(m.options).then(
    (done) => process.send?.(done, () => process.exit(0)),
    (err: Error) => {
      console.error(`baseline failed: ${err.message}`);
      process.exit(1);
    },
  );
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
