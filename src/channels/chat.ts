/** What a chat message (Slack, Teams) says about an event, before each channel's own markup. */
import { DateTime } from 'luxon';
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { COMPONENT_STATUS_LABEL, IMPACT_LABEL, INCIDENT_STATUS_LABEL } from '../domain/status.js';
import { templateText } from '../templates/forReader.js';
import type { SendResult } from './types.js';

export interface ChatSummary {
  title: string;
  /** "Investigating", "Major outage", … */
  status: string;
  impact: string | null;
  /** the update's text, in Markdown as the author wrote it */
  body: string;
  /** "API (major outage)" */
  affected: string[];
  /** "14:30 UTC" */
  nextUpdate: string | null;
  url: string;
  linkLabel: string;
}

const label = (s: string) =>
  (INCIDENT_STATUS_LABEL as Record<string, string>)[s] ??
  (COMPONENT_STATUS_LABEL as Record<string, string>)[s] ??
  s;

export function chatSummary(
  event: DeliveryEvent,
  channel: 'slack' | 'teams' = 'slack',
): ChatSummary {
  const url = event.links.incident ?? event.links.page;
  if (event.incident) {
    const u = event.update;
    const impact = String(event.incident.impact ?? '');
    return {
      title: event.incident.name,
      status: label(u?.status ?? event.incident.status),
      impact: (IMPACT_LABEL as Record<string, string>)[impact] ?? (impact || null),
      body: templateText(event, channel, null, null) ?? u?.body ?? '',
      affected: (u?.affected_components ?? []).map(
        (a) => `${a.name} (${label(a.new_status).toLowerCase()})`,
      ),
      nextUpdate: u?.next_update_at
        ? `${DateTime.fromISO(u.next_update_at, { zone: 'UTC' }).toFormat('HH:mm')} UTC`
        : null,
      url,
      linkLabel: event.kind.startsWith('maintenance') ? 'View maintenance' : 'View incident',
    };
  }
  if (event.component) {
    const c = event.component_update;
    const now = label(c?.new_status ?? event.component.status);
    return {
      title: event.component.name,
      status: now,
      impact: null,
      body: c
        ? `${event.component.name} changed from ${label(c.old_status).toLowerCase()} to ${now.toLowerCase()}.`
        : `${event.component.name} is ${now.toLowerCase()}.`,
      affected: [],
      nextUpdate: null,
      url,
      linkLabel: 'View status page',
    };
  }
  return {
    title: event.data?.subject ?? `${event.page.name} status`,
    status: event.page.status_description,
    impact: null,
    body: event.data?.text ?? '',
    affected: [],
    nextUpdate: null,
    url: event.data?.action_url ?? url,
    linkLabel: event.data?.action_label ?? 'View status page',
  };
}

/** Chat webhooks answer 404/410 (and Slack's named errors) when the hook is gone for good. */
export function markGone(r: SendResult, goneWords: RegExp): SendResult {
  if (r.ok) return r;
  const m = /^HTTP (\d{3})(?::\s*([\s\S]*))?/.exec(r.error);
  if (!m) return r;
  const status = Number(m[1]);
  if (status === 404 || status === 410 || goneWords.test(m[2] ?? ''))
    return { ...r, retryable: false, undeliverable: true, retryAfterMs: undefined };
  return r;
}
