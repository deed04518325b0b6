/** Starts the HTTP server with the in-process scheduler and delivery worker. */
import type { App } from '../app.js';
import { buildServer } from '../http/server.js';
import { Scheduler } from '../schedule/scheduler.js';
import { startWorker } from './worker.js';

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(
  app: App,
  opts: { port?: number; host?: string; worker?: boolean; scheduler?: boolean } = {},
): Promise<Running> {
  const server = await buildServer(app);
  const port = opts.port ?? app.config.port;
  const host = opts.host ?? app.config.host;
  await server.listen({ port, host });
  const addr = server.server.address();
  const realPort = typeof addr === 'object' && addr ? addr.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const scheduler = opts.scheduler === false ? null : new Scheduler(app);
  await scheduler?.start();
  const worker = opts.worker === false ? null : startWorker(app);
  return {
    url: `http://${shownHost}:${realPort}`,
    stop: async () => {
      await scheduler?.stop();
      await server.close();
      await worker?.stop();
    },
  };
}
