/**
 * Credentials kept in the database (a Mastodon access token, a Bluesky app password), sealed
 * with AES-256-GCM under a key derived (HKDF) from Flare's secret key: FLARE_SECRET_KEY, or the
 * one Flare made on first start. `purpose` is bound in as associated data, so a sealed value
 * copied to another row or column does not open there.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function keyOf(secretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'flare', 'flare credentials v1', 32));
}

export function seal(secretKey: Buffer, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey), iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Opens a sealed value; throws when it was sealed under another key or purpose, or altered. */
export function unseal(secretKey: Buffer, purpose: string, sealed: string): string {
  const [version, data] = sealed.split('.', 2);
  if (version !== VERSION || !data) throw new Error('not a sealed value');
  const buf = Buffer.from(data, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey), buf.subarray(0, 12));
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(buf.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'the stored credentials cannot be opened with the current secret key (did FLARE_SECRET_KEY change?); set them again',
    );
  }
}
