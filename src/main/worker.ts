/** Starts a delivery worker with every configured channel. */
import type { App } from '../app.js';
import { withAllowedOrigins } from '../channels/allowOrigins.js';
import { createChannels } from '../channels/registry.js';
import { Worker, type WorkerOptions } from '../dispatch/worker.js';

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export function startWorker(
  app: App,
  opts: WorkerOptions & { env?: NodeJS.ProcessEnv; start?: boolean } = {},
): RunningWorker {
  const deps = {
    config: app.config,
    logger: app.logger,
    clock: app.clock,
    env: opts.env ?? process.env,
  };
  const channels = withAllowedOrigins(createChannels(deps), deps);
  const worker = new Worker(app, channels, opts);
  if (opts.start !== false) worker.start();
  return {
    worker,
    stop: async () => {
      await worker.stop();
      for (const c of channels.values()) await c.close?.();
    },
  };
}
