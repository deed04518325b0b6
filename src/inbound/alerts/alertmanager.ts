/** Prometheus Alertmanager: a webhook_config receiver, payload version 4 (see prometheus.ts). */
import { readPrometheusStyle } from './prometheus.js';
import type { AlertSource } from './types.js';

export const alertmanager: AlertSource = {
  kind: 'alertmanager',
  title: 'Prometheus Alertmanager',
  read: (payload) => readPrometheusStyle(payload, 'alertmanager'),
};
