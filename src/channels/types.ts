/** The one small interface every channel implements. A new channel is one file and one registry line. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import type { Clock } from '../domain/types.js';

export const CHANNELS = ['email', 'sms', 'webhook', 'slack', 'teams'] as const;
export type ChannelName = (typeof CHANNELS)[number];

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
  manageUrl: string;
  unsubscribeUrl: string;
  /** one-click unsubscribe endpoint (RFC 8058 POST target) */
  unsubscribePostUrl: string;
  attempt: number;
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
  close?(): Promise<void>;
}

export interface ChannelDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  env: NodeJS.ProcessEnv;
}

export type ChannelFactory = (deps: ChannelDeps) => Channel;
