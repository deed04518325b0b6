/**
 * The one small interface every channel implements, and the descriptor that tells the rest of
 * Flare about it. A new channel is one file (its descriptor) and one line in registry.ts.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import type { TemplateChannel } from '../domain/templates.js';
import type { Clock } from '../domain/types.js';

/** A channel's name as stored on subscribers and deliveries: a descriptor's `name`. */
export type ChannelName = string;

/** What a subscriber's address is: it names the form field, the import column and the check. */
export type AddressKind = 'email' | 'phone' | 'url';

export interface ChannelDescriptor {
  /** stored on subscribers and deliveries; lower case, digits and _ */
  name: ChannelName;
  /** what people call it: "Slack", "Microsoft Teams" */
  label: string;
  address: AddressKind;
  /**
   * the subscriber gives a URL that Flare posts to: the SSRF guard and FLARE_ALLOW_ORIGINS
   * apply, a public subscription is confirmed by what is posted there, and a URL that keeps
   * failing is paused
   */
  outboundUrl: boolean;
  /** a team chat room (reaches people with no provider to configure) */
  chat: boolean;
  /** which of a template's renderings its messages use */
  template: TemplateChannel;
  /** sends on the send thread by default (FLARE_SEND_THREAD) */
  onThread: boolean;
  /** the subscribe form: the URL field's label and how to get one (URL channels) */
  form?: { urlLabel: string; hint: string };
  /** an SVG body (20×20, stroked) for the subscribe form */
  icon: string;
  /**
   * the status page's own account (Mastodon, Bluesky), not a subscriber's: never offered on the
   * subscribe form, the subscriber API or imports; a severity's `social` channel names it
   */
  pageLevel?: boolean;
  /** a later update of the same incident answers the earlier one: the recipient gets `thread` */
  threads?: boolean;
  create: ChannelFactory;
}

export interface Recipient {
  deliveryId: number;
  /** the idempotency key: the same on every attempt of this delivery */
  key: string;
  subscriberId: string;
  channel: ChannelName;
  address: string;
  secret: string | null;
  locale: string;
  timeZone: string | null;
  /** a threading channel: what the last message about this incident to this address returned */
  thread?: string | null;
  manageUrl: string;
  unsubscribeUrl: string;
  /** one-click unsubscribe endpoint (RFC 8058 POST target) */
  unsubscribePostUrl: string;
  attempt: number;
  /** the recipient's own account's credit or goodwill line in a resolution notice (email) */
  compensation?: string | null;
}

export type SendResult =
  | { ok: true; provider: string; providerMessageId?: string }
  | {
      ok: false;
      provider?: string;
      error: string;
      /** retry later (default true) */
      retryable: boolean;
      /** the address itself is bad (bounce, 404/410): stop sending to it */
      undeliverable?: boolean;
      retryAfterMs?: number;
    };

export interface Pacing {
  /** destination key: deliveries with the same key share the limits below */
  key: string;
  perSecond?: number;
  concurrency?: number;
}

export interface Channel {
  name: ChannelName;
  /** What every recipient of this event shares, built once and cached by the worker. */
  prepare(event: DeliveryEvent): Promise<unknown> | unknown;
  send(prepared: unknown, to: Recipient, event: DeliveryEvent): Promise<SendResult>;
  pacing?(to: Recipient): Pacing | undefined;
  /** one message to one address outside any notification (an answer to an enquiry) */
  sendDirect?(m: DirectMessage): Promise<SendResult>;
  close?(): Promise<void>;
}

/** A message to one address outside the notification outbox, e.g. a reply to an enquiry. */
export interface DirectMessage {
  /** the idempotency key: the same on every attempt (the Message-ID is derived from it) */
  key: string;
  to: string;
  subject: string;
  text: string;
  /** the Message-ID it answers: sent as In-Reply-To and References, so it threads */
  inReplyTo?: string | null;
  pageName: string;
  pageUrl: string;
}

export interface ChannelDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  /** Flare's secret key: opens the credentials a page-level channel's address carries (lib/secretBox) */
  secretKey?: Buffer;
}

export type ChannelFactory = (deps: ChannelDeps) => Channel;
