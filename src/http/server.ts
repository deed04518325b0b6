/** The Fastify server: public site and /api/v2 from the cache, the admin API under /api/v1. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { frameworkErrors, installErrorHandler } from './errors.js';
import { publicFastPath } from './fastPath.js';
import { httpRegistry } from './registry.js';
import { publicRoutes } from './routes/public.js';
import { installSecurityHeaders } from './securityHeaders.js';

export async function buildServer(app: App): Promise<FastifyInstance> {
  // cache hits of the public site are answered before Fastify (./fastPath.ts), once it has
  // said which paths it routes to the site
  let fast: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const server: FastifyInstance = Fastify({
    serverFactory: (handler) =>
      Object.assign(
        createServer((req, res) => {
          if (!fast?.(req, res)) handler(req, res);
        }),
        // what Fastify sets on a server it makes itself
        { keepAliveTimeout: 72_000 },
      ),
    // request lines are info-level noise: keep warnings and errors only
    loggerInstance: app.logger.child(
      {},
      { level: app.logger.levelVal < 40 ? 'warn' : app.logger.level },
    ) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // only proxies the operator names may set the client address (X-Forwarded-For)
    // (a hop count is a number, which fastify accepts though its types leave it out)
    trustProxy: app.config.trustProxy as boolean | string,
    frameworkErrors,
  });
  installErrorHandler(server);
  installSecurityHeaders(server);
  for (const register of httpRegistry) await register(server, app);
  publicRoutes(server, app.site);
  // every route is known once the server is ready (callers may add some after this returns)
  server.addHook('onReady', async () => {
    fast = publicFastPath(app.site, (url) => {
      // only the site's own catch-all route, whose wildcard is the whole path
      const route = server.findRoute({ method: 'GET', url });
      const params = (route?.params ?? {}) as Record<string, string>;
      return Object.keys(params).join() === '*' && params['*'] === url.slice(1);
    });
  });
  return server;
}
