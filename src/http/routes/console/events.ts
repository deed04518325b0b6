/**
 * GET /console/events: Server-Sent Events for the live console (ADR 0014). Each event says
 * that something changed (`change`) or that deliveries moved on (`delivery`); the page's script
 * then fetches its own URL again and swaps its `data-live` regions. One change feed per app,
 * shared by all clients, running only while one listens; a comment every 15 s keeps proxies
 * from closing the stream, and re-checks the session so a sign-out or revoked token ends it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../app.js';
import { ChangeFeed } from '../../../store/queries/changeFeed.js';
import type { RouteModule } from '../../registry.js';
import { consoleScope } from './scope.js';
import { checkSession } from './session.js';

/** Open streams per process; one more answers 503 and the browser retries later. */
export const MAX_LIVE_CLIENTS = 200;
const HEARTBEAT_MS = 15_000;

const feeds = new WeakMap<App, ChangeFeed>();

export function changeFeedOf(app: App): ChangeFeed {
  let feed = feeds.get(app);
  if (!feed) {
    feed = new ChangeFeed(app.store, app.bus);
    feeds.set(app, feed);
  }
  return feed;
}

export const consoleEventRoutes: RouteModule = async (server, app) => {
  const open = new Set<() => void>();
  // end the streams first, or closing the server would wait for them forever
  server.addHook('preClose', async () => {
    for (const end of [...open]) end();
    changeFeedOf(app).stop();
  });
  await consoleScope(server, app, (scope) => {
    scope.get('/console/events', async (req: FastifyRequest, reply: FastifyReply) => {
      if (open.size >= MAX_LIVE_CLIENTS)
        return reply
          .code(503)
          .header('retry-after', '30')
          .type('text/plain; charset=utf-8')
          .send('Too many live connections; reload the page to see the latest.');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive',
      });
      res.write('retry: 3000\n: live\n\n');
      let ended = false;
      const unsubscribe = changeFeedOf(app).subscribe((e) => {
        res.write(
          `event: ${e.kind}\ndata: ${JSON.stringify({ kind: e.kind, at: app.clock.now().toISOString() })}\n\n`,
        );
      });
      const beat = setInterval(async () => {
        const check = await checkSession(app, req).catch(() => ({ ok: false }));
        if (!check.ok) return end();
        if (!ended) res.write(': heartbeat\n\n');
      }, HEARTBEAT_MS);
      beat.unref();
      function end() {
        if (ended) return;
        ended = true;
        clearInterval(beat);
        unsubscribe();
        open.delete(end);
        res.end();
      }
      open.add(end);
      req.raw.on('close', end);
      res.on('error', end);
    });
  });
};
