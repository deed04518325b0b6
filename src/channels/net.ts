/**
 * Outbound HTTP for webhook-like channels: a pooled undici Agent whose DNS lookup refuses
 * private, loopback, link-local and cloud-metadata addresses (the SSRF guard), unless
 * FLARE_ALLOW_PRIVATE_NETWORK=1. Checking at connect time, not only at subscribe time, also
 * stops a name that later resolves somewhere private.
 */
import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  // addresses that embed an IPv4 one: NAT64, 6to4 and IPv4-compatible
  ['64:ff9b::', 96],
  ['2002::', 16],
  ['::', 96],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

export function isPrivateAddress(ip: string): boolean {
  const v = isIP(ip);
  if (v === 4) return blocked.check(ip, 'ipv4');
  if (v === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return blocked.check(mapped[1], 'ipv4');
    return blocked.check(ip, 'ipv6');
  }
  return true;
}

export class BlockedAddressError extends Error {
  constructor(host: string, ip: string) {
    super(
      `refused to connect to ${host} (${ip}): private, loopback and metadata addresses are blocked; set FLARE_ALLOW_PRIVATE_NETWORK=1 to allow them`,
    );
    this.name = 'BlockedAddressError';
  }
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(new BlockedAddressError(hostname, bad.address), '', 4);
    if ((options as { all?: boolean }).all)
      return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    return callback(null, list[0].address, list[0].family);
  });
};

/** Throws when a URL is not http(s) or names a blocked IP literal (names are checked at connect). */
export function assertPublicUrl(raw: string, allowPrivate: boolean): URL {
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error('must be an http(s) URL');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || (isIP(host) && isPrivateAddress(host)))) {
    throw new BlockedAddressError(url.hostname, host);
  }
  return url;
}

/** Resolves a URL's host now and says whether it points at a blocked address (for subscribe-time checks). */
export async function resolvesPrivate(raw: string): Promise<boolean> {
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPrivateAddress(host);
  try {
    const all = await dns.promises.lookup(host, { all: true });
    return all.some((a) => isPrivateAddress(a.address));
  } catch {
    return false; // unresolvable now; the connect-time guard still applies
  }
}

export function outboundAgent(allowPrivate: boolean, connections = 128): Agent {
  return new Agent({
    connections,
    keepAliveTimeout: 10_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
    connect: allowPrivate ? { timeout: 5_000 } : { timeout: 5_000, lookup: guardedLookup },
  });
}
