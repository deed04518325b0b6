/** The Fastify server: public site and /api/v2 from the cache, the admin API under /api/v1. */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { frameworkErrors, installErrorHandler } from './errors.js';
import { httpRegistry } from './registry.js';
import { publicRoutes } from './routes/public.js';
import { installSecurityHeaders } from './securityHeaders.js';

export async function buildServer(app: App): Promise<FastifyInstance> {
  const server: FastifyInstance = Fastify({
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
  return server;
}
