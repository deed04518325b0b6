/** Serves every file of the public site from the in-memory cache, with ETag and Cache-Control. */
import type { FastifyInstance } from 'fastify';
import type { SiteCache } from '../../pages/siteCache.js';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=10, stale-while-revalidate=60';

export function publicRoutes(app: FastifyInstance, site: SiteCache): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: async (req, reply) => {
      const q = req.url.indexOf('?');
      let path = q === -1 ? req.url : req.url.slice(0, q);
      if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
      if (path === '/index.html') path = '/';
      const file = await site.get(decodeURIComponent(path));
      if (!file) return reply.callNotFound();
      reply
        .header('etag', file.etag)
        .header('cache-control', PUBLIC_CACHE_CONTROL)
        .header('content-type', file.type);
      if (path.startsWith('/api/v2/') || file.type.includes('json'))
        reply.header('access-control-allow-origin', '*');
      if (req.headers['if-none-match'] === file.etag) return reply.status(304).send();
      return reply.send(file.body);
    },
  });
}
