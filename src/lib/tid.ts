/**
 * A stable AT Protocol record key (a TID: 13 characters of base32-sortable, a 53-bit
 * microsecond time and a 10-bit clock id) made from a key and a secret, so every attempt of one
 * delivery writes the same record: a retry after an answer was lost finds the post already there
 * instead of posting twice. The time part is drawn from the HMAC within 2024–2025, so it is
 * always a valid, past TID; the secret (the server's key) keeps two installations' keys apart.
 */
import { createHmac } from 'node:crypto';

const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
const FROM_US = BigInt(Date.UTC(2024, 0, 1)) * 1000n;
const SPAN_US = 2n * 365n * 24n * 3600n * 1_000_000n;

export function stableTid(secret: Buffer, key: string): string {
  const h = createHmac('sha256', secret).update(`tid\n${key}`).digest();
  const micros = FROM_US + (h.readBigUInt64BE(0) % SPAN_US);
  let n = (micros << 10n) | BigInt(h.readUInt16BE(8) & 0x3ff);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}
