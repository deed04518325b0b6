/** The plan's own settings (the plan_settings table): who owns what, and where the backup goes. */

export const PLAN_SETTINGS = {
  briefing_owner: 'the person who prepares customer-facing briefings (a person id or email)',
  debrief_owner: 'the person who runs the debrief after an incident (a person id or email)',
  static_export_target: 'a path or URL where `flare export` output is published as a backup',
  interim_after_minutes:
    'the default for new severities: prompt for an interim update after this many minutes (60–90)',
  default_severity:
    'the severity the declare form starts on (a severity key such as SEV2); none preselects nothing',
  allow_self_approval:
    'true lets whoever wrote a message that waits for approval approve it too (false by default: a second person approves)',
  briefing_roles:
    'the roles (comma-separated keys) whose people receive the briefing pack; default support, support_lead, customer_liaison, account_manager, sales (everyone when none of them has people)',
  briefing_read_minutes:
    'minutes the customer-facing team has to read a new briefing version before a reminder (default 10); the comms lead is told after twice that',
  enquiry_spike_factor:
    "an enquiry spike is more than this many times the previous hour's rate (default 3, 2–50); it prompts the comms lead to post an update",
  enquiry_spike_minutes: 'the window a spike is measured over, in minutes (default 5, 1–60)',
  enquiry_negative_run:
    'this many negative enquiries in a row about one incident prompt the comms lead to post an update (default 5, 2–100)',
  enquiry_escalate_key_accounts:
    "true (default) sends a key account's enquiry to its account manager and the comms lead",
  enquiry_escalate_negative_critical:
    "true (default) sends a critical account's negative enquiry to its account manager and the comms lead",
  digest_after_hours:
    "an incident open longer than this many hours (default 4, 1–168) sends every contact it reaches a daily digest at 08:00 in the contact's own time zone",
  handover_lead_minutes:
    'while an incident is open, prompt the comms lead or incident lead for a handover note this many minutes before their shift ends (default 30, 0–240)',
  handover_ack_minutes:
    'minutes the incoming person has to accept a handover before the incident lead and the next person on shift are told (default 15, 1–240)',
  alert_flap_minutes:
    'a monitoring alert opens a draft only once it has fired this many minutes without resolving (default 5, 0–120; 0 opens at once); one that resolves sooner is held back as flapping',
  target_first_public_update_minutes:
    'the debrief trends aim to post the first public update within this many minutes of the start (median; default 15, 1–1440)',
  target_cadence_adherence:
    'the debrief trends aim for this share of promised updates on time (0–1; default 0.9)',
  target_delivery_success:
    'the debrief trends aim for this share of deliveries sent (0–1; default 0.99)',
  target_enquiries_per_incident:
    'the debrief trends aim for at most this many customer enquiries per incident (none by default)',
} as const;

export type PlanSettingKey = keyof typeof PLAN_SETTINGS;
export const PLAN_SETTING_KEYS = Object.keys(PLAN_SETTINGS) as PlanSettingKey[];

/** Settings whose value names a person on the team. */
export const PERSON_SETTINGS: ReadonlySet<PlanSettingKey> = new Set([
  'briefing_owner',
  'debrief_owner',
]);

export const isPlanSettingKey = (k: string): k is PlanSettingKey =>
  (PLAN_SETTING_KEYS as string[]).includes(k);

/** The template locale every stage must exist in. */
export const DEFAULT_LOCALE = 'en';

/** Settings that are true or false (stored as "true" or "false"). */
/** Settings that are a whole number. */
export const NUMBER_SETTINGS: ReadonlySet<PlanSettingKey> = new Set([
  'interim_after_minutes',
  'briefing_read_minutes',
  'enquiry_spike_factor',
  'enquiry_spike_minutes',
  'enquiry_negative_run',
  'digest_after_hours',
  'handover_lead_minutes',
  'handover_ack_minutes',
  'alert_flap_minutes',
  'target_first_public_update_minutes',
  'target_cadence_adherence',
  'target_delivery_success',
  'target_enquiries_per_incident',
]);

export const BOOLEAN_SETTINGS: ReadonlySet<PlanSettingKey> = new Set([
  'allow_self_approval',
  'enquiry_escalate_key_accounts',
  'enquiry_escalate_negative_critical',
]);
