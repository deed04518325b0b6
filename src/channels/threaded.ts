/**
 * The channels, run on a thread of their own (ADR 0006). The delivery worker's thread claims,
 * reads and records deliveries in the database; building each message, signing it and talking
 * HTTP or SMTP (most of a delivery's CPU) happens on the send thread, so one worker uses two
 * cores. To the worker these are ordinary channels: `send` resolves with the channel's result.
 *
 * Sends cross in batches (one message per event-loop turn each way). Send rates and pauses stay
 * with the worker (`pacing` is answered by a local copy of each channel that never sends); the
 * cap on concurrent sends per destination is applied on the thread. If the thread
 * dies, every send in flight fails as retryable and the next send starts a new thread; the
 * worker's leases already cover a crash of the whole process.
 */
import { Worker as Thread } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { withAllowedOrigins } from './allowOrigins.js';
import { DELIVERY_CHANNEL_NAMES as CHANNEL_NAMES, CHANNELS, createChannels } from './catalog.js';
import { PACKED_RECIPIENT, packRecipient } from './recipient.js';
import type { Channel, ChannelDeps, ChannelName, Pacing, Recipient, SendResult } from './types.js';

/**
 * A batch of sends, flat: for each, its seq, its event's id, its channel and then the recipient's
 * fields (`packRecipient`), SEND_VALUES values in all. A flat array of plain values crosses
 * between threads several times cheaper than as many small objects.
 */
export const SEND_VALUES = 3 + PACKED_RECIPIENT;

export type ToThread =
  | { type: 'event'; id: number; event: DeliveryEvent }
  | { type: 'forget'; id: number }
  | { type: 'send'; flat: unknown[] }
  | { type: 'close' };

/**
 * Results in send order: `seqs[i]` answered `results[i]`, where a string is a success through
 * that provider (nearly every result, so nearly no object crosses back).
 */
export type FromThread =
  | { type: 'results'; seqs: number[]; results: Array<string | SendResult> }
  | { type: 'closed' };

/** A result as it crosses back: a plain success is only its provider's name. */
export function packResult(r: SendResult): string | SendResult {
  return r.ok && r.providerMessageId === undefined ? r.provider : r;
}

export function unpackResult(r: string | SendResult): SendResult {
  return typeof r === 'string' ? { ok: true, provider: r } : r;
}

export interface ThreadData {
  config: ChannelDeps['config'];
  env: Record<string, string | undefined>;
  secretKey: Uint8Array;
}

interface Pending {
  resolve: (r: SendResult) => void;
}

/** At most this many events are kept on the thread; older ones are forgotten there. */
const EVENTS_KEPT = 200;

export class SendThread {
  private thread: Thread | null = null;
  private seq = 0;
  private pending = new Map<number, Pending>();
  /** sends not yet handed to the thread (SEND_VALUES each), and the event of each */
  private outbox: unknown[] = [];
  private outboxEvents: DeliveryEvent[] = [];
  private scheduled = false;
  private eventIds = new WeakMap<DeliveryEvent, number>();
  /** events the current thread has, oldest first */
  private sent = new Map<number, DeliveryEvent>();
  private nextEventId = 1;

  constructor(
    private readonly data: ThreadData,
    private readonly logger: Logger,
  ) {}

  /** Starts the thread now, so the first delivery does not wait for it to load. */
  start(): void {
    this.tryEnsure();
  }

  private tryEnsure(): Thread | string {
    try {
      return this.ensure();
    } catch (err) {
      this.logger.error({ err }, 'the send thread could not start');
      return `the send thread could not start: ${(err as Error).message}`;
    }
  }

  send(event: DeliveryEvent, channel: ChannelName, to: Recipient): Promise<SendResult> {
    let id = this.eventIds.get(event);
    if (id === undefined) {
      id = this.nextEventId++;
      this.eventIds.set(event, id);
    }
    const seq = ++this.seq;
    this.outbox.push(seq, id, channel);
    packRecipient(to, this.outbox);
    this.outboxEvents.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return new Promise((resolve) => this.pending.set(seq, { resolve }));
  }

  /**
   * Hands the queued sends to the thread (starting one if needed), each event ahead of the
   * first send that needs it; a send that never reached a thread is never failed for one.
   */
  private flush(): void {
    this.scheduled = false;
    if (this.outbox.length === 0) return;
    const flat = this.outbox;
    const events = this.outboxEvents;
    this.outbox = [];
    this.outboxEvents = [];
    const thread = this.tryEnsure();
    if (typeof thread === 'string') {
      for (let i = 0; i < flat.length; i += SEND_VALUES)
        this.settle(flat[i] as number, { ok: false, error: thread, retryable: true });
      return;
    }
    for (let i = 0; i < events.length; i++) {
      const id = flat[i * SEND_VALUES + 1] as number;
      if (this.sent.has(id)) continue;
      thread.postMessage({ type: 'event', id, event: events[i] } satisfies ToThread);
      this.sent.set(id, events[i]);
    }
    thread.postMessage({ type: 'send', flat } satisfies ToThread);
    // the thread reads a send's event when the send arrives, so forgetting after it is safe
    while (this.sent.size > EVENTS_KEPT) {
      const oldest = this.sent.keys().next().value as number;
      this.sent.delete(oldest);
      thread.postMessage({ type: 'forget', id: oldest } satisfies ToThread);
    }
  }

  private settle(seq: number, result: SendResult): void {
    const p = this.pending.get(seq);
    if (!p) return;
    this.pending.delete(seq);
    p.resolve(result);
  }

  private ensure(): Thread {
    if (this.thread) return this.thread;
    const entry = new URL(
      import.meta.url.endsWith('.ts') ? './threadEntry.ts' : './threadEntry.js',
      import.meta.url,
    );
    const limits = {
      workerData: this.data,
      // what the thread keeps is the sends in flight (a few MB); uncapped, V8 let its garbage
      // grow the heap past 100 MB before collecting, on top of the worker's own
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
    };
    // from TypeScript sources (tests, tsx): Node 20 does not run the ESM loader hooks of
    // `--import tsx` in worker threads, so the thread loads the sources through tsx's require hook
    const thread = entry.pathname.endsWith('.ts')
      ? new Thread(`require('tsx/cjs'); require(${JSON.stringify(entry.pathname)});`, {
          ...limits,
          eval: true,
        })
      : new Thread(entry, limits);
    thread.unref();
    thread.on('message', (msg: FromThread) => {
      if (msg.type !== 'results') return;
      for (let i = 0; i < msg.seqs.length; i++)
        this.settle(msg.seqs[i], unpackResult(msg.results[i]));
    });
    // the sends this thread had fail as retryable; those still queued here go to the next one
    const lost = (why: string) => {
      if (this.thread !== thread) return;
      this.thread = null;
      this.sent.clear();
      const queued = new Set<number>();
      for (let i = 0; i < this.outbox.length; i += SEND_VALUES)
        queued.add(this.outbox[i] as number);
      for (const seq of [...this.pending.keys()])
        if (!queued.has(seq)) this.settle(seq, { ok: false, error: why, retryable: true });
    };
    thread.on('error', (err) => {
      this.logger.error({ err }, 'the send thread failed');
      lost(`the send thread failed: ${err.message}`);
    });
    thread.on('exit', (code) => lost(`the send thread exited (code ${code})`));
    this.thread = thread;
    this.sent.clear();
    return thread;
  }

  /** Lets sends in flight finish, closes the channels on the thread, and ends it. */
  async close(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    this.flush();
    const until = Date.now() + 10_000;
    while (this.pending.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 5_000);
      thread.once('message', (m: FromThread) => {
        if (m.type === 'closed') {
          clearTimeout(t);
          resolve();
        }
      });
      thread.postMessage({ type: 'close' } satisfies ToThread);
    });
    this.thread = null;
    await thread.terminate();
  }
}

/**
 * The channels, those named in `onThread` sending through one shared send thread and the others
 * as they are. For a threaded channel `prepare` only names the event and `pacing` runs on a local
 * copy of the channel that never sends.
 */
export function threadedChannels(
  deps: ChannelDeps,
  secretKey: Buffer,
  onThread: ReadonlySet<ChannelName>,
): Map<ChannelName, Channel> {
  const local = withAllowedOrigins(createChannels(deps), deps);
  if (onThread.size === 0) return local;
  const thread = new SendThread(
    { config: deps.config, env: { ...deps.env }, secretKey: new Uint8Array(secretKey) },
    deps.logger,
  );
  thread.start();
  const out = new Map<ChannelName, Channel>();
  const withoutCap = new WeakMap<Pacing, Pacing>();
  let closed = false;
  for (const [name, c] of local) {
    if (!onThread.has(name)) {
      out.set(name, c);
      continue;
    }
    out.set(name, {
      name,
      prepare: () => null,
      // the send rate and Retry-After pauses are kept here; the cap on sends in flight is kept
      // on the thread, so a slot frees the moment its answer arrives, not a hop later
      pacing: c.pacing
        ? (to) => {
            const p = c.pacing?.(to);
            if (!p || p.concurrency === undefined) return p;
            // a channel that keeps one object a destination gets one here too
            let local = withoutCap.get(p);
            if (!local) {
              local = { key: p.key, perSecond: p.perSecond };
              withoutCap.set(p, local);
            }
            return local;
          }
        : undefined,
      send: (_prepared, to, event) => thread.send(event, name, to),
      close: async () => {
        await c.close?.();
        if (closed) return;
        closed = true;
        await thread.close();
      },
    });
  }
  return out;
}

/** The channels that talk HTTP (descriptors with `onThread`): their sends are CPU work here. */
export const DEFAULT_ON_THREAD = CHANNELS.filter((d) => d.onThread)
  .map((d) => d.name)
  .join(',');

/**
 * Which channels send on the send thread: FLARE_SEND_THREAD, comma-separated (default: the HTTP
 * channels; `0` or `none` sends everything on the worker's own thread).
 */
export function threadedFromEnv(env: NodeJS.ProcessEnv): Set<ChannelName> {
  const raw = (env.FLARE_SEND_THREAD ?? DEFAULT_ON_THREAD).trim();
  if (raw === '' || raw === '0' || raw === 'none') return new Set();
  const out = new Set<ChannelName>();
  for (const part of raw.split(',')) {
    const name = part.trim() as ChannelName;
    if (!CHANNEL_NAMES.includes(name))
      throw new Error(
        `FLARE_SEND_THREAD: ${JSON.stringify(part.trim())} is not a channel (use ${CHANNEL_NAMES.join(', ')}, or 0)`,
      );
    out.add(name);
  }
  return out;
}
