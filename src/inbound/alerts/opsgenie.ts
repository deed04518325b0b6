/**
 * Opsgenie: an outgoing Webhook integration (with "Add Alert Description/Details" as wished).
 * `action` Create fires; Close and Delete resolve; the other actions (Acknowledge, AddNote…)
 * change nothing Flare shows and are ignored. The alias (Opsgenie's de-duplication key) is the
 * fingerprint, else the alertId; tags `key:value` become labels.
 */

import { tagLabels } from '../../domain/alerts.js';
import { invalid } from '../../domain/errors.js';
import { labelsOf, object, optional, title } from './shared.js';
import type { AlertSource } from './types.js';

export const opsgenie: AlertSource = {
  kind: 'opsgenie',
  title: 'Opsgenie',
  read(payload) {
    const body = object(payload, '(body)');
    const action = optional(body, 'action');
    if (!action) throw invalid({ action: 'is required' });
    const closes = action === 'Close' || action === 'Delete';
    if (action !== 'Create' && !closes) return { ignore: `the ${action} action changes nothing` };
    const alert = object(body.alert, 'alert');
    const fingerprint = optional(alert, 'alias') ?? optional(alert, 'alertId');
    if (!fingerprint) throw invalid({ 'alert.alertId': 'is required' });
    const labels = tagLabels(alert.tags, labelsOf(alert.details));
    const entity = optional(alert, 'entity');
    if (entity && !labels.entity) labels.entity = entity;
    return {
      alerts: [
        {
          fingerprint,
          group: fingerprint,
          status: closes ? 'resolved' : 'firing',
          title: title(optional(alert, 'message') ?? `Opsgenie alert ${fingerprint}`),
          severity: optional(alert, 'priority'),
          labels,
        },
      ],
    };
  },
};
