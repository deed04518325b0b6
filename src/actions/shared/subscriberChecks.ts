import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { isPrivateAddress, resolvesPrivate } from '../../channels/net.js';
import { invalid } from '../../domain/errors.js';

/**
 * Refuses URLs that point at private, loopback, link-local or metadata addresses (the SSRF
 * guard), except those on an origin FLARE_ALLOW_ORIGINS lets deliveries reach.
 */
export async function assertSubscribableUrl(
  url: string,
  allowPrivate: boolean,
  allowOrigins?: Set<string>,
): Promise<void> {
  if (allowPrivate) return;
  if (allowOrigins?.has(new URL(url).origin)) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (
    host === 'localhost' ||
    (isIP(host) && isPrivateAddress(host)) ||
    (!isIP(host) && (await resolvesPrivate(url)))
  ) {
    throw invalid({
      url: 'points at a private, loopback or metadata address, which Flare refuses to call',
    });
  }
}

/** A new webhook subscriber's Standard Webhooks signing secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
