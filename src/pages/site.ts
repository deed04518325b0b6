/**
 * The public site as a list of files: every path the status page serves, with its content
 * type and renderer. The HTTP server serves them from memory and `flare export` writes them
 * to disk, so both always carry the same bytes. A new public page is one line here.
 */
import type { PageLocale } from '../domain/locale.js';
import type { Snapshot } from '../store/queries/snapshot.js';

export interface SiteFile {
  /** URL path, e.g. "/" or "/api/v2/summary.json" */
  path: string;
  type: string;
  /** rendered once per language the page offers (the reader's is negotiated per request) */
  localized?: boolean;
  render(s: Snapshot, locale?: PageLocale): string | Buffer;
}

export type SiteSection = (s: Snapshot) => SiteFile[];

const sections: SiteSection[] = [];

/** Registers a group of public files (used by the page, JSON and feed modules). */
export function registerSection(section: SiteSection): void {
  sections.push(section);
}

export function siteFiles(s: Snapshot): SiteFile[] {
  return sections.flatMap((section) => section(s));
}

/** Where a path is written in a static export: directories get an index file. */
export function exportPathFor(path: string, type: string): string {
  if (path === '/') return 'index.html';
  const clean = path.replace(/^\/+/, '');
  if (type.startsWith('text/html') && !/\.[a-z0-9]+$/i.test(clean)) return `${clean}/index.html`;
  return clean;
}
