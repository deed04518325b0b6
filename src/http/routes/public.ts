/** Serves every file of the public site from the in-memory cache, with ETag and Cache-Control. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLocale } from '../../domain/locale.js';
import { MONTH_RE, renderHistoryMonth } from '../../pages/historyPage.js';
import { renderBadMonthPage } from '../../pages/notFoundPage.js';
import type { PickLocale, Rendered, SiteCache } from '../../pages/siteCache.js';
import { PUBLIC_CACHE_CONTROL, publicReply } from '../publicReply.js';
import { securityHeaders } from '../securityHeaders.js';

function send(req: FastifyRequest, reply: FastifyReply, path: string, file: Rendered) {
  const r = publicReply(path, file, req.headers['accept-encoding']);
  reply.headers(r.headers);
  if (req.headers['if-none-match'] === r.etag) return reply.status(304).send();
  return reply.send(r.body);
}

/** A page rendered on demand (not cached): a month out of the site's range, a bad month. */
function sendPage(reply: FastifyReply, status: number, path: string, body: string) {
  const type = 'text/html; charset=utf-8';
  return reply
    .status(status)
    .headers({
      'cache-control': PUBLIC_CACHE_CONTROL,
      'content-type': type,
      ...securityHeaders(path, type, Buffer.from(body)),
    })
    .send(body);
}

/** `/history?month=YYYY-MM`: the month's page (`/history/YYYY-MM`), or 400 for a bad month. */
async function historyMonth(
  req: FastifyRequest,
  reply: FastifyReply,
  site: SiteCache,
  month: unknown,
) {
  if (typeof month !== 'string' || !MONTH_RE.test(month)) {
    const { snap } = await site.current();
    return sendPage(reply, 400, '/history', renderBadMonthPage(snap));
  }
  const path = `/history/${month}`;
  const file = await site.get(path);
  if (file) return send(req, reply, path, file);
  const { snap } = await site.current();
  return sendPage(reply, 200, path, renderHistoryMonth(snap, month));
}

/** The site's own "not found" page, with status 404. */
function notFound(req: FastifyRequest, path: string, reply: FastifyReply, site: SiteCache) {
  if (path.startsWith('/api/')) return reply.callNotFound();
  return site.get('/404.html').then((file) => {
    if (!file) return reply.callNotFound();
    const r = publicReply('/404.html', file, req.headers['accept-encoding']);
    reply.headers(r.headers);
    reply.removeHeader('etag');
    return reply.status(404).send(r.body);
  });
}

/** The reader's language among those a page offers: `?locale=` wins over Accept-Language. */
export function localePicker(accept: string | undefined, asked?: string): PickLocale {
  return (offered) => (asked || accept ? negotiateLocale(offered, accept, asked) : undefined);
}

/** The site file a request path names: no trailing slash, and `/index.html` is `/`. */
export function sitePath(path: string): string {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return p === '/index.html' ? '/' : p;
}

export function publicRoutes(app: FastifyInstance, site: SiteCache): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    // not async: a cache hit (nearly every request) is answered without a promise or a tick
    handler: (req, reply) => {
      const q = req.url.indexOf('?');
      const path = decodeURIComponent(sitePath(q === -1 ? req.url : req.url.slice(0, q)));
      const query = req.query as { locale?: unknown; month?: unknown };
      if (path === '/history' && query.month !== undefined)
        return historyMonth(req, reply, site, query.month);
      // the reader's language, for the pages rendered per language: ?locale= wins
      const asked = typeof query.locale === 'string' ? query.locale : undefined;
      const accept = req.headers['accept-language'];
      const pick = localePicker(accept, asked);
      const hit = site.peek(path, pick);
      if (hit) return send(req, reply, path, hit);
      return site
        .get(path, pick)
        .then((file) => (file ? send(req, reply, path, file) : notFound(req, path, reply, site)));
    },
  });
}
