/**
 * The delivery worker: expands notifications, claims leased batches, sends each delivery
 * through its channel within per-destination limits, and records every outcome. Results are
 * written in small transactions every few milliseconds, so a crash loses at most the batch in
 * flight, which the lease then hands to the next worker (the receiver can deduplicate by the
 * delivery's idempotency key).
 */
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { App } from '../app.js';
import { DELIVERY_CHANNEL_NAMES as CHANNELS, threadsMessages } from '../channels/catalog.js';
import { type PreparedCache, preparedFor } from '../channels/prepared.js';
import { LinkedRecipient } from '../channels/recipient.js';
import type { Channel, ChannelName } from '../channels/types.js';
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { quietUntil } from '../domain/digest.js';
import { DEFAULT_RETRY, nextDelayMs, type RetryPolicy } from '../domain/retry.js';
import { newId } from '../lib/ids.js';
import { Pacer } from '../lib/pacing.js';
import { compensationFor } from '../store/queries/compensation.js';
import { lastMessageAbout } from '../store/queries/deliveries.js';
import {
  type Claimed,
  claimBatch,
  type Outcome,
  reapExpiredLeases,
  recordOutcomes,
  renewLeases,
} from './claim.js';
import { buildEvent } from './events.js';
import { expandStep } from './expand.js';
import { applyHealth } from './health.js';
import * as m from './metrics.js';

export interface WorkerOptions {
  id?: string;
  batchSize?: number;
  /** deliveries claimed and not yet recorded, per channel (each channel has its own window) */
  maxInflight?: number;
  leaseMs?: number;
  pollMs?: number;
  flushMs?: number;
  retry?: RetryPolicy;
  random?: () => number;
  /** a webhook, Slack or Teams subscriber is disabled after this many failures in a row */
  disableAfter?: number;
}

interface SubscriberRow {
  id: string;
  channel: string;
  address: string;
  secret: string | null;
  contact_email: string | null;
  locale: string;
  time_zone: string | null;
  state: string;
  consecutive_failures: number;
  quiet_hours: string | null;
  account_id: string | null;
  account_time_zone: string | null;
}

/** A notification's event, loaded once, with what each channel prepared for it */
interface Loaded extends PreparedCache {
  createdMs: number;
}

export class Worker {
  readonly id: string;
  private readonly o: Required<Omit<WorkerOptions, 'id'>>;
  private readonly pacer = new Pacer();
  private events = new Map<string, Promise<Loaded | null>>();
  /** the events above once loaded, read without waiting */
  private loaded = new Map<string, Loaded>();
  private outcomes: Outcome[] = [];
  /**
   * subscribers with a failed attempt lately (id → when): their failure count may be above the
   * one read with their batch, so a success resets it even when the read said 0
   */
  private recentFailures = new Map<string, number>();
  /** sends accepted since the last flush, per channel and provider, counted in /metrics at the flush */
  private sentCounts = new Map<string, { channel: string; provider: string; n: number }>();
  private inflight = 0;
  /** claimed and not yet recorded (id → channel): at most maxInflight a channel, so a crash leaves at most that many leased */
  private held = new Map<number, string>();
  private heldBy = new Map<string, number>();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private expandDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  /** a wake that came while the loop was busy: its next idle returns at once */
  private woken = false;
  private expandWakeUp: (() => void) | null = null;
  private expandWoken = false;
  /** channels found with nothing due, and until when the loop skips claiming them */
  private drained = new Map<string, number>();
  private flushing: Promise<void> = Promise.resolve();
  private renewing: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private readonly onChange = () => this.wake();

  constructor(
    private readonly app: App,
    private readonly channels: Map<ChannelName, Channel>,
    opts: WorkerOptions = {},
  ) {
    this.id = opts.id ?? `${hostname()}:${process.pid}:${newId().slice(-6)}`;
    this.o = {
      // per channel: measured as fast as 500/1000 (bench/fanout.ts), with less memory and fewer
      // deliveries leased at any moment (the most a crash can duplicate)
      batchSize: opts.batchSize ?? 250,
      maxInflight: opts.maxInflight ?? 500,
      leaseMs: opts.leaseMs ?? 60_000,
      pollMs: opts.pollMs ?? 250,
      flushMs: opts.flushMs ?? 25,
      retry: opts.retry ?? DEFAULT_RETRY,
      random: opts.random ?? Math.random,
      disableAfter: opts.disableAfter ?? 10,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.app.bus.on('changed', this.onChange);
    this.timers.push(setInterval(() => void this.flush(), this.o.flushMs));
    // renew first, so a worker slowed down (a busy host) never reaps its own live leases
    const reap = () => {
      void this.renew()
        .then(() =>
          reapExpiredLeases(this.app.store.db, this.app.clock.now(), this.app.store.engine),
        )
        .then(
          (n) => n && this.wake(),
          (err) => this.app.logger.warn({ err }, 'lease reaper failed'),
        );
      this.pacer.sweep(Date.now());
      const old = Date.now() - 10 * 60_000;
      for (const [id, at] of this.recentFailures) if (at < old) this.recentFailures.delete(id);
    };
    reap();
    this.timers.push(setInterval(reap, Math.min(5_000, Math.max(100, this.o.leaseMs / 2))));
    this.timers.push(setInterval(() => void this.renew(), Math.max(50, this.o.leaseMs / 3)));
    for (const t of this.timers) t.unref();
    this.loopDone = this.loop();
    this.expandDone = this.expandLoop();
  }

  /** Stops claiming, waits for sends in flight (up to `graceMs`), and records their outcomes. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.app.bus.off('changed', this.onChange);
    this.wake();
    await Promise.all([this.loopDone, this.expandDone]);
    const until = Date.now() + graceMs;
    while (this.inflight > 0 && Date.now() < until) await sleep(20);
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.flush();
  }

  wake(): void {
    this.drained.clear();
    this.wakeLoop();
    const e = this.expandWakeUp;
    this.expandWakeUp = null;
    if (e) e();
    else this.expandWoken = true;
  }

  /** Lets the claim loop run again, without new work to look for. */
  private wakeLoop(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    if (w) w();
    else this.woken = true;
  }

  /** Runs until nothing is due: for tests and `flare worker --drain`. */
  async drain(maxMs = 60_000): Promise<void> {
    const until = Date.now() + maxMs;
    for (;;) {
      const worked = await this.step();
      while (this.inflight > 0) await sleep(5);
      await this.flush();
      if (!worked || Date.now() > until) return;
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.step(true);
      } catch (err) {
        this.app.logger.error({ err }, 'delivery worker step failed');
        await sleep(1000);
      }
      if (!this.running) break;
      // full windows wake the loop as they drain (unhold), so waiting is only for new work
      if (!worked) await this.idle(this.o.pollMs);
    }
  }

  /**
   * Expands notifications on its own, a chunk at a time, so a big audience is queued at the
   * database's pace while sends go on between chunks (a claim waits for one chunk at most).
   */
  private async expandLoop(): Promise<void> {
    const { db, engine } = this.app.store;
    while (this.running) {
      let queued: number | null = null;
      try {
        const step = await expandStep(db, engine, () => this.app.clock.now());
        if (step) m.countQueued(step.byChannel);
        queued = step?.queued ?? null;
      } catch (err) {
        this.app.logger.error({ err }, 'expanding notifications failed');
        await sleep(1000);
        continue;
      }
      if (queued !== null) {
        if (queued > 0) this.wake();
        await new Promise((r) => setImmediate(r));
        continue;
      }
      if (!this.running) break;
      if (this.expandWoken) {
        this.expandWoken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.expandWakeUp = null;
          resolve();
        }, this.o.pollMs);
        this.expandWakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /**
   * One round: for each channel with room in its window, claim a batch and start sending it
   * (per-channel windows: slow email never starves fast webhooks). `drain` also expands one
   * chunk here; a running worker expands in its own loop.
   */
  private async step(claimOnly = false): Promise<boolean> {
    const { db, engine } = this.app.store;
    let worked = false;
    if (!claimOnly) {
      const expanded = await expandStep(db, engine, () => this.app.clock.now());
      if (expanded) m.countQueued(expanded.byChannel);
      worked = Boolean(expanded);
    }
    for (const channel of CHANNELS) {
      const room = this.o.maxInflight - (this.heldBy.get(channel) ?? 0);
      if (room < Math.min(this.o.batchSize, this.o.maxInflight) / 2) continue;
      if (claimOnly && (this.drained.get(channel) ?? 0) > Date.now()) continue;
      const limit = Math.min(this.o.batchSize, room);
      const claimed = await claimBatch(db, engine, {
        worker: this.id,
        now: this.app.clock.now(),
        leaseMs: this.o.leaseMs,
        limit,
        channel,
      });
      // nothing more is due on this channel: look again at the next wake or after pollMs
      if (claimed.length < limit) this.drained.set(channel, Date.now() + this.o.pollMs);
      if (claimed.length) {
        worked = true;
        await this.dispatch(claimed);
      }
    }
    return worked;
  }

  private hold(job: Claimed): void {
    this.held.set(job.id, job.channel);
    this.heldBy.set(job.channel, (this.heldBy.get(job.channel) ?? 0) + 1);
  }

  /** Frees a window slot; the loop wakes when a channel's window gets half empty. */
  private unhold(id: number): void {
    const channel = this.held.get(id);
    if (channel === undefined) return;
    this.held.delete(id);
    const left = (this.heldBy.get(channel) ?? 1) - 1;
    this.heldBy.set(channel, left);
    if (left === Math.floor(this.o.maxInflight / 2)) this.wakeLoop();
  }

  private async dispatch(batch: Claimed[]): Promise<void> {
    const subs = new Map<string, SubscriberRow>();
    const ids = [...new Set(batch.map((b) => b.subscriber_id))];
    // one statement and one parameter whatever the batch's size (a list of placeholders made a
    // new statement for each size, more than the statement cache holds)
    const among =
      this.app.store.engine === 'sqlite'
        ? sql<boolean>`s.id in (select value from json_each(${JSON.stringify(ids)}))`
        : sql<boolean>`s.id = any(${ids})`;
    const rows = await this.app.store.db
      .selectFrom('subscribers as s')
      .leftJoin('accounts as a', 'a.id', 's.account_id')
      .select([
        's.id',
        's.channel',
        's.address',
        's.secret',
        's.contact_email',
        's.locale',
        's.time_zone',
        's.state',
        's.consecutive_failures',
        's.quiet_hours',
        's.account_id',
        'a.time_zone as account_time_zone',
      ])
      .where(among)
      .execute();
    for (const r of rows) {
      r.quiet_hours ??= null;
      r.consecutive_failures = Number(r.consecutive_failures);
      subs.set(r.id, r as SubscriberRow);
    }
    for (const job of batch) {
      this.inflight++;
      this.hold(job);
      this.run(job, subs.get(job.subscriber_id));
    }
  }

  /** Sends one delivery and buffers its outcome for the next flush. */
  private run(job: Claimed, sub: SubscriberRow | undefined): void {
    // callbacks, not an async function: its suspended frame was garbage for every delivery
    this.process(job, sub).then(this.ranOk, (err) => {
      // no outcome: the lease is no longer renewed, so it runs out and the row is retried
      this.unhold(job.id);
      this.app.logger.error({ err, delivery: job.id }, 'delivery crashed');
      this.ran();
    });
  }

  /** A delivery's outcome, buffered for the next flush (which swaps the array). */
  private readonly ranOk = (outcome: Outcome): void => {
    this.outcomes.push(outcome);
    this.ran();
  };

  private ran(): void {
    this.inflight--;
    if (this.outcomes.length >= this.o.batchSize) void this.flush();
  }

  private loadEvent(notificationId: string): Promise<Loaded | null> {
    let p = this.events.get(notificationId);
    if (!p) {
      p = buildEvent(
        this.app.store.db,
        notificationId,
        this.app.clock.now(),
        this.app.site.defaultPage(),
      ).then((event) => {
        if (!event) return null;
        const loaded = { event, prepared: new Map(), ready: new Map(), createdMs: Date.now() };
        if (this.events.get(notificationId) === p) this.loaded.set(notificationId, loaded);
        return loaded;
      });
      this.events.set(notificationId, p);
      p.catch(() => this.events.delete(notificationId));
      if (this.events.size > 200) {
        const oldest = this.events.keys().next().value as string;
        this.events.delete(oldest);
        this.loaded.delete(oldest);
      }
    }
    return p;
  }

  /**
   * The account's own compensation line in a resolution notice, asked once per account. Answered
   * at once, without a promise, for every delivery that has none to look up (nearly all).
   */
  private compensation(
    loaded: Loaded,
    accountId: string | null,
  ): string | null | Promise<string | null> {
    const { event } = loaded;
    if (!accountId || !event.incident || event.update?.status !== 'resolved') return null;
    const given = event.compensation?.[accountId];
    if (given) return given;
    const key = `compensation:${accountId}`;
    if (loaded.ready.has(key)) return loaded.ready.get(key) as string | null;
    return compensationFor(this.app.store.db, event.incident.id, accountId).then((line) => {
      loaded.ready.set(key, line);
      return line;
    });
  }

  private async process(job: Claimed, sub: SubscriberRow | undefined): Promise<Outcome> {
    const now = () => this.app.clock.now();
    const loaded =
      this.loaded.get(job.notification_id) ?? (await this.loadEvent(job.notification_id));
    const channel = this.channels.get(job.channel as ChannelName);
    const targeted =
      loaded?.event.kind === 'webhook.disabled' || loaded?.event.kind === 'subscriber.confirm';
    const gone =
      !sub ||
      sub.state === 'unsubscribed' ||
      sub.state === 'undeliverable' ||
      (!targeted && sub.state !== 'active');
    if (!loaded || !channel || gone) {
      const why = !loaded
        ? 'notification not found'
        : !channel
          ? `channel ${job.channel} is not configured`
          : 'subscriber is no longer subscribed';
      return {
        id: job.id,
        subscriberId: job.subscriber_id,
        kind: 'dead',
        provider: null,
        error: why,
        at: now().toISOString(),
        undeliverable: false,
      };
    }
    const { event } = loaded;
    // quiet hours (issue #12): a notice below the most severe level waits until they end
    const until = quietHold(event, sub, now);
    if (until)
      return {
        id: job.id,
        kind: 'release',
        subscriberId: job.subscriber_id,
        nextAttemptAt: until.toISOString(),
      };
    let prepared = preparedFor(loaded, channel);
    if (prepared instanceof Promise) prepared = await prepared;
    const compensation = this.compensation(loaded, sub.account_id);
    const to = new LinkedRecipient(
      {
        deliveryId: job.id,
        key: `dlv_${job.id}`,
        subscriberId: sub.id,
        channel: job.channel as ChannelName,
        address:
          job.channel === 'email' && sub.channel !== 'email'
            ? (sub.contact_email ?? '')
            : sub.address,
        secret: sub.secret,
        locale: sub.locale,
        timeZone: sub.time_zone,
        attempt: job.attempts,
        thread: threadsMessages(job.channel)
          ? await lastMessageAbout(this.app.store.db, sub.id, event.incident?.id)
          : null,
        compensation: compensation instanceof Promise ? await compensation : compensation,
      },
      this.app.secretKey,
      event.page.url,
    );
    const pacing = channel.pacing?.(to);
    if (pacing) {
      const wait = this.pacer.reserve(pacing.key, pacing.perSecond, Date.now());
      if (wait > this.o.leaseMs / 2) {
        this.pacer.unreserve(pacing.key, pacing.perSecond);
        return {
          id: job.id,
          subscriberId: job.subscriber_id,
          kind: 'release',
          nextAttemptAt: new Date(now().getTime() + wait).toISOString(),
        };
      }
      if (wait > 0) await sleep(wait);
    }
    const free =
      this.pacer.tryAcquire(pacing?.key ?? '', pacing?.concurrency) ??
      (await this.pacer.acquire(pacing?.key ?? '', pacing?.concurrency));
    const t0 = performance.now();
    let result: Awaited<ReturnType<Channel['send']>>;
    try {
      result = await channel.send(prepared, to, event);
    } catch (err) {
      result = {
        ok: false,
        error: err instanceof Error ? err.message : String(err),
        retryable: true,
      };
    } finally {
      free();
    }
    const ms = performance.now() - t0;
    m.sendLatency.observe(job.channel, ms / 1000);
    if (result.ok) {
      const k = `${job.channel} ${result.provider}`;
      const c = this.sentCounts.get(k);
      if (c) c.n++;
      else this.sentCounts.set(k, { channel: job.channel, provider: result.provider, n: 1 });
      m.publishToSend.observe(job.channel, (Date.now() - loaded.createdMs) / 1000);
      return {
        id: job.id,
        kind: 'sent',
        subscriberId: job.subscriber_id,
        provider: result.provider,
        providerMessageId: result.providerMessageId ?? null,
        at: now().toISOString(),
        latencyMs: Math.round(ms),
        failing: sub.consecutive_failures > 0 || this.recentFailures.has(sub.id),
      };
    }
    m.deliveriesFailed.inc({ channel: job.channel });
    this.recentFailures.set(sub.id, Date.now());
    if (result.retryAfterMs && pacing)
      this.pacer.pause(pacing.key, Date.now() + result.retryAfterMs);
    const delay =
      result.retryable && !result.undeliverable
        ? nextDelayMs(job.attempts, this.o.retry, this.o.random(), result.retryAfterMs)
        : null;
    if (delay === null) {
      m.deliveriesDead.inc({ channel: job.channel });
      return {
        id: job.id,
        subscriberId: job.subscriber_id,
        kind: 'dead',
        provider: result.provider ?? null,
        error: result.error,
        at: now().toISOString(),
        undeliverable: Boolean(result.undeliverable),
      };
    }
    m.deliveriesRetried.inc({ channel: job.channel });
    return {
      id: job.id,
      subscriberId: job.subscriber_id,
      kind: 'retry',
      provider: result.provider ?? null,
      error: result.error,
      nextAttemptAt: new Date(now().getTime() + delay).toISOString(),
    };
  }

  /**
   * Extends the leases of what this worker holds, beside the flushes (a slow flush must not
   * delay it past the lease); one renewal at a time.
   */
  private renew(): Promise<void> {
    if (this.held.size === 0) return Promise.resolve();
    if (!this.renewing) {
      const until = new Date(this.app.clock.now().getTime() + this.o.leaseMs);
      const { db, engine } = this.app.store;
      this.renewing = renewLeases(db, this.id, [...this.held.keys()], until, engine)
        .catch((err) => this.app.logger.warn({ err }, 'lease renewal failed'))
        .finally(() => {
          this.renewing = null;
        });
    }
    return this.renewing;
  }

  /** Writes buffered outcomes; one flush at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.flushNow())
      .catch((err) => this.app.logger.error({ err }, 'flushing delivery outcomes failed'));
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    for (const c of this.sentCounts.values())
      m.deliveriesSent.inc({ channel: c.channel, provider: c.provider }, c.n);
    this.sentCounts.clear();
    if (this.outcomes.length === 0) return;
    const batch = this.outcomes;
    this.outcomes = [];
    const channelOf = this.held;
    try {
      await recordOutcomes(
        this.app.store.db,
        this.id,
        batch,
        (trx) =>
          applyHealth(
            trx,
            batch,
            channelOf,
            this.app.clock.now().toISOString(),
            this.o.disableAfter,
          ),
        this.app.store.engine,
      );
      for (const o of batch) this.unhold(o.id);
    } catch (err) {
      // keep them for the next flush; the lease protects against double claims meanwhile
      this.outcomes.unshift(...batch);
      this.app.logger.error({ err }, 'recording delivery outcomes failed');
    }
  }
}

/**
 * When a notice to this subscriber may go, if its quiet hours hold it now: only notices about
 * incidents, maintenances and components below the plan's most severe level wait; the zone is
 * the subscriber's, else its account's, else the page's.
 */
function quietHold(event: DeliveryEvent, sub: SubscriberRow, now: () => Date): Date | null {
  if (!sub.quiet_hours || event.top || event.team) return null;
  if (!event.incident && !event.component) return null;
  const zone = sub.time_zone || sub.account_time_zone || event.page.time_zone || 'UTC';
  return quietUntil(sub.quiet_hours, zone, now());
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
