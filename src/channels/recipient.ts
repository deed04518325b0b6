/** A Recipient whose manage and unsubscribe links are signed only if a channel reads them. */
import { LazySubscriberLinks } from '../lib/signing.js';
import type { ChannelName, Recipient } from './types.js';

export type RecipientFields = Omit<
  Recipient,
  'manageUrl' | 'unsubscribeUrl' | 'unsubscribePostUrl'
>;

export class LinkedRecipient implements Recipient {
  readonly deliveryId: number;
  readonly key: string;
  readonly subscriberId: string;
  readonly channel: ChannelName;
  readonly address: string;
  readonly secret: string | null;
  readonly locale: string;
  readonly timeZone: string | null;
  readonly attempt: number;
  readonly thread: string | null;
  readonly compensation: string | null;
  private readonly links: LazySubscriberLinks;

  constructor(f: RecipientFields, secretKey: Buffer, pageUrl: string) {
    this.deliveryId = f.deliveryId;
    this.key = f.key;
    this.subscriberId = f.subscriberId;
    this.channel = f.channel;
    this.address = f.address;
    this.secret = f.secret;
    this.locale = f.locale;
    this.timeZone = f.timeZone;
    this.attempt = f.attempt;
    this.thread = f.thread ?? null;
    this.compensation = f.compensation ?? null;
    this.links = new LazySubscriberLinks(secretKey, pageUrl, f.subscriberId);
  }

  get manageUrl(): string {
    return this.links.manage;
  }
  get unsubscribeUrl(): string {
    return this.links.unsubscribe;
  }
  /** one-click unsubscribe endpoint (RFC 8058 POST target) */
  get unsubscribePostUrl(): string {
    return this.links.unsubscribe;
  }
}

/** A recipient's fields without its links, to hand to another thread. */
export function recipientFields(to: Recipient): RecipientFields {
  return {
    deliveryId: to.deliveryId,
    key: to.key,
    subscriberId: to.subscriberId,
    channel: to.channel,
    address: to.address,
    secret: to.secret,
    locale: to.locale,
    timeZone: to.timeZone,
    attempt: to.attempt,
    thread: to.thread ?? null,
    compensation: to.compensation ?? null,
  };
}
