/** The response headers of each rendered file of the public site, built once per render. */
import type { Rendered } from '../pages/siteCache.js';
import { securityHeaders } from './securityHeaders.js';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=10, stale-while-revalidate=60';

const headersOf = new WeakMap<Rendered, Record<string, string>>();
const rawOf = new WeakMap<Rendered, string[]>();

/** The headers of `file` served at `path`, but its length. */
export function publicHeaders(path: string, file: Rendered): Record<string, string> {
  let h = headersOf.get(file);
  if (!h) {
    h = {
      etag: file.etag,
      'cache-control': PUBLIC_CACHE_CONTROL,
      'content-type': file.type,
      ...securityHeaders(path, file.type, file.body),
    };
    if (path.startsWith('/api/v2/') || file.type.includes('json'))
      h['access-control-allow-origin'] = '*';
    if (file.localized) h.vary = 'Accept-Language';
    headersOf.set(file, h);
  }
  return h;
}

/** The same headers and the length, as the flat list `writeHead` takes without copying. */
export function rawPublicHeaders(path: string, file: Rendered): string[] {
  let raw = rawOf.get(file);
  if (!raw) {
    raw = Object.entries(publicHeaders(path, file)).flat();
    raw.push('content-length', String(file.body.length));
    rawOf.set(file, raw);
  }
  return raw;
}
