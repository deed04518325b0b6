/**
 * Serves the public site from memory. The snapshot is read once and every rendered file is
 * kept until a write invalidates it (or, across instances, until it is `ttlMs` old), so a
 * traffic spike never reaches the database.
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
      if (Date.now() - v.at < this.ttlMs) return v;
      if (this.snapshot === s) this.invalidate();
    }
    if (!this.snapshot) {
      const gen = this.generation;
      const p = loadSnapshot(this.db, this.now(), this.defaultPage()).then((snap) => ({
        snap,
        files: new Map(siteFiles(snap).map((f) => [f.path, f])),
        at: Date.now(),
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
  peek(path: string, pick: PickLocale = NONE): Rendered | undefined {
    const r = this.ready;
    if (!r || Date.now() - r.at >= this.ttlMs) return undefined;
    const file = r.files.get(path);
    return this.rendered.get(keyOf(path, file?.localized ? this.localeOf(r, pick) : undefined));
  }

  /** The rendered file at `path` (in the language `pick` chooses), or undefined when the site has no such file. */
  async get(path: string, pick: PickLocale = NONE): Promise<Rendered | undefined> {
    const s = await this.current();
    const file = s.files.get(path);
    if (!file) return undefined;
    const locale = file.localized ? this.localeOf(s, pick) : undefined;
    return this.rendered.get(keyOf(path, locale)) ?? this.renderFrom(s, file, locale);
  }

  private localeOf(s: Current, pick: PickLocale): PageLocale | undefined {
    return pick(offeredLocales(s.snap.page.languages));
  }

  private renderFrom(s: Current, file: SiteFile, locale?: PageLocale): Rendered {
    const out = file.render(s.snap, locale);
    const body = typeof out === 'string' ? Buffer.from(out) : out;
    const r: Rendered = {
      body,
      type: file.type,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
      ...(file.localized ? { localized: true } : {}),
    };
    // a write since `s` was read leaves this render out of the cache (it is still served once)
    if (s.gen === this.generation) this.rendered.set(keyOf(file.path, locale), r);
    return r;
  }
}
