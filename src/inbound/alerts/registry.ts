/** The alert sources (monitors whose alerts open draft incidents). A new source is one file and one line here. */
import type { AlertKind } from '../../domain/alerts.js';
import { alertmanager } from './alertmanager.js';
import { datadog } from './datadog.js';
import { generic } from './generic.js';
import { grafana } from './grafana.js';
import { opsgenie } from './opsgenie.js';
import { pagerduty } from './pagerduty.js';
import type { AlertSource } from './types.js';

export const ALERT_SOURCES: AlertSource[] = [
  alertmanager,
  grafana,
  datadog,
  pagerduty,
  opsgenie,
  generic,
];

export function alertSource(kind: AlertKind | string): AlertSource {
  const s = ALERT_SOURCES.find((d) => d.kind === kind);
  if (!s) throw new Error(`no alert source for ${kind}`);
  return s;
}
