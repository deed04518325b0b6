/**
 * The static export: every file of the public site (pages, /api/v2 JSON, feeds, assets) written
 * to a directory that any web server or CDN can serve as it is — the backup that keeps
 * customers informed when Flare's own host is down. The files come from the same registry the
 * HTTP server serves from, so the bytes are the same.
 *
 * The site is written into a fresh sibling directory first and then swapped in, so a web server
 * reading the directory never sees half an export. A directory that holds something other than
 * a previous export is never replaced.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { App } from '../app.js';
import { conflict } from '../domain/errors.js';
import { exportPathFor, siteFiles } from '../pages/site.js';
import { loadSnapshot } from '../store/queries/snapshot.js';

export const MANIFEST = 'flare-export.json';

export interface ExportedFile {
  /** the URL path the live server serves it at */
  path: string;
  /** where it is in the export, relative to its directory */
  file: string;
  type: string;
  bytes: number;
}

export interface ExportResult {
  dir: string;
  generated_at: string;
  files: ExportedFile[];
}

/** Writes the public site as it is now into `outDir`, replacing a previous export there. */
export async function exportSite(app: App, outDir: string): Promise<ExportResult> {
  const dir = resolve(outDir);
  await checkTarget(dir, outDir);
  const now = app.clock.now();
  const snap = await loadSnapshot(app.store.db, now, app.site.defaultPage());
  await mkdir(dirname(dir), { recursive: true });
  const tmp = await mkdtemp(`${dir}.tmp-`);
  try {
    await chmod(tmp, 0o755);
    const files: ExportedFile[] = [];
    const seen = new Set<string>([MANIFEST]);
    for (const f of siteFiles(snap)) {
      const file = safeRelative(exportPathFor(f.path, f.type), f.path);
      if (seen.has(file)) throw new Error(`two site files export to ${file} (${f.path})`);
      seen.add(file);
      const body = f.render(snap);
      const target = join(tmp, file);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, body);
      files.push({ path: f.path, file, type: f.type, bytes: Buffer.byteLength(body) });
    }
    const result = { generated_at: now.toISOString(), files };
    await writeFile(join(tmp, MANIFEST), `${JSON.stringify(result, null, 2)}\n`);
    await swapIn(tmp, dir);
    return { dir, ...result };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** The target must be missing, empty, or a previous export (it has our manifest). */
async function checkTarget(dir: string, shown: string): Promise<void> {
  const st = await stat(dir).catch(() => undefined);
  if (!st) return;
  if (!st.isDirectory()) throw conflict(`--out ${shown} exists and is not a directory`);
  const entries = await readdir(dir);
  if (entries.length > 0 && !entries.includes(MANIFEST)) {
    throw conflict(
      `--out ${shown} is not empty and holds no ${MANIFEST}, so it is not a previous export; choose a new or empty directory`,
    );
  }
}

/** A relative path that stays inside the export directory. */
function safeRelative(file: string, urlPath: string): string {
  const n = normalize(file);
  if (!n || isAbsolute(n) || n === '..' || n.startsWith(`..${sep}`) || n.split(sep).includes('..'))
    throw new Error(`site path ${JSON.stringify(urlPath)} would be written outside the export`);
  return n;
}

/** Moves the new export into place; the previous one, if any, is removed afterwards. */
async function swapIn(tmp: string, dir: string): Promise<void> {
  const old = join(dirname(dir), `.${basename(dir)}.old-${randomBytes(4).toString('hex')}`);
  const hadOld = await stat(dir).then(
    () => true,
    () => false,
  );
  if (hadOld) await rename(dir, old);
  try {
    await rename(tmp, dir);
  } catch (err) {
    if (hadOld) await rename(old, dir).catch(() => undefined);
    throw err;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}
