/**
 * What the public site sends for one of its rendered files: the body, compressed with Brotli or
 * gzip when the reader accepts it, and the headers, built once per render and encoding rather
 * than per request. Compression happens once per render, the first time a reader asks for that
 * encoding; each encoding has its own ETag, and every compressible file says
 * `Vary: Accept-Encoding`.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Rendered } from '../pages/siteCache.js';
import { securityHeaders } from './securityHeaders.js';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=10, stale-while-revalidate=60';

export type Encoding = 'br' | 'gzip';

export interface PublicReply {
  body: Buffer;
  etag: string;
  /** every header but the length (Fastify adds it) */
  headers: Record<string, string>;
  /** the same with the length, as the flat list `writeHead` takes without copying */
  raw: string[];
}

const COMPRESSIBLE =
  /^(text\/|image\/svg\+xml|application\/(json|feed\+json|xml|rss\+xml|atom\+xml|javascript))/;
/** Below this, compression saves less than the headers it adds. */
const MIN_BYTES = 1024;

const replies = new WeakMap<Rendered, Map<string, PublicReply>>();

/**
 * The reply for `file` at `path`, for a reader whose Accept-Encoding is `accept`. Brotli at a
 * quality that takes a few milliseconds for a large page, since it runs on the serving thread.
 */
export function publicReply(path: string, file: Rendered, accept?: string): PublicReply {
  const compressible = COMPRESSIBLE.test(file.type) && file.body.length >= MIN_BYTES;
  const encoding = compressible ? pickEncoding(accept) : undefined;
  let byEncoding = replies.get(file);
  if (!byEncoding) {
    byEncoding = new Map();
    replies.set(file, byEncoding);
  }
  const key = encoding ?? '';
  let reply = byEncoding.get(key);
  if (!reply) {
    reply = build(path, file, compressible, encoding);
    byEncoding.set(key, reply);
  }
  return reply;
}

function build(
  path: string,
  file: Rendered,
  compressible: boolean,
  encoding: Encoding | undefined,
): PublicReply {
  const body =
    encoding === 'br'
      ? brotliCompressSync(file.body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 5,
            [constants.BROTLI_PARAM_SIZE_HINT]: file.body.length,
          },
        })
      : encoding === 'gzip'
        ? gzipSync(file.body, { level: 6 })
        : file.body;
  const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
  const headers: Record<string, string> = {
    etag,
    'cache-control': PUBLIC_CACHE_CONTROL,
    'content-type': file.type,
    ...securityHeaders(path, file.type, file.body),
  };
  if (path.startsWith('/api/v2/') || file.type.includes('json'))
    headers['access-control-allow-origin'] = '*';
  const vary = [file.localized && 'Accept-Language', compressible && 'Accept-Encoding'];
  if (vary.some(Boolean)) headers.vary = vary.filter(Boolean).join(', ');
  if (encoding) headers['content-encoding'] = encoding;
  const raw = Object.entries(headers).flat();
  raw.push('content-length', String(body.length));
  return { body, etag, headers, raw };
}

/**
 * The encoding to send for an Accept-Encoding header: Brotli or gzip, whichever the reader
 * rates higher (Brotli on a tie), or none. One pass over the header; `*` stands for both.
 */
export function pickEncoding(accept: string | undefined): Encoding | undefined {
  if (!accept) return undefined;
  let br: number | undefined;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of accept.slice(0, 1024).split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
      if (k.trim().toLowerCase() === 'q') {
        const n = Number(v);
        q = Number.isFinite(n) ? n : 0;
      }
    }
    if (coding === 'br') br = q;
    else if (coding === 'gzip' || coding === 'x-gzip') gzip = q;
    else if (coding === '*') any = q;
  }
  const qBr = br ?? any ?? 0;
  const qGzip = gzip ?? any ?? 0;
  if (qBr <= 0 && qGzip <= 0) return undefined;
  return qBr >= qGzip ? 'br' : 'gzip';
}
