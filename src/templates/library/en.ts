/**
 * Flare's built-in English templates: one per lifecycle stage. Each carries the seed's five
 * elements where they apply: there is an issue, we are working on it, an estimate (only when
 * someone confirmed one), when the next update comes, and how to reach us.
 */
import type { TemplateDef } from '../../domain/templates.js';

const NEXT = `{% if next_update_at != blank %}We will post the next update by {{ next_update_at | local_time }}.{% endif %}`;
const CONTACT = `{% if contact != blank %}If you need help in the meantime, contact {{ contact }}.{% endif %}`;
/** After the incident there is no "meantime": just how to reach us. */
const CONTACT_AFTER = `{% if contact != blank %}If you need help, contact {{ contact }}.{% endif %}`;
const WHERE = `{% if components != blank %} affecting {{ components }}{% endif %}{% if regions != blank %} in {{ regions }}{% endif %}`;
const ESTIMATE = `{% if estimate != blank %}

We currently expect this to be fixed by {{ estimate }}.{% endif %}`;
/** SMS and social posts are short: the estimate, when confirmed, in a few words. */
const EST = `{% if estimate != blank %} Fix expected by {{ estimate }}.{% endif %}`;
const WORKAROUND = `{% if workaround != blank %}

**Workaround:** {{ workaround }}{% endif %}`;

export const EN: TemplateDef[] = [
  {
    key: 'investigating',
    stage: 'investigating',
    name: 'Investigating',
    page: `We are investigating {{ issue }}${WHERE}.{% if impact != blank %} {{ impact }}{% endif %}

{{ team_on_it | default: "Our engineers are working on it now." }}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }}: investigating {{ issue }}.${EST} Next update {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `We're investigating {{ issue }}${WHERE}. Our team is on it.${EST} Next update by {{ next_update_at | local_time }}: {{ status_url }}`,
  },
  {
    key: 'identified',
    stage: 'identified',
    name: 'Identified',
    page: `We have identified the cause of {{ issue }}{% if cause != blank %}: {{ cause }}{% endif %}. {{ team_on_it | default: "We are working on a fix." }}{% if impact != blank %}

{{ impact }}{% endif %}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }}: cause of {{ issue }} found, fixing.${EST} Next update {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `Update: we've found the cause of {{ issue }} and are working on a fix.${EST} Next update by {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'monitoring',
    stage: 'monitoring',
    name: 'Monitoring',
    page: `A fix for {{ issue }} is in place and we are monitoring the results.{% if impact != blank %} {{ impact }}{% endif %}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }}: fix for {{ issue }} live, monitoring.${EST} Next update {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `A fix for {{ issue }} is in place and we're monitoring.${EST} Next update by {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'interim',
    stage: 'interim',
    name: 'Interim update (long-running)',
    page: `We are still working on {{ issue }}${WHERE}. We know this is taking longer than any of us would like, and we are sorry for the disruption.

{% if progress != blank %}{{ progress }}{% else %}{{ team_on_it | default: "Our engineers are still fully focused on it." }}{% endif %}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }}: still working on {{ issue }}, sorry.${EST} Next update {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `We're still working on {{ issue }}. Sorry this is taking so long.${EST} Next update by {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'resolved',
    stage: 'resolved',
    name: 'Resolved',
    page: `The problem behind {{ issue }} is fixed{% if components != blank %}, and {{ components }} {% if components_count > 1 %}are{% else %}is{% endif %} working normally again{% endif %}.

{{ data_loss | default: "No data was lost, and there is no lingering impact." }}

{{ apology | default: "We are sorry for the disruption this caused. There is no excuse: we let you down, and we will learn from it." }} Thank you for your patience.{% if next_steps != blank %}

**Next steps:** {{ next_steps }}{% endif %}{% if compensation != blank %}

{{ compensation }}{% endif %}{% if postmortem_url != blank %}

We will publish a full review at {{ postmortem_url }}.{% endif %} ${CONTACT_AFTER}`,
    sms: `{{ page_name }}: resolved - {{ issue }}. Sorry for the disruption, and thank you for your patience.`,
    social: `Resolved: {{ issue }}. We're sorry for the disruption and thank you for your patience.{% if postmortem_url != blank %} Review to follow: {{ postmortem_url }}{% endif %}`,
  },
  {
    key: 'false_alarm',
    stage: 'false_alarm',
    name: 'False alarm',
    page: `Our earlier notice about {{ issue }} was a false alarm: our systems were working normally throughout. We are sorry for any concern it caused. ${CONTACT_AFTER}`,
    sms: `{{ page_name }}: our earlier alert about {{ issue }} was a false alarm. All systems are working normally. Sorry for the concern.`,
    social: `Our earlier notice about {{ issue }} was a false alarm. Everything is working normally. Sorry for the concern.`,
  },
  {
    key: 'maintenance_scheduled',
    stage: 'maintenance_scheduled',
    name: 'Maintenance scheduled',
    page: `We will carry out planned maintenance{% if components != blank %} on {{ components }}{% endif %} from {{ window_start | local_datetime }} to {{ window_end | local_datetime }}.{% if impact != blank %} {{ impact }}{% else %} We do not expect any disruption.{% endif %} ${CONTACT}`,
    sms: `{{ page_name }}: planned maintenance {{ window_start | local_datetime }} to {{ window_end | local_time }}.`,
    social: `Planned maintenance{% if components != blank %} on {{ components }}{% endif %}: {{ window_start | local_datetime }} to {{ window_end | local_time }}. {{ status_url }}`,
  },
  {
    key: 'maintenance_started',
    stage: 'maintenance_started',
    name: 'Maintenance started',
    page: `Planned maintenance{% if components != blank %} on {{ components }}{% endif %} has started and should finish by {{ window_end | local_time }}.{% if impact != blank %} {{ impact }}{% endif %}`,
    sms: `{{ page_name }}: planned maintenance has started; it should finish by {{ window_end | local_time }}.`,
    social: `Planned maintenance has started and should finish by {{ window_end | local_time }}. {{ status_url }}`,
  },
  {
    key: 'maintenance_completed',
    stage: 'maintenance_completed',
    name: 'Maintenance completed',
    page: `Planned maintenance{% if components != blank %} on {{ components }}{% endif %} is complete and everything is working normally. Thank you for your patience.`,
    sms: `{{ page_name }}: planned maintenance is complete. Thank you for your patience.`,
    social: `Planned maintenance is complete and everything is working normally. Thanks for your patience.`,
  },
  {
    key: 'postmortem_published',
    stage: 'postmortem_published',
    name: 'Postmortem published',
    page: `We have published our review of {{ issue }}: what happened, why, and what we are changing so it does not happen again. Read it at {{ postmortem_url }}. ${CONTACT_AFTER}`,
    sms: `{{ page_name }}: our review of {{ issue }} is published: {{ postmortem_url }}`,
    social: `Our review of {{ issue }} is out: what happened and what we're changing. {{ postmortem_url }}`,
  },
];
