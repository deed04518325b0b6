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

/**
 * The same links, each signed only when first read: the worker builds them for every delivery,
 * and a webhook needs only the unsubscribe link (an HMAC each is a tenth of a webhook's cost).
 */
export function lazySubscriberLinks(
  key: Buffer,
  pageUrl: string,
  subscriberId: string,
): SubscriberLinks {
  let base: string | undefined;
  const at = () => {
    base ??= `${pageUrl.replace(/\/+$/, '')}/subscriptions/${encodeURIComponent(subscriberId)}`;
    return base;
  };
  let manage: string | undefined;
  let unsubscribe: string | undefined;
  let confirm: string | undefined;
  return {
    get manage() {
      manage ??= `${at()}?sig=${sign(key, 'manage', subscriberId)}`;
      return manage;
    },
    get unsubscribe() {
      unsubscribe ??= `${at()}/unsubscribe?sig=${sign(key, 'unsubscribe', subscriberId)}`;
      return unsubscribe;
    },
    get confirm() {
      confirm ??= `${at()}/confirm?sig=${sign(key, 'confirm', subscriberId)}`;
      return confirm;
    },
  };
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
