/** Starts a delivery worker with every configured channel. */
import type { App } from '../app.js';
import { threadedChannels, threadedFromEnv } from '../channels/threaded.js';
import type { ChannelName } from '../channels/types.js';
import { sendEnquiryReplies } from '../dispatch/enquiryReplies.js';
import { Worker, type WorkerOptions } from '../dispatch/worker.js';
import { limitHeapGrowth } from '../lib/heapGrowth.js';

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
  limitHeapGrowth(app.config.heapGrowingPercent);
  const deps = {
    config: app.config,
    logger: app.logger,
    clock: app.clock,
    env,
    secretKey: app.secretKey,
  };
  // the HTTP channels send from a thread of their own (ADR 0006)
  const onThread = opts.onThread ? new Set(opts.onThread) : threadedFromEnv(env);
  const channels = threadedChannels(deps, app.secretKey, onThread);
  const worker = new Worker(app, channels, opts);
  // answers to enquiries (issue #11) go out by email from here too, every few seconds
  let replies: NodeJS.Timeout | null = null;
  let sending: Promise<unknown> = Promise.resolve();
  if (opts.start !== false) {
    worker.start();
    replies = setInterval(() => {
      sending = sending
        .then(() => sendEnquiryReplies(app, channels))
        .catch((err) => app.logger.error({ err }, 'sending enquiry replies failed'));
    }, 2_000);
    replies.unref();
  }
  return {
    worker,
    stop: async () => {
      if (replies) clearInterval(replies);
      await sending;
      await worker.stop();
      for (const c of channels.values()) await c.close?.();
    },
  };
}
