/**
 * Prometheus Alertmanager (webhook_config, payload version 4) and Grafana alerting (its webhook
 * contact point, the same shape with title, state and message added). One notification carries
 * a group of alerts: `groupKey` names the group, each alert has `status` (firing or resolved),
 * `labels`, `annotations` and `fingerprint`. The group's title is the common summary annotation,
 * else the alert name.
 */
import { invalid } from '../../domain/errors.js';
import { digest } from '../shared.js';
import { alertList, labelsOf, object, optional, statusOf, title } from './shared.js';
import type { ReadAlerts } from './types.js';

export function readPrometheusStyle(
  payload: unknown,
  vendor: 'alertmanager' | 'grafana',
): ReadAlerts {
  const body = object(payload, '(body)');
  if (vendor === 'alertmanager' && optional(body, 'version') && optional(body, 'version') !== '4')
    throw invalid({ version: 'must be 4 (the Alertmanager webhook payload version Flare reads)' });
  const groupKey = optional(body, 'groupKey');
  const common = labelsOf(body.commonLabels);
  const commonNotes = labelsOf(body.commonAnnotations);
  const list = alertList(body);
  const alerts = list.map((a, i) => {
    const labels = { ...common, ...labelsOf(a.labels) };
    const notes = { ...commonNotes, ...labelsOf(a.annotations) };
    const fingerprint =
      optional(a, 'fingerprint') ?? digest(JSON.stringify(Object.entries(labels).sort()));
    const name =
      notes.summary ??
      labels.alertname ??
      (vendor === 'grafana' ? optional(body, 'title') : undefined) ??
      `Alert ${fingerprint}`;
    return {
      fingerprint,
      group: groupKey ?? fingerprint,
      status: statusOf(optional(a, 'status') ?? optional(body, 'status'), `alerts[${i}].status`),
      title: title(name),
      severity: labels.severity ?? labels.priority,
      labels,
    };
  });
  return { alerts };
}
