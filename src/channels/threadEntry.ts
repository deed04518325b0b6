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
import { unpackRecipient } from './recipient.js';
import {
  type FromThread,
  packResult,
  SEND_VALUES,
  type ThreadData,
  type ToThread,
} from './threaded.js';
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

let seqs: number[] = [];
let results: Array<string | SendResult> = [];
let scheduled = false;
function answer(seq: number, result: SendResult): void {
  seqs.push(seq);
  results.push(packResult(result));
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const msg = { type: 'results', seqs, results } satisfies FromThread;
    seqs = [];
    results = [];
    port?.postMessage(msg);
  });
}

/** The send whose values start at `at` in a batch (see SEND_VALUES). */
async function send(flat: readonly unknown[], at: number): Promise<SendResult> {
  const known = events.get(flat[at + 1] as number);
  const name = flat[at + 2] as string;
  const channel: Channel | undefined = channels.get(name);
  if (!known) return { ok: false, error: 'the send thread lost the event', retryable: true };
  if (!channel) return { ok: false, error: `channel ${name} is not configured`, retryable: false };
  let prepared = known.prepared.get(name);
  if (!prepared) {
    prepared = Promise.resolve(channel.prepare(known.event));
    prepared.catch(() => known.prepared.delete(name));
    known.prepared.set(name, prepared);
  }
  const to = unpackRecipient(flat, at + 3, key, known.event.page.url);
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
    const { flat } = msg;
    for (let at = 0; at < flat.length; at += SEND_VALUES) {
      const seq = flat[at] as number;
      send(flat, at).then(
        (result) => answer(seq, result),
        (err: Error) => answer(seq, { ok: false, error: err.message, retryable: true }),
      );
    }
  } else if (msg.type === 'close') {
    void Promise.all([...channels.values()].map((c) => c.close?.())).finally(() =>
      port.postMessage({ type: 'closed' } satisfies FromThread),
    );
  }
});
