/**
 * The generic JSON form, for any monitor that can send a webhook:
 * `{group_key, status: firing|resolved, title, components?, severity?, labels?, fingerprint?}`,
 * or `{alerts: [ … ]}` with several. `components` lists component ids (or maps them to the
 * status to propose).
 */
import type { IncomingAlert } from '../../domain/alerts.js';
import { invalid } from '../../domain/errors.js';
import { COMPONENT_STATUSES, type ComponentStatus } from '../../domain/types.js';
import { labelsOf, object, optional, statusOf, title } from './shared.js';
import type { AlertSource } from './types.js';

function componentsOf(value: unknown, field: string): Record<string, ComponentStatus> | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const out: Record<string, ComponentStatus> = {};
    for (const id of value) {
      if (typeof id !== 'string' || !id) throw invalid({ [field]: 'must list component ids' });
      out[id] = 'partial_outage';
    }
    return out;
  }
  const o = object(value, field);
  for (const [id, s] of Object.entries(o))
    if (!COMPONENT_STATUSES.includes(s as ComponentStatus))
      throw invalid({ [`${field}.${id}`]: `must be one of ${COMPONENT_STATUSES.join(', ')}` });
  return o as Record<string, ComponentStatus>;
}

function one(a: Record<string, unknown>, at: string): IncomingAlert {
  const group = optional(a, 'group_key');
  if (!group) throw invalid({ [`${at}group_key`]: 'is required' });
  const name = optional(a, 'title');
  if (!name) throw invalid({ [`${at}title`]: 'is required' });
  return {
    fingerprint: optional(a, 'fingerprint') ?? group,
    group,
    status: statusOf(optional(a, 'status'), `${at}status`),
    title: title(name),
    severity: optional(a, 'severity'),
    labels: labelsOf(a.labels),
    components: componentsOf(a.components, `${at}components`),
  };
}

export const generic: AlertSource = {
  kind: 'generic',
  title: 'Generic JSON',
  read(payload) {
    const body = object(payload, '(body)');
    if (!Array.isArray(body.alerts)) return { alerts: [one(body, '')] };
    if (body.alerts.length === 0 || body.alerts.length > 10_000)
      throw invalid({ alerts: 'must hold 1 to 10000 alerts' });
    return {
      alerts: body.alerts.map((a, i) => one(object(a, `alerts[${i}]`), `alerts[${i}].`)),
    };
  },
};
