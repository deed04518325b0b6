/** HMAC signatures for links that act without a login: manage, unsubscribe, confirm. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function sign(key: Buffer, purpose: string, id: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${id}`).digest('base64url').slice(0, 32);
}

export function verifySignature(key: Buffer, purpose: string, id: string, sig: unknown): boolean {
  if (typeof sig !== 'string' || sig.length !== 32) return false;
  const want = Buffer.from(sign(key, purpose, id));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want);
}

export interface SubscriberLinks {
  manage: string;
  unsubscribe: string;
  confirm: string;
}

export function subscriberLinks(
  key: Buffer,
  pageUrl: string,
  subscriberId: string,
): SubscriberLinks {
  const base = `${pageUrl.replace(/\/+$/, '')}/subscriptions/${encodeURIComponent(subscriberId)}`;
  return {
    manage: `${base}?sig=${sign(key, 'manage', subscriberId)}`,
    unsubscribe: `${base}/unsubscribe?sig=${sign(key, 'unsubscribe', subscriberId)}`,
    confirm: `${base}/confirm?sig=${sign(key, 'confirm', subscriberId)}`,
  };
}
