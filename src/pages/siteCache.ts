/**
 * Serves the public site from memory. The snapshot is read once and every rendered file is
 * kept until a write invalidates it (or, across instances, until it is `ttlMs` old, when a fresh
 * snapshot is read in the background while the old bytes are still served), so a traffic spike
 * never reaches the database and never waits for it.
 */
import { createHash } from 'node:crypto';
import { offeredLocales, type PageLocale } from '../domain/locale.js';
import type { Db } from '../store/db.js';
import type { Page } from '../store/queries/models.js';
import { loadSnapshot, type Snapshot } from '../store/queries/snapshot.js';
import { type SiteFile, siteFiles } from './site.js';

export interface Rendered {
  body: Buffer;
  type: string;
  etag: string;
  /** a file rendered per language, chosen by the request's Accept-Language */
  localized?: boolean;
}

/**
 * Chooses the reader's language among those the page offers (see domain/locale.ts), or
 * undefined when the reader states none: then the page comes as `flare export` writes it.
 */
export type PickLocale = (offered: PageLocale[]) => PageLocale | undefined;
const NONE: PickLocale = () => undefined;

/** A rendered file's key: its path, and for a localized file its language too. */
const keyOf = (path: string, locale: PageLocale | undefined) =>
  locale ? `${path}\n${locale}` : path;

interface Current {
  snap: Snapshot;
  files: Map<string, SiteFile>;
  /** when it was read, by the app's clock (ms) */
  at: number;
  /** the cache generation it belongs to */
  gen: number;
  /** the languages the page offers, parsed once per snapshot (not per request) */
  offered: PageLocale[];
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
      if (this.now().getTime() - r.at >= this.ttlMs) this.refresh();
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
    const readAt = this.now();
    return loadSnapshot(this.db, readAt, this.defaultPage()).then((snap) => ({
      snap,
      files: new Map(siteFiles(snap).map((f) => [f.path, f])),
      offered: offeredLocales(snap.page.languages),
      at: readAt.getTime(),
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
   * The already rendered file at `path` (in the language `pick` chooses), without waiting: the
   * hot path of the public site. Undefined means "ask `get`", not "no such file".
   */
  peek(path: string, pick: PickLocale = NONE): Rendered | undefined {
    const r = this.ready;
    if (!r) return undefined;
    if (this.now().getTime() - r.at >= this.ttlMs) this.refresh();
    const file = r.files.get(path);
    return this.rendered.get(keyOf(path, file?.localized ? this.localeOf(r, pick) : undefined));
  }

  /** The rendered file at `path` (in the language `pick` chooses), or undefined when the site has no such file. */
  async get(path: string, pick: PickLocale = NONE): Promise<Rendered | undefined> {
    const s = await this.current();
    const file = s.files.get(path);
    if (!file) return undefined;
    return this.renderFrom(s, file, file.localized ? this.localeOf(s, pick) : undefined);
  }

  private localeOf(s: Current, pick: PickLocale): PageLocale | undefined {
    return pick(s.offered);
  }

  private renderFrom(s: Current, file: SiteFile, locale?: PageLocale): Rendered {
    const key = keyOf(file.path, locale);
    // requests that waited for the same snapshot render it once: the first stores it, the rest
    // take that one (a refresh or a write otherwise had every waiting request render its own)
    if (s.gen === this.generation) {
      const done = this.rendered.get(key);
      if (done) return done;
    }
    const out = file.render(s.snap, locale);
    const body = typeof out === 'string' ? Buffer.from(out) : out;
    const r: Rendered = {
      body,
      type: file.type,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
      ...(file.localized ? { localized: true } : {}),
    };
    // a write since `s` was read leaves this render out of the cache (it is still served once)
    if (s.gen === this.generation) this.rendered.set(key, r);
    return r;
  }
}
