/** Serves every file of the public site from the in-memory cache, with ETag and Cache-Control. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLocale } from '../../domain/locale.js';
import type { PickLocale, Rendered, SiteCache } from '../../pages/siteCache.js';
import { securityHeaders } from '../securityHeaders.js';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=10, stale-while-revalidate=60';

/** The response headers of each rendered file, built once per render rather than per request. */
const headersOf = new WeakMap<Rendered, Record<string, string>>();

function headers(path: string, file: Rendered): Record<string, string> {
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

function send(req: FastifyRequest, reply: FastifyReply, path: string, file: Rendered) {
  reply.headers(headers(path, file));
  if (req.headers['if-none-match'] === file.etag) return reply.status(304).send();
  return reply.send(file.body);
}

export function publicRoutes(app: FastifyInstance, site: SiteCache): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    // not async: a cache hit (nearly every request) is answered without a promise or a tick
    handler: (req, reply) => {
      const q = req.url.indexOf('?');
      let path = q === -1 ? req.url : req.url.slice(0, q);
      if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
      if (path === '/index.html') path = '/';
      path = decodeURIComponent(path);
      // the reader's language, for the pages rendered per language: ?locale= wins
      const locale = (req.query as { locale?: unknown }).locale;
      const asked = typeof locale === 'string' ? locale : undefined;
      const accept = req.headers['accept-language'];
      const pick: PickLocale = (offered) =>
        asked || accept ? negotiateLocale(offered, accept, asked) : undefined;
      const hit = site.peek(path, pick);
      if (hit) return send(req, reply, path, hit);
      return site
        .get(path, pick)
        .then((file) => (file ? send(req, reply, path, file) : reply.callNotFound()));
    },
  });
}
