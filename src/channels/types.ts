/** The one small interface every channel implements. A new channel is one file and one registry line. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock } from '../domain/types.js';

export const CHANNELS = ['email', 'sms', 'webhook', 'slack', 'teams'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** What happened, in the shapes subscribers' tools already read (Statuspage's). Built once per notification. */
export interface DeliveryEvent {
  notificationId: string;
  /** incident.created | incident.updated | maintenance.scheduled | maintenance.updated | component.updated | subscriber.confirm | webhook.disabled */
  kind: string;
  page: {
    id: string;
    name: string;
    url: string;
    time_zone: string;
    status_indicator: string;
    status_description: string;
    support_url: string | null;
    support_email: string | null;
    brand_color: string;
  };
  /** Statuspage v2 incident (or maintenance) object, with incident_updates newest first */
  incident?: Record<string, unknown> & {
    id: string;
    name: string;
    status: string;
    impact: string;
    incident_updates: Array<
      Record<string, unknown> & {
        id: string;
        body: string;
        status: string;
        display_at: string;
        next_update_at?: string | null;
      }
    >;
  };
  /** the update this notification is about */
  update?: {
    id: string;
    status: string;
    body: string;
    display_at: string;
    next_update_at: string | null;
    affected_components: Array<{
      code: string;
      name: string;
      old_status: string;
      new_status: string;
    }> | null;
  };
  component?: Record<string, unknown> & { id: string; name: string; status: string };
  component_update?: {
    id: string;
    component_id: string;
    old_status: string;
    new_status: string;
    created_at: string;
  };
  /** the template the update was written from: each channel renders it for its reader */
  template?: {
    defs: Record<string, import('../templates/types.js').TemplateDef>;
    vars: Record<string, unknown>;
  };
  /** free-form data for system messages (confirmation codes, owner notices) */
  data?: Record<string, string>;
  links: { page: string; incident?: string };
  generated_at: string;
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
