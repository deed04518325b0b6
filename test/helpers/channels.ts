/** Real delivery channels for a test app, built from the env a test names, and closing them. */
import { createChannels } from '../../src/channels/catalog.js';
import type { ChannelDeps } from '../../src/channels/types.js';

export type Channels = ReturnType<typeof createChannels>;

/** The channels `app` would open with `env` (e.g. `{ FLARE_SMTP_URL: smtp.url }`). */
export function testChannels(
  app: Pick<ChannelDeps, 'config' | 'logger' | 'clock'>,
  env: NodeJS.ProcessEnv,
): Channels {
  return createChannels({ config: app.config, logger: app.logger, clock: app.clock, env });
}

/** Closes every channel (their SMTP pools, sockets); safe when they were never opened. */
export async function closeChannels(channels: Channels | undefined): Promise<void> {
  for (const c of channels?.values() ?? []) await c.close?.();
}
