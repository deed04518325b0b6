/**
 * Cache hits of the public site, answered before Fastify. Nearly every request to a status
 * page under load asks for a file the cache holds already; this answers it from the file's
 * prepared headers and body, with the same bytes the public route sends (./publicReply.ts), and hands every other
 * request to Fastify unchanged (docs/adr/0023-public-fast-path.md).
 *
 * It takes a request only when all of these hold: GET or HEAD; no query and no percent escape
 * in the URL (the route parses those); the file is in the cache now; and Fastify itself would
 * route that path to the public site rather than to another route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SiteCache } from '../pages/siteCache.js';
import { publicReply } from './publicReply.js';
import { localePicker, sitePath } from './routes/public.js';

/** Whether Fastify routes this URL to the public site (asked once per URL). */
export type IsPublicPath = (path: string) => boolean;

const NO_LENGTH = (raw: string[]) => raw.slice(0, -2);

export function publicFastPath(site: SiteCache, isPublic: IsPublicPath) {
  const routed = new Map<string, boolean>();
  const publicPath = (url: string) => {
    let yes = routed.get(url);
    if (yes === undefined) {
      yes = isPublic(url);
      if (routed.size >= 1000) routed.clear();
      routed.set(url, yes);
    }
    return yes;
  };

  /** Answers the request and returns true, or returns false and leaves it untouched. */
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const method = req.method;
    const url = req.url;
    if ((method !== 'GET' && method !== 'HEAD') || !url || url.includes('?') || url.includes('%'))
      return false;
    const path = sitePath(url);
    const file = site.peek(path, localePicker(req.headers['accept-language']));
    // Fastify routes the URL as sent, before the site's own reading of it
    if (!file || !publicPath(url)) return false;
    const reply = publicReply(path, file, req.headers['accept-encoding']);
    if (req.headers['if-none-match'] === reply.etag) {
      res.writeHead(304, NO_LENGTH(reply.raw));
      res.end();
    } else {
      res.writeHead(200, reply.raw);
      res.end(method === 'HEAD' ? undefined : reply.body);
    }
    return true;
  };
}
