/**
 * The static export is the same site as the live server: export a demo page, serve the
 * directory with a plain static file server, and compare every file byte for byte with what
 * the live server answers for the same path.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { buildServer } from '../../src/http/server.js';
import { type ExportResult, exportSite, MANIFEST } from '../../src/main/export.js';
import { exportPathFor, siteFiles } from '../../src/pages/site.js';
import { loadSnapshot } from '../../src/store/queries/snapshot.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';

/** What any web server does with a directory: a path names a file, or a directory's index.html. */
function staticServer(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-length': body.length }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

it('maps URL paths to files a directory-index web server serves at the same URL', () => {
  expect(exportPathFor('/', 'text/html; charset=utf-8')).toBe('index.html');
  expect(exportPathFor('/history', 'text/html; charset=utf-8')).toBe('history/index.html');
  expect(exportPathFor('/incidents/01abc', 'text/html')).toBe('incidents/01abc/index.html');
  expect(exportPathFor('/api/v2/summary.json', 'application/json')).toBe('api/v2/summary.json');
  expect(exportPathFor('/history.atom', 'application/atom+xml')).toBe('history.atom');
});

describeEachEngine('static export', (engine) => {
  let app: TestApp;
  let live: FastifyInstance;
  let out: string;
  let result: ExportResult;
  const work = mkdtempSync(join(tmpdir(), 'flare-export-'));
  const clock = new TestClock();

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    await loadDemo(app.ctx(), { publicUrl: 'https://status.example.com' });
    live = await buildServer(app);
    out = join(work, 'site');
    result = await exportSite(app, out);
  });
  afterAll(async () => {
    await live?.close();
    await app?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes every registered site file and a manifest saying when and what', async () => {
    const snap = await loadSnapshot(app.store.db, clock.now(), app.site.defaultPage());
    const expected = siteFiles(snap).map((f) => f.path);
    expect(expected.length).toBeGreaterThan(0);
    expect(result.files.map((f) => f.path)).toEqual(expected);
    expect(result.generated_at).toBe(clock.now().toISOString());
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8'));
    expect(manifest).toEqual({ generated_at: result.generated_at, files: result.files });
    const written = result.files.map((f) => f.file);
    expect(written).toContain('api/v2/summary.json');
    expect(written).toContain('index.html');
    expect(written).toContain('history.atom');
    expect(written).toContain(`incidents/${snap.incidents[0].id}/index.html`);
  });

  it('serves, from a plain static file server, the same bytes as the live server for every path', async () => {
    const statics = await staticServer(out);
    try {
      for (const f of result.files) {
        const fromLive = await live.inject({ method: 'GET', url: f.path });
        expect(fromLive.statusCode, f.path).toBe(200);
        const res = await fetch(statics.url + f.path);
        expect(res.status, f.path).toBe(200);
        const fromExport = Buffer.from(await res.arrayBuffer());
        expect(fromExport.equals(fromLive.rawPayload), f.path).toBe(true);
        expect(fromExport.length).toBe(f.bytes);
        // the same path with a trailing slash, as links to directories are often written
        if (f.file.endsWith('/index.html')) {
          const slash = await fetch(`${statics.url}${f.path}/`);
          expect(Buffer.from(await slash.arrayBuffer()).equals(fromLive.rawPayload)).toBe(true);
        }
      }
      // the manifest is served too, so operators can check how fresh the copy is
      const m = await fetch(`${statics.url}/${MANIFEST}`);
      expect(((await m.json()) as ExportResult).generated_at).toBe(result.generated_at);
    } finally {
      await statics.close();
    }
  });

  it('leaves no broken site-relative link in the exported pages', async () => {
    const statics = await staticServer(out);
    try {
      const links = new Set<string>();
      for (const f of result.files.filter((x) => x.file.endsWith('.html'))) {
        const html = readFileSync(join(out, f.file), 'utf8');
        for (const m of html.matchAll(/\b(?:href|src|action)="(\/(?!\/)[^"#]*)/g)) links.add(m[1]);
      }
      expect(links).toContain('/history');
      for (const link of links) {
        const res = await fetch(statics.url + link.replaceAll('&amp;', '&'));
        expect(res.status, link).toBe(200);
        await res.arrayBuffer();
      }
    } finally {
      await statics.close();
    }
  });

  it('a later export replaces the earlier one, and never a directory that is not an export', async () => {
    clock.advanceMinutes(5);
    const again = await exportSite(app, out);
    expect(again.generated_at).toBe(clock.now().toISOString());
    expect(JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')).generated_at).toBe(
      again.generated_at,
    );
    await expect(exportSite(app, join(out, 'api'))).rejects.toMatchObject({ code: 'conflict' });
  });
});
