/** Starts a delivery worker with every configured channel. */
import type { App } from '../app.js';
import { threadedChannels, threadedFromEnv } from '../channels/threaded.js';
import type { ChannelName } from '../channels/types.js';
import { Worker, type WorkerOptions } from '../dispatch/worker.js';

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export function startWorker(
  app: App,
  opts: WorkerOptions & {
    env?: NodeJS.ProcessEnv;
    start?: boolean;
    /** channels that send on the send thread (default: FLARE_SEND_THREAD, else the HTTP ones) */
    onThread?: ChannelName[];
  } = {},
): RunningWorker {
  const env = opts.env ?? process.env;
  const deps = { config: app.config, logger: app.logger, clock: app.clock, env };
  // the HTTP channels send from a thread of their own (ADR 0006)
  const onThread = opts.onThread ? new Set(opts.onThread) : threadedFromEnv(env);
  const channels = threadedChannels(deps, app.secretKey, onThread);
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
