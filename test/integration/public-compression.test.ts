/**
 * The public site compresses what readers accept (src/http/publicReply.ts): Brotli or gzip by
 * Accept-Encoding and its q-values, each with its own ETag, `Vary: Accept-Encoding`, and the same
 * bytes once decoded, from the fast path and from the route alike. Read with node:http, which
 * decodes nothing by itself.
 */
import { type IncomingHttpHeaders, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pickEncoding } from '../../src/http/publicReply.js';
import { useDemoServer } from '../helpers/demoServer.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (a: Answer) =>
  a.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(a.body)
    : a.headers['content-encoding'] === 'gzip'
      ? gunzipSync(a.body)
      : a.body;

describe('public site compression', () => {
  const demo = useDemoServer();

  it('picks the encoding from Accept-Encoding and its q-values', () => {
    expect(pickEncoding(undefined)).toBeUndefined();
    expect(pickEncoding('identity')).toBeUndefined();
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, deflate')).toBe('gzip');
    expect(pickEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0')).toBeUndefined();
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0.5, br;q=0')).toBe('gzip');
    expect(pickEncoding('GZIP;Q=1')).toBe('gzip');
    expect(pickEncoding('br;q=nonsense, gzip')).toBe('gzip');
  });

  for (const via of ['the fast path', 'the route']) {
    const q = via === 'the route' ? '?via=route' : '';
    it.each([
      ['/', 'br', 'gzip, deflate, br'],
      ['/', 'gzip', 'gzip'],
      ['/api/v2/summary.json', 'br', 'br;q=1, gzip;q=0.5'],
      ['/history.rss', 'gzip', 'br;q=0, gzip'],
    ])(`sends %s with %s when asked "%s", through ${via}`, async (path, encoding, accept) => {
      const plain = await get(demo.server.url, `${path}${q}`);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/Accept-Encoding/);
      const packed = await get(demo.server.url, `${path}${q}`, { 'accept-encoding': accept });
      expect(packed.status).toBe(200);
      expect(packed.headers['content-encoding']).toBe(encoding);
      expect(packed.headers.vary).toMatch(/Accept-Encoding/);
      expect(Number(packed.headers['content-length'])).toBe(packed.body.length);
      expect(packed.body.length).toBeLessThan(plain.body.length / 2);
      expect(decode(packed).equals(plain.body)).toBe(true);
      // its own ETag: a cache never answers one encoding with the other's bytes
      expect(packed.headers.etag).not.toBe(plain.headers.etag);
      expect(packed.headers.etag).toMatch(new RegExp(`-${encoding}"$`));
      for (const h of ['content-type', 'cache-control', 'content-security-policy'])
        expect(packed.headers[h]).toBe(plain.headers[h]);
    });

    it(`answers If-None-Match per encoding, and HEAD, through ${via}`, async () => {
      const br = await get(demo.server.url, `/${q}`, { 'accept-encoding': 'br' });
      const same = await get(demo.server.url, `/${q}`, {
        'accept-encoding': 'br',
        'if-none-match': String(br.headers.etag),
      });
      expect(same.status).toBe(304);
      expect(same.body.length).toBe(0);
      // the identity copy's tag does not validate the Brotli one
      const plain = await get(demo.server.url, `/${q}`);
      const other = await get(demo.server.url, `/${q}`, {
        'accept-encoding': 'br',
        'if-none-match': String(plain.headers.etag),
      });
      expect(other.status).toBe(200);
      const head = await get(demo.server.url, `/${q}`, { 'accept-encoding': 'gzip' }, 'HEAD');
      expect(head.headers['content-encoding']).toBe('gzip');
      expect(head.body.length).toBe(0);
      const gz = await get(demo.server.url, `/${q}`, { 'accept-encoding': 'gzip' });
      expect(head.headers['content-length']).toBe(String(gz.body.length));
    });
  }

  it('leaves small files as they are', async () => {
    const small = await get(demo.server.url, '/api/v2/status.json', {
      'accept-encoding': 'br, gzip',
    });
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.vary ?? '').not.toMatch(/Accept-Encoding/);
    expect(JSON.parse(small.body.toString()).status).toBeDefined();
  });
});
