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
  /** made on the first read of a link: most deliveries read one link, many none */
  private links: LazySubscriberLinks | null = null;

  constructor(
    f: RecipientFields,
    private readonly secretKey: Buffer,
    private readonly pageUrl: string,
  ) {
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
  }

  private signedLinks(): LazySubscriberLinks {
    this.links ??= new LazySubscriberLinks(this.secretKey, this.pageUrl, this.subscriberId);
    return this.links;
  }

  get manageUrl(): string {
    return this.signedLinks().manage;
  }
  get unsubscribeUrl(): string {
    return this.signedLinks().unsubscribe;
  }
  /** one-click unsubscribe endpoint (RFC 8058 POST target) */
  get unsubscribePostUrl(): string {
    return this.signedLinks().unsubscribe;
  }
}

/** How many values `packRecipient` writes for one recipient. */
export const PACKED_RECIPIENT = 11;

/**
 * A recipient's fields without its links, appended to a flat array to hand to another thread:
 * an array of plain values is cloned across several times faster than as many small objects.
 */
export function packRecipient(to: Recipient, out: unknown[]): void {
  out.push(
    to.deliveryId,
    to.key,
    to.subscriberId,
    to.channel,
    to.address,
    to.secret,
    to.locale,
    to.timeZone,
    to.attempt,
    to.thread ?? null,
    to.compensation ?? null,
  );
}

/** The recipient `packRecipient` wrote at `at`, with its links signed by `secretKey`. */
export function unpackRecipient(
  a: readonly unknown[],
  at: number,
  secretKey: Buffer,
  pageUrl: string,
): LinkedRecipient {
  return new LinkedRecipient(
    {
      deliveryId: a[at] as number,
      key: a[at + 1] as string,
      subscriberId: a[at + 2] as string,
      channel: a[at + 3] as ChannelName,
      address: a[at + 4] as string,
      secret: a[at + 5] as string | null,
      locale: a[at + 6] as string,
      timeZone: a[at + 7] as string | null,
      attempt: a[at + 8] as number,
      thread: a[at + 9] as string | null,
      compensation: a[at + 10] as string | null,
    },
    secretKey,
    pageUrl,
  );
}
