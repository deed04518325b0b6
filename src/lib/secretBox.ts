/**
 * Credentials kept in the database (an inbound source's webhook secret, a Mastodon token, a
 * Bluesky app password) are sealed with
 * AES-256-GCM under a key derived (HKDF) from the server's secret key, never stored in clear.
 * A sealed value reads `v1.<iv>.<tag>.<ciphertext>` (base64url); the purpose is bound as
 * associated data, so a value sealed for one purpose cannot be opened as another.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

function keyFor(secretKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'flare-secret-box', purpose, 32));
}

export function seal(secretKey: Buffer, purpose: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secretKey, purpose), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
  return `v1.${parts.join('.')}`;
}

/** The plain value, or undefined when it cannot be opened (another secret key, or tampered). */
export function open(secretKey: Buffer, purpose: string, sealed: string): string | undefined {
  const m = /^v1\.([\w-]+)\.([\w-]+)\.([\w-]*)$/.exec(sealed);
  if (!m) return undefined;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyFor(secretKey, purpose),
      Buffer.from(m[1], 'base64url'),
    );
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(m[2], 'base64url'));
    const out = Buffer.concat([decipher.update(Buffer.from(m[3], 'base64url')), decipher.final()]);
    return out.toString('utf8');
  } catch {
    return undefined;
  }
}

/** Opens a sealed value; throws, saying what to do, when it cannot be opened. */
export function unseal(secretKey: Buffer, purpose: string, sealed: string): string {
  const out = open(secretKey, purpose, sealed);
  if (out === undefined)
    throw new Error(
      'the stored credentials cannot be opened with the current secret key (did FLARE_SECRET_KEY change?); set them again',
    );
  return out;
}
