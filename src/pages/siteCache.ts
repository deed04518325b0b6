/**
 * Serves the public site from memory. The snapshot is read once and every rendered file is
 * kept until a write invalidates it (or, across instances, until it is `ttlMs` old, when a fresh
 * snapshot is read in the background while the old bytes are still served), so a traffic spike
 * never reaches the database and never waits for it.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/db.js';
import type { Page } from '../store/queries/models.js';
import { loadSnapshot, type Snapshot } from '../store/queries/snapshot.js';
import { type SiteFile, siteFiles } from './site.js';

export interface Rendered {
  body: Buffer;
  type: string;
  etag: string;
}

interface Current {
  snap: Snapshot;
  files: Map<string, SiteFile>;
  /** when it was read (Date.now()) */
  at: number;
  /** the cache generation it belongs to */
  gen: number;
}

export class SiteCache {
  private snapshot: Promise<Current> | null = null;
  /** the settled snapshot of the current generation, for the synchronous fast path */
  private ready: Current | null = null;
  private rendered = new Map<string, Rendered>();
  private generation = 0;
  /** a background reload of a snapshot past its TTL is under way */
  private refreshing = false;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    readonly defaultPage: () => Page,
    private readonly ttlMs = 10_000,
  ) {}

  invalidate(): void {
    this.generation++;
    this.snapshot = null;
    this.ready = null;
    this.rendered.clear();
  }

  /**
   * The current snapshot. One past its TTL is still answered at once while a fresh one loads in
   * the background (a TTL only catches writes made by another instance, so a few milliseconds
   * more of the previous page are harmless); a write's `invalidate` is never answered stale.
   */
  async current(): Promise<Current> {
    const r = this.ready;
    if (r) {
      if (Date.now() - r.at >= this.ttlMs) this.refresh();
      return r;
    }
    if (!this.snapshot) {
      const p = this.load(this.generation);
      this.snapshot = p;
      p.then(
        (v) => {
          if (this.snapshot === p) this.ready = v;
        },
        () => {
          if (this.snapshot === p) this.snapshot = null;
        },
      );
    }
    return this.snapshot;
  }

  private load(gen: number): Promise<Current> {
    return loadSnapshot(this.db, this.now(), this.defaultPage()).then((snap) => ({
      snap,
      files: new Map(siteFiles(snap).map((f) => [f.path, f])),
      at: Date.now(),
      gen,
    }));
  }

  /** Reads a fresh snapshot behind the one being served, then swaps it in (once at a time). */
  private refresh(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    const gen = this.generation;
    this.load(gen + 1)
      .then(
        (v) => {
          if (this.generation !== gen) return; // a write invalidated meanwhile: it wins
          this.generation = v.gen;
          this.snapshot = Promise.resolve(v);
          this.ready = v;
          this.rendered = new Map();
        },
        () => {}, // keep serving what we have; the next request past the TTL tries again
      )
      .finally(() => {
        this.refreshing = false;
      });
  }

  /**
   * The already rendered file at `path`, without waiting: the hot path of the public site.
   * Undefined means "ask `get`", not "no such file".
   */
  peek(path: string): Rendered | undefined {
    const r = this.ready;
    if (!r) return undefined;
    if (Date.now() - r.at >= this.ttlMs) this.refresh();
    return this.rendered.get(path);
  }

  /** The rendered file at `path`, or undefined when the site has no such file. */
  async get(path: string): Promise<Rendered | undefined> {
    return this.renderFrom(await this.current(), path);
  }

  private renderFrom(s: Current, path: string): Rendered | undefined {
    // requests that waited for the same snapshot render it once: the first stores it, the rest
    // take that one (a refresh or a write otherwise had every waiting request render its own)
    if (s.gen === this.generation) {
      const done = this.rendered.get(path);
      if (done) return done;
    }
    const file = s.files.get(path);
    if (!file) return undefined;
    const out = file.render(s.snap);
    const body = typeof out === 'string' ? Buffer.from(out) : out;
    const r: Rendered = {
      body,
      type: file.type,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
    };
    // a write since `s` was read leaves this render out of the cache (it is still served once)
    if (s.gen === this.generation) this.rendered.set(path, r);
    return r;
  }
}
