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
import { type PreparedCache, preparedFor } from './prepared.js';
import { unpackRecipient } from './recipient.js';
import {
  type FromThread,
  packResult,
  SEND_VALUES,
  type ThreadData,
  type ToThread,
} from './threaded.js';
import type { Channel, Recipient, SendResult } from './types.js';

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

const events = new Map<number, PreparedCache>();
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

function failed(err: unknown): SendResult {
  return { ok: false, error: (err as Error)?.message ?? String(err), retryable: true };
}

/**
 * Starts the send whose values start at `at` in a batch (see SEND_VALUES) and answers it when it
 * ends. Nearly every send finds its event prepared and a slot free, and goes out without
 * waiting on a promise of its own (each cost a turn of the microtask queue and garbage).
 */
function start(flat: readonly unknown[], at: number): void {
  const seq = flat[at] as number;
  const known = events.get(flat[at + 1] as number);
  const name = flat[at + 2] as string;
  const channel: Channel | undefined = channels.get(name);
  if (!known || !channel) {
    answer(seq, {
      ok: false,
      error: known ? `channel ${name} is not configured` : 'the send thread lost the event',
      retryable: !known,
    });
    return;
  }
  const prepared = preparedFor(known, channel);
  if (prepared instanceof Promise) {
    prepared.then(
      (p) => slotThen(seq, channel, p, flat, at, known),
      (err) => answer(seq, failed(err)),
    );
    return;
  }
  slotThen(seq, channel, prepared, flat, at, known);
}

function slotThen(
  seq: number,
  channel: Channel,
  prepared: unknown,
  flat: readonly unknown[],
  at: number,
  known: PreparedCache,
): void {
  let to: Recipient;
  let slot: string;
  let max: number | undefined;
  try {
    to = unpackRecipient(flat, at + 3, key, known.event.page.url);
    const pacing = channel.pacing?.(to);
    slot = pacing?.key ?? '';
    max = pacing?.concurrency;
  } catch (err) {
    answer(seq, failed(err));
    return;
  }
  if (!max) {
    go(seq, channel, prepared, to, known.event, null);
    return;
  }
  const event = known.event;
  pacer.whenFree(slot, max, () => go(seq, channel, prepared, to, event, slot));
}

/** Sends, answers, and frees the slot taken for `slot` (null: none was taken). */
function go(
  seq: number,
  channel: Channel,
  prepared: unknown,
  to: Recipient,
  event: DeliveryEvent,
  slot: string | null,
): void {
  const done = (result: SendResult) => {
    if (slot !== null) pacer.release(slot);
    answer(seq, result);
  };
  let sending: Promise<SendResult>;
  try {
    sending = channel.send(prepared, to, event);
  } catch (err) {
    done(failed(err));
    return;
  }
  sending.then(done, (err) => done(failed(err)));
}

port.on('message', (msg: ToThread) => {
  if (msg.type === 'event') {
    events.set(msg.id, { event: msg.event, prepared: new Map(), ready: new Map() });
  } else if (msg.type === 'forget') {
    events.delete(msg.id);
  } else if (msg.type === 'send') {
    const { flat } = msg;
    for (let at = 0; at < flat.length; at += SEND_VALUES) {
      try {
        start(flat, at);
      } catch (err) {
        // one send's fault fails that send, never the rest of its batch or the thread
        answer(flat[at] as number, failed(err));
      }
    }
  } else if (msg.type === 'close') {
    void Promise.all([...channels.values()].map((c) => c.close?.())).finally(() =>
      port.postMessage({ type: 'closed' } satisfies FromThread),
    );
  }
});
