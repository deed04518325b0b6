/** Starts the HTTP server with the in-process scheduler and delivery worker. */
import type { App } from '../app.js';
import type { RouteModule } from '../http/registry.js';
import { buildServer } from '../http/server.js';
import { Scheduler } from '../schedule/scheduler.js';
import { InboundSmtp } from './inboundSmtp.js';
import { startWorker } from './worker.js';

export interface Running {
  url: string;
  /** where the inbound SMTP listener takes email, when it runs in this process */
  inboundSmtpUrl?: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  port?: number;
  host?: string;
  worker?: boolean;
  scheduler?: boolean;
  /** the inbound SMTP listener, when FLARE_INBOUND_SMTP_PORT is set (default true; never in a web child) */
  inboundSmtp?: boolean;
  /** extra route modules, outside the registry (the demo inbox) */
  routes?: RouteModule[];
  /** the environment the in-process worker reads, given the server's URL (default: process.env) */
  workerEnv?: (url: string) => NodeJS.ProcessEnv;
}

export async function startServer(app: App, opts: ServerOptions = {}): Promise<Running> {
  const server = await buildServer(app);
  for (const register of opts.routes ?? []) await register(server, app);
  const port = opts.port ?? app.config.port;
  const host = opts.host ?? app.config.host;
  await server.listen({ port, host });
  const addr = server.server.address();
  const realPort = typeof addr === 'object' && addr ? addr.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const scheduler = opts.scheduler === false ? null : new Scheduler(app);
  await scheduler?.start();
  const inbound = opts.inboundSmtp === false ? null : await InboundSmtp.fromConfig(app);
  const url = `http://${shownHost}:${realPort}`;
  const worker = opts.worker === false ? null : startWorker(app, { env: opts.workerEnv?.(url) });
  return {
    url,
    inboundSmtpUrl: inbound?.url,
    stop: async () => {
      await scheduler?.stop();
      await inbound?.close();
      await server.close();
      await worker?.stop();
    },
  };
}
