/**
 * DKIM signing (RFC 6376) of a whole raw message: rsa-sha256 with relaxed/relaxed
 * canonicalisation. Optional: on when FLARE_DKIM_DOMAIN, FLARE_DKIM_SELECTOR and
 * FLARE_DKIM_PRIVATE_KEY are all set. Each message is signed on its own (its body carries the
 * reader's own links), which costs one RSA signature per message.
 */
import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';

export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: KeyObject;
}

const VARS = ['FLARE_DKIM_DOMAIN', 'FLARE_DKIM_SELECTOR', 'FLARE_DKIM_PRIVATE_KEY'] as const;

/** The headers signed, when present (From always is). */
const SIGNED = [
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'list-unsubscribe',
  'list-unsubscribe-post',
];

/**
 * The signing key from the environment, or null when DKIM is off. Throws a message naming the
 * variables when only some are set, or when the key is not an RSA private key in PEM (`\n`
 * escapes are accepted, for one-line environment files).
 */
export function dkimFromEnv(env: NodeJS.ProcessEnv): DkimKey | null {
  const set = VARS.filter((v) => env[v]?.trim());
  if (set.length === 0) return null;
  if (set.length < VARS.length) {
    const missing = VARS.filter((v) => !set.includes(v));
    throw new Error(
      `DKIM signing needs all of ${VARS.join(', ')}: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not`,
    );
  }
  const domain = env.FLARE_DKIM_DOMAIN!.trim();
  const selector = env.FLARE_DKIM_SELECTOR!.trim();
  if (!/^[A-Za-z0-9.-]+$/.test(domain))
    throw new Error('FLARE_DKIM_DOMAIN must be a domain name, e.g. example.com');
  if (!/^[A-Za-z0-9._-]+$/.test(selector))
    throw new Error('FLARE_DKIM_SELECTOR must be a DNS label, e.g. flare2026');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(env.FLARE_DKIM_PRIVATE_KEY!.trim().replace(/\\n/g, '\n'));
  } catch {
    throw new Error(
      'FLARE_DKIM_PRIVATE_KEY is not a private key in PEM form (-----BEGIN PRIVATE KEY----- …; \\n escapes are accepted)',
    );
  }
  if (privateKey.asymmetricKeyType !== 'rsa')
    throw new Error('FLARE_DKIM_PRIVATE_KEY must be an RSA key (rsa-sha256)');
  return { domain, selector, privateKey };
}

/** Relaxed body canonicalisation: spaces collapsed, line ends trimmed, trailing empty lines dropped. */
function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

/** Relaxed header canonicalisation of one (possibly folded) header line. */
function relaxedHeader(name: string, value: string): string {
  const v = value
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name.toLowerCase()}:${v}`;
}

/** The message with a DKIM-Signature header in front. `raw` uses CRLF line ends. */
export function dkimSign(raw: string, key: DkimKey, nowMs: number): string {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split + 2);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers = new Map<string, { name: string; value: string }>();
  for (const field of head.split(/\r\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon);
    headers.set(name.toLowerCase(), { name, value: field.slice(colon + 1) });
  }
  const signed = SIGNED.filter((h) => headers.has(h));
  const bh = createHash('sha256').update(relaxedBody(body)).digest('base64');
  const tags = `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${key.domain}; s=${key.selector}; t=${Math.floor(nowMs / 1000)}; h=${signed.join(':')}; bh=${bh}; b=`;
  const input =
    signed
      .map((h) => {
        const f = headers.get(h)!;
        return `${relaxedHeader(f.name, f.value)}\r\n`;
      })
      .join('') + relaxedHeader('DKIM-Signature', tags);
  const b = sign('sha256', Buffer.from(input), key.privateKey).toString('base64');
  return `DKIM-Signature: ${fold(tags + b)}\r\n${raw}`;
}

/**
 * Folds the header at its tag separators, and the signature every 72 characters (verifiers
 * drop the spaces inside b=, and sign the header with b= empty, so the folds change nothing).
 */
function fold(value: string): string {
  return value
    .split('; ')
    .map((p) => (p.startsWith('b=') ? p.match(/.{1,72}/g)!.join('\r\n ') : p))
    .join(';\r\n ');
}
