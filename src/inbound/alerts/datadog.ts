/**
 * Datadog: the Webhooks integration, with its default payload (id, title, body, date,
 * event_type, last_updated, org) or the custom payload docs/alerts.md gives (which adds
 * $ALERT_TRANSITION, $AGGREG_KEY, $ALERT_ID, $ALERT_PRIORITY and $TAGS). The transition says
 * firing or resolved: `Recovered` resolves, every other transition fires. The default payload
 * carries it only in the title (`[Triggered] …`, `[Recovered] …`, maybe after `[P1] `).
 */

import { tagLabels } from '../../domain/alerts.js';
import { invalid } from '../../domain/errors.js';
import { digest } from '../shared.js';
import { labelsOf, object, optional, title } from './shared.js';
import type { AlertSource } from './types.js';

const PREFIX = /^\s*(?:\[(P[1-5])\]\s*)?\[([A-Za-z -]+)\]\s*/;

export const datadog: AlertSource = {
  kind: 'datadog',
  title: 'Datadog',
  read(payload) {
    const body = object(payload, '(body)');
    const rawTitle = optional(body, 'title') ?? optional(body, 'event_title');
    if (!rawTitle) throw invalid({ title: 'is required ($EVENT_TITLE)' });
    const m = PREFIX.exec(rawTitle);
    const transition = (optional(body, 'alert_transition') ?? m?.[2] ?? 'Triggered').toLowerCase();
    const name = rawTitle.replace(PREFIX, '').trim() || rawTitle;
    const labels = tagLabels(optional(body, 'tags'), labelsOf(body.labels));
    tagLabels(optional(body, 'alert_scope'), labels);
    const priority = optional(body, 'priority') ?? optional(body, 'alert_priority') ?? m?.[1];
    const fingerprint =
      optional(body, 'aggreg_key') ?? optional(body, 'alert_cycle_key') ?? digest(name);
    return {
      alerts: [
        {
          fingerprint,
          group: optional(body, 'alert_id') ? `monitor:${optional(body, 'alert_id')}` : fingerprint,
          status: transition === 'recovered' ? 'resolved' : 'firing',
          title: title(name),
          severity: priority ?? optional(body, 'alert_type'),
          labels,
        },
      ],
    };
  },
};
