/**
 * An alert source: a monitor's webhook (Alertmanager, Grafana, Datadog, PagerDuty, Opsgenie, a
 * generic JSON form) read into alerts. One descriptor per vendor, one line in registry.ts; the
 * route (http/routes/alertIntake.ts) checks the integration's URL secret and, where the vendor
 * signs, its signature over the raw body, stores the body, and hands it to receiveAlerts.
 */
import type { AlertKind, IncomingAlert } from '../../domain/alerts.js';
import type { InboundRequest } from '../types.js';

export type ReadAlerts = { alerts: IncomingAlert[] } | { ignore: string };

export interface AlertSource {
  kind: AlertKind;
  title: string;
  /** the vendor signs each request with a secret Flare gives it (PagerDuty) */
  signing?: {
    /** what the secret is called on the vendor's side */
    name: string;
    /** undefined when the signature holds, else what is wrong (a 401) */
    verify(secret: string, req: InboundRequest): string | undefined;
  };
  /** The alerts in the (JSON) payload; throws `invalid({field})` naming what is missing. */
  read(payload: unknown): ReadAlerts;
}
