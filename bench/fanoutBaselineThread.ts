/**
 * The webhook half of the raw baseline (bench/fanoutBaseline.ts), on a worker thread as Flare's
 * webhooks are on its send thread (ADR 0006): the same undici Agent (src/channels/net.ts
 * outboundAgent, same connection count), the same cap of requests in flight per host, the same
 * headers, and a Standard Webhooks signature per message with the same HMAC (signWebhook). No
 * database, no queue, no per-recipient body: what a raw client at its best does per webhook.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MAX_ANSWER_BYTES } from '../src/channels/httpPost.js';
import { outboundAgent } from '../src/channels/net.js';
import { signWebhook } from '../src/channels/webhook.js';
import { lanes } from './fanoutLanes.js';

export interface WebhookJob {
  url: string;
  body: string;
  secret: string;
  count: number;
  /** requests in flight at once (FLARE_WEBHOOK_HOST_CONCURRENCY, Flare's per-host cap) */
  concurrency: number;
  /** undici connections, as webhookChannel gives outboundAgent */
  connections: number;
  firstId: number;
}

async function main(job: WebhookJob): Promise<number> {
  const agent = outboundAgent(true, job.connections);
  const url = new URL(job.url);
  // encoded once, as Flare encodes the shared part of a webhook's body once per event
  const body = Buffer.from(job.body);
  const { failed } = await lanes(job.count, job.concurrency, async (i) => {
    const id = `dlv_${job.firstId + i}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await agent.request({
      origin: url.origin,
      path: `${url.pathname}/${i}`,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Flare/0.1 (+status notifications)',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(job.secret, id, timestamp, body),
      },
      body,
    });
    // the answer is discarded unread, as Flare discards a webhook's 2xx answer
    await res.body.dump({ limit: MAX_ANSWER_BYTES });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  });
  await agent.close();
  return failed;
}

// loaded and ready: wait for the word, so the start of the baseline does not include ours
parentPort?.once('message', () =>
  main(workerData as WebhookJob).then(
    (failed) => parentPort?.postMessage({ failed }),
    (err: Error) => parentPort?.postMessage({ error: err.message }),
  ),
);
parentPort?.postMessage({ ready: true });
