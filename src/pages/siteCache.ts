/**
 * Serves the public site from memory. The snapshot is read once and every rendered file is
 * kept until a write invalidates it (or, across instances, until it is `ttlMs` old), so a
 * traffic spike never reaches the database.
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
  /** when it was read, by the app's clock (ms) */
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

  async current(): Promise<Current> {
    const s = this.snapshot;
    if (s) {
      const v = await s;
      if (this.now().getTime() - v.at < this.ttlMs) return v;
      if (this.snapshot === s) this.invalidate();
    }
    if (!this.snapshot) {
      const gen = this.generation;
      const readAt = this.now();
      const p = loadSnapshot(this.db, readAt, this.defaultPage()).then((snap) => ({
        snap,
        files: new Map(siteFiles(snap).map((f) => [f.path, f])),
        at: readAt.getTime(),
        gen,
      }));
      this.snapshot = p;
      p.then(
        (v) => {
          if (this.generation === gen) this.ready = v;
        },
        () => {
          if (this.generation === gen) this.snapshot = null;
        },
      );
    }
    return this.snapshot!;
  }

  /**
   * The already rendered file at `path` while its snapshot is current, without waiting: the
   * hot path of the public site. Undefined means "ask `get`", not "no such file".
   */
  peek(path: string): Rendered | undefined {
    const r = this.ready;
    if (!r || this.now().getTime() - r.at >= this.ttlMs) return undefined;
    return this.rendered.get(path);
  }

  /** The rendered file at `path`, or undefined when the site has no such file. */
  async get(path: string): Promise<Rendered | undefined> {
    const hit = this.rendered.get(path);
    if (hit) {
      // still fresh only while the snapshot it came from is current
      const s = await this.current();
      if (this.rendered.get(path) === hit) return hit;
      return this.renderFrom(s, path);
    }
    return this.renderFrom(await this.current(), path);
  }

  private renderFrom(s: Current, path: string): Rendered | undefined {
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
