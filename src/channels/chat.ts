/** What a chat message says about an event, before each chat channel's own markup. */
import { DateTime } from 'luxon';
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import {
  COMPONENT_STATUS_LABEL,
  IMPACT_LABEL,
  INCIDENT_STATUS_LABEL,
  statusName,
} from '../domain/status.js';
import type { TemplateChannel } from '../domain/templates.js';
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

/** `rendering`: which of a template's renderings the channel's text comes from. */
export function chatSummary(
  event: DeliveryEvent,
  rendering: TemplateChannel = 'page',
): ChatSummary {
  const url = event.links.incident ?? event.links.page;
  if (event.incident) {
    const u = event.update;
    const impact = String(event.incident.impact ?? '');
    return {
      title: event.incident.name,
      status: label(u?.status ?? event.incident.status),
      impact: (IMPACT_LABEL as Record<string, string>)[impact] ?? (impact || null),
      body: templateText(event, rendering, null, null) ?? u?.body ?? '',
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
    title: event.data?.subject ?? statusName(event.page.name),
    status: event.page.status_description,
    impact: null,
    body: event.data?.text ?? '',
    affected: [],
    nextUpdate: null,
    url: event.data?.action_url ?? url,
    linkLabel: event.data?.action_label ?? 'View status page',
  };
}

/** Chat webhooks answer 404/410 (or name the error, as Slack does) when the hook is gone for good. */
export function markGone(r: SendResult, goneWords: RegExp): SendResult {
  if (r.ok) return r;
  const m = /^HTTP (\d{3})(?::\s*([\s\S]*))?/.exec(r.error);
  if (!m) return r;
  const status = Number(m[1]);
  if (status === 404 || status === 410 || goneWords.test(m[2] ?? ''))
    return { ...r, retryable: false, undeliverable: true, retryAfterMs: undefined };
  return r;
}

/** A colour for the message's edge: green when resolved, red/orange by impact, blue otherwise. */
export function chatColor(event: DeliveryEvent): string {
  const status = event.update?.status ?? event.incident?.status ?? '';
  const now = event.component_update?.new_status ?? event.component?.status ?? '';
  if (/^(resolved|completed|postmortem)$/.test(status) || now === 'operational') return '#2e7d32';
  const impact = String(event.incident?.impact ?? '');
  if (impact === 'critical' || now === 'major_outage') return '#c62828';
  if (impact === 'major' || now === 'partial_outage') return '#e8590c';
  if (impact === 'minor' || now === 'degraded_performance') return '#f59f00';
  return '#1c7ed6';
}

/** The summary's facts as label/value pairs, for channels that show fields. */
export function chatFacts(s: ChatSummary): Array<{ title: string; value: string }> {
  const facts = [{ title: 'Status', value: s.status }];
  if (s.impact) facts.push({ title: 'Impact', value: s.impact });
  if (s.affected.length) facts.push({ title: 'Affected', value: s.affected.join(', ') });
  if (s.nextUpdate) facts.push({ title: 'Next update', value: `by ${s.nextUpdate}` });
  return facts;
}
