/** Real delivery channels for a test app, built from the env a test names, and closing them. */
import { createChannels } from '../../src/channels/catalog.js';
import type { ChannelDeps } from '../../src/channels/types.js';

export type Channels = ReturnType<typeof createChannels>;

/** The channels `app` would open with `env` (e.g. `{ FLARE_SMTP_URL: smtp.url }`). */
export function testChannels(
  app: Pick<ChannelDeps, 'config' | 'logger' | 'clock' | 'secretKey'>,
  env: NodeJS.ProcessEnv,
): Channels {
  const { config, logger, clock, secretKey } = app;
  return createChannels({ config, logger, clock, env, secretKey });
}

/** Closes every channel (their SMTP pools, sockets); safe when they were never opened. */
export async function closeChannels(channels: Channels | undefined): Promise<void> {
  for (const c of channels?.values() ?? []) await c.close?.();
}
