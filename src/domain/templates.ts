/** Message templates: one per lifecycle stage, with a rendering per channel and variants per locale. */

export const STAGES = [
  'investigating',
  'identified',
  'monitoring',
  'interim',
  'resolved',
  'false_alarm',
  'maintenance_scheduled',
  'maintenance_started',
  'maintenance_completed',
  'postmortem_published',
] as const;
export type Stage = (typeof STAGES)[number];

/** The incident or maintenance status a stage publishes as. */
export const STAGE_STATUS: Record<Stage, string> = {
  investigating: 'investigating',
  identified: 'identified',
  monitoring: 'monitoring',
  interim: 'identified',
  resolved: 'resolved',
  false_alarm: 'resolved',
  maintenance_scheduled: 'scheduled',
  maintenance_started: 'in_progress',
  maintenance_completed: 'completed',
  postmortem_published: 'postmortem',
};

export const FINAL_STAGES = new Set<Stage>([
  'resolved',
  'false_alarm',
  'maintenance_completed',
  'postmortem_published',
  'maintenance_scheduled',
  'maintenance_started',
]);

/** Channels a template renders for. `page` is markdown for the status page, webhooks and feeds. */
export const TEMPLATE_CHANNELS = [
  'page',
  'email_subject',
  'email',
  'sms',
  'slack',
  'teams',
  'social',
] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

export interface TemplateDef {
  key: string;
  stage: Stage;
  name: string;
  /** markdown for the status page; also the body of email, Slack and Teams unless they have their own */
  page: string;
  sms: string;
  /** ≤ 280 characters */
  social: string;
  email_subject?: string;
  email?: string;
  slack?: string;
  teams?: string;
}

/** The variables a template may use. All are optional text unless noted. */
export const TEMPLATE_VARIABLES = {
  page_name: 'the status page name (filled in)',
  incident_name: 'the incident title (filled in)',
  status_url: 'the incident or status page link (filled in)',
  issue: 'the issue in brief, e.g. "failed logins for some customers"',
  impact: 'what customers notice',
  components:
    'affected components (filled in from the incident), e.g. "API and Webhooks"; a resolved update names only those working normally again',
  components_count: 'how many components {{ components }} names (filled in)',
  regions: 'affected regions',
  workaround: 'what customers can do meanwhile',
  team_on_it: 'that the team is on it (a default sentence is used when empty)',
  cause: 'the cause, once identified',
  progress: 'progress since the last update (interim)',
  estimate: 'an estimated fix time: optional, off by default; say it only when confirmed',
  estimate_confirmed: 'true when the incident lead confirmed the estimate',
  next_update_at: 'when the next update comes (ISO time; shown in each reader’s zone)',
  contact: 'how to reach you, e.g. support@example.com',
  apology: 'the apology (a plain default is used when empty)',
  next_steps: 'what customers should do now',
  compensation: 'any credit or goodwill offered',
  data_loss: 'a statement on data loss or lingering impact (a "none" default is used when empty)',
  postmortem_url: 'link to the postmortem',
  customer_name: 'the customer’s name (personal outreach)',
  window_start: 'maintenance start (ISO time)',
  window_end: 'maintenance end (ISO time)',
} as const;
