/**
 * The change feed behind the live console (ADR 0014): one per process, shared by every
 * Server-Sent Events client, running only while at least one client listens.
 *
 * - every write leaves an audit row in its own transaction, so "the newest audit row changed"
 *   means "something changed", whoever wrote it (API, CLI, another process, the worker);
 * - SQLite: polls `max(rowid)` of audit_log every `pollMs` (rowids grow in commit order, as
 *   SQLite serialises writers); PostgreSQL: LISTENs on `flare_changes` (sent by the trigger of
 *   migration 012 at commit) and polls `max(id)` as a slower fallback, and every `pollMs` while
 *   the listening connection is down;
 * - delivery progress is not audited row by row: the count of deliveries still queued or
 *   sending is polled every `deliveryEvery` ticks and a change is a `delivery` event.
 */
import type { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../db.js';

export type FeedKind = 'change' | 'delivery';
export interface FeedEvent {
  kind: FeedKind;
}
type Listener = (e: FeedEvent) => void;

export interface FeedOptions {
  pollMs?: number;
  /** delivery progress (and, while LISTEN works, the audit fallback) every this many ticks */
  deliveryEvery?: number;
  /** events of one kind closer together than this are sent once */
  coalesceMs?: number;
}

const CHANNEL = 'flare_changes';

export class ChangeFeed {
  private readonly listeners = new Set<Listener>();
  private run = 0; // generation: a stop() makes a start() still under way give up
  private timer: NodeJS.Timeout | null = null;
  private client: pg.Client | null = null;
  private listening = false;
  private schema = 'public';
  private audit: string | null = null;
  private inFlight: number | null = null;
  private ticks = 0;
  private pending = new Map<FeedKind, NodeJS.Timeout>();
  private readonly pollMs: number;
  private readonly deliveryEvery: number;
  private readonly coalesceMs: number;
  private readonly onBus = () => this.emit('change');

  constructor(
    private readonly store: Store,
    private readonly bus?: EventEmitter,
    opts: FeedOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 500;
    this.deliveryEvery = opts.deliveryEvery ?? 4;
    this.coalesceMs = opts.coalesceMs ?? 150;
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Adds a listener (starting the feed for the first); returns the unsubscribe. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    if (this.listeners.size === 1) void this.start();
    return () => {
      if (this.listeners.delete(fn) && this.listeners.size === 0) this.stop();
    };
  }

  /** Stops polling and listening (the listeners stay; a new subscribe starts it again). */
  stop(): void {
    this.run++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.bus?.off('changed', this.onBus);
    const c = this.client;
    this.client = null;
    this.listening = false;
    if (c) c.end().catch(() => {});
  }

  private async start(): Promise<void> {
    const run = ++this.run;
    this.ticks = 0;
    this.bus?.on('changed', this.onBus);
    try {
      [this.audit, this.inFlight] = await Promise.all([this.auditMark(), this.deliveryMark()]);
    } catch {
      this.audit = this.inFlight = null;
    }
    if (run !== this.run) return;
    if (this.store.engine === 'postgres') void this.listen(run);
    this.schedule(run);
  }

  private schedule(run: number): void {
    this.timer = setTimeout(() => void this.tick(run), this.pollMs);
    this.timer.unref();
  }

  private async tick(run: number): Promise<void> {
    if (run !== this.run) return;
    const slow = ++this.ticks % this.deliveryEvery === 0;
    try {
      if (!this.listening || slow) {
        const mark = await this.auditMark();
        if (mark !== this.audit) {
          this.audit = mark;
          this.emit('change');
        }
      }
      if (slow) {
        const n = await this.deliveryMark();
        if (n !== this.inFlight) {
          this.inFlight = n;
          this.emit('delivery');
        }
      }
    } catch {
      // a closed or busy database: try again next tick
    }
    if (run === this.run) this.schedule(run);
  }

  private async listen(run: number): Promise<void> {
    const client = new pg.Client({
      connectionString: this.store.url,
      ...(this.store.schema ? { options: `-c search_path=${this.store.schema}` } : {}),
    });
    const retry = () => {
      if (this.client === client) {
        this.client = null;
        this.listening = false;
      }
      client.end().catch(() => {});
      if (run === this.run)
        setTimeout(() => run === this.run && void this.listen(run), 5000).unref();
    };
    client.on('error', retry);
    try {
      await client.connect();
      const r = await client.query<{ s: string }>('select current_schema() as s');
      this.schema = r.rows[0]?.s ?? 'public';
      await client.query(`listen ${CHANNEL}`);
    } catch {
      return retry();
    }
    if (run !== this.run) {
      client.end().catch(() => {});
      return;
    }
    client.on('notification', (m) => {
      if (m.channel === CHANNEL && m.payload === this.schema) this.emit('change');
    });
    this.client = client;
    this.listening = true;
  }

  private emit(kind: FeedKind): void {
    if (this.pending.has(kind) || this.listeners.size === 0) return;
    const t = setTimeout(() => {
      this.pending.delete(kind);
      for (const fn of this.listeners) fn({ kind });
    }, this.coalesceMs);
    t.unref();
    this.pending.set(kind, t);
  }

  private async auditMark(): Promise<string | null> {
    const q =
      this.store.engine === 'sqlite'
        ? sql<{ m: string | number | null }>`select max(rowid) as m from audit_log`
        : sql<{ m: string | number | null }>`select max(id) as m from audit_log`;
    const r = await q.execute(this.store.db);
    const m = r.rows[0]?.m;
    return m === null || m === undefined ? null : String(m);
  }

  private async deliveryMark(): Promise<number> {
    const r = await sql<{
      n: string | number;
    }>`select (select count(*) from deliveries where state = 'queued') + (select count(*) from deliveries where state = 'sending') as n`.execute(
      this.store.db,
    );
    return Number(r.rows[0]?.n ?? 0);
  }
}
