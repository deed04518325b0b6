/**
 * PagerDuty: a Generic Webhook (v3) subscription. Each request is signed:
 * `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(signing secret, raw body)>`, several signatures
 * comma-separated while a secret rotates; one match is enough. `event.event_type`
 * incident.resolved resolves; the other incident events (triggered, reopened, acknowledged,
 * escalated, priority_updated…) keep it firing; anything else (pagey.ping) is ignored.
 */
import { createHmac } from 'node:crypto';
import { invalid } from '../../domain/errors.js';
import { header, sameSecret } from '../shared.js';
import { labelsOf, object, optional, title } from './shared.js';
import type { AlertSource } from './types.js';

export const pagerduty: AlertSource = {
  kind: 'pagerduty',
  title: 'PagerDuty',
  signing: {
    name: 'the webhook subscription’s signing secret (shown once when the subscription is made)',
    verify(secret, req) {
      const sent = header(req.headers, 'x-pagerduty-signature');
      if (!sent) return 'send the X-PagerDuty-Signature header';
      const want = `v1=${createHmac('sha256', secret).update(req.body).digest('hex')}`;
      const ok = sent
        .split(',')
        .map((s) => s.trim())
        .some((s) => sameSecret(s, want));
      return ok ? undefined : 'the signature does not match';
    },
  },
  read(payload) {
    const event = object(object(payload, '(body)').event, 'event');
    const type = optional(event, 'event_type');
    if (!type) throw invalid({ 'event.event_type': 'is required' });
    if (!type.startsWith('incident.') || optional(event, 'resource_type') === 'service')
      return { ignore: `${type} is not an incident event` };
    const data = object(event.data, 'event.data');
    const id = optional(data, 'id');
    if (!id) throw invalid({ 'event.data.id': 'is required' });
    const service =
      data.service && typeof data.service === 'object' ? object(data.service, 'service') : {};
    const priority =
      data.priority && typeof data.priority === 'object' ? object(data.priority, 'priority') : {};
    const labels: Record<string, string> = { ...labelsOf(data.custom_fields) };
    const serviceName = optional(service, 'summary');
    if (serviceName) labels.service = serviceName;
    const urgency = optional(data, 'urgency');
    if (urgency) labels.urgency = urgency;
    const prio = optional(priority, 'summary');
    if (prio) labels.priority = prio;
    return {
      alerts: [
        {
          fingerprint: id,
          group: id,
          status: type === 'incident.resolved' ? 'resolved' : 'firing',
          title: title(optional(data, 'title') ?? optional(data, 'summary') ?? `PagerDuty ${id}`),
          severity: prio ?? urgency,
          labels,
        },
      ],
    };
  },
};
