/**
 * The send thread (see threaded.ts): holds the real channels and sends what the worker's thread
 * hands it, answering each batch as its sends finish.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { Pacer } from '../lib/pacing.js';
import { withAllowedOrigins } from './allowOrigins.js';
import { createChannels } from './catalog.js';
import { LinkedRecipient } from './recipient.js';
import type { FromThread, SendRequest, ThreadData, ToThread } from './threaded.js';
import type { Channel, SendResult } from './types.js';

const data = workerData as ThreadData;
const port = parentPort;
if (!port) throw new Error('threadEntry.ts runs only as a worker thread');
const logger = pino({ level: data.config.logLevel }).child({ thread: 'send' });
const key = Buffer.from(data.secretKey);
const deps = {
  config: data.config,
  logger,
  clock: { now: () => new Date() },
  env: data.env,
  secretKey: key,
};
const channels = withAllowedOrigins(createChannels(deps), deps);

interface Known {
  event: DeliveryEvent;
  prepared: Map<string, Promise<unknown>>;
}
const events = new Map<number, Known>();
/** only its concurrency caps are used here; rates and pauses are the worker's */
const pacer = new Pacer();

let results: Array<{ seq: number; result: SendResult }> = [];
let scheduled = false;
function answer(seq: number, result: SendResult): void {
  results.push({ seq, result });
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const batch = results;
    results = [];
    port?.postMessage({ type: 'results', batch } satisfies FromThread);
  });
}

async function send(req: SendRequest): Promise<SendResult> {
  const known = events.get(req.event);
  const channel: Channel | undefined = channels.get(req.channel);
  if (!known) return { ok: false, error: 'the send thread lost the event', retryable: true };
  if (!channel)
    return { ok: false, error: `channel ${req.channel} is not configured`, retryable: false };
  let prepared = known.prepared.get(req.channel);
  if (!prepared) {
    prepared = Promise.resolve(channel.prepare(known.event));
    prepared.catch(() => known.prepared.delete(req.channel));
    known.prepared.set(req.channel, prepared);
  }
  const to = new LinkedRecipient(req.to, key, known.event.page.url);
  const p = await prepared;
  const pacing = channel.pacing?.(to);
  const slot = pacing?.key ?? '';
  const free =
    pacer.tryAcquire(slot, pacing?.concurrency) ?? (await pacer.acquire(slot, pacing?.concurrency));
  try {
    return await channel.send(p, to, known.event);
  } finally {
    free();
  }
}

port.on('message', (msg: ToThread) => {
  if (msg.type === 'event') {
    events.set(msg.id, { event: msg.event, prepared: new Map() });
  } else if (msg.type === 'forget') {
    events.delete(msg.id);
  } else if (msg.type === 'send') {
    for (const req of msg.batch) {
      send(req).then(
        (result) => answer(req.seq, result),
        (err: Error) => answer(req.seq, { ok: false, error: err.message, retryable: true }),
      );
    }
  } else if (msg.type === 'close') {
    void Promise.all([...channels.values()].map((c) => c.close?.())).finally(() =>
      port.postMessage({ type: 'closed' } satisfies FromThread),
    );
  }
});
