/**
 * A narrow exception to the SSRF guard: FLARE_ALLOW_ORIGINS lists exact origins
 * (`http://127.0.0.1:8080`, comma-separated) that webhook and chat deliveries may reach
 * even when they are private. Every other URL still goes through the guarded channel, so the
 * guard stays on for everyone else (the demo inbox uses this for its own webhook receiver).
 */
import { CHANNELS } from './catalog.js';
import type { Channel, ChannelDeps, ChannelName } from './types.js';

/** The exact origins in a comma-separated list; throws naming the variable on a bad entry. */
export function parseOrigins(raw: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (raw ?? '').split(',')) {
    const v = part.trim();
    if (!v) continue;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw new Error(`FLARE_ALLOW_ORIGINS: ${v} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`FLARE_ALLOW_ORIGINS: ${v} must be an http(s) origin`);
    out.add(url.origin);
  }
  return out;
}

function originOf(address: string): string | null {
  try {
    return new URL(address).origin;
  } catch {
    return null;
  }
}

/** Routes deliveries to allowed origins through a twin channel that may reach private networks. */
export function withAllowedOrigins(
  channels: Map<ChannelName, Channel>,
  deps: ChannelDeps,
): Map<ChannelName, Channel> {
  const origins = parseOrigins(deps.env.FLARE_ALLOW_ORIGINS);
  if (origins.size === 0 || deps.config.allowPrivateNetwork) return channels;
  const openDeps = { ...deps, config: { ...deps.config, allowPrivateNetwork: true } };
  for (const d of CHANNELS) {
    const name = d.name;
    const guarded = channels.get(name);
    if (!d.outboundUrl || !guarded) continue;
    const open = d.create(openDeps);
    channels.set(name, {
      name,
      prepare: (event) => guarded.prepare(event),
      pacing: guarded.pacing ? (to) => guarded.pacing?.(to) : undefined,
      send: (prepared, to, event) => {
        const origin = originOf(to.address);
        return (origin && origins.has(origin) ? open : guarded).send(prepared, to, event);
      },
      close: async () => {
        await guarded.close?.();
        await open.close?.();
      },
    });
  }
  return channels;
}
