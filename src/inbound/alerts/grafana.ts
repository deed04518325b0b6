/** Grafana alerting: a webhook contact point (the Alertmanager shape; see prometheus.ts). */
import { readPrometheusStyle } from './prometheus.js';
import type { AlertSource } from './types.js';

export const grafana: AlertSource = {
  kind: 'grafana',
  title: 'Grafana alerting',
  read: (payload) => readPrometheusStyle(payload, 'grafana'),
};
