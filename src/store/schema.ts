/**
 * Table types. One schema for SQLite and PostgreSQL: times are ISO-8601 UTC text (sortable),
 * booleans are 0/1 integers, JSON is text. See docs/adr/0002-one-schema-for-two-engines.md.
 */
import type { Generated, Selectable } from 'kysely';

export interface PageTable {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  description: string;
  support_url: string | null;
  support_email: string | null;
  logo_url: string | null;
  brand_color: string;
  /** the languages the status page is offered in, comma-separated ("en,fr,de"), first the fallback */
  languages: string;
  created_at: string;
  updated_at: string;
}

export interface ComponentTable {
  id: string;
  name: string;
  description: string | null;
  status: string;
  position: number;
  group_id: string | null;
  is_group: number;
  showcase: number;
  only_show_if_degraded: number;
  start_date: string | null;
  created_at: string;
  updated_at: string;
  /** the status set outside incidents (null: operational); the public status is the worst of it and the open incidents' */
  manual_status: string | null;
}

export interface ComponentStatusTable {
  id: string;
  component_id: string;
  status: string;
  previous_status: string | null;
  at: string;
  cause_type: string; // incident | maintenance | manual | created
  cause_id: string | null;
}

export interface IncidentTable {
  id: string;
  kind: string; // incident | maintenance
  name: string;
  status: string;
  impact: string;
  impact_override: number;
  created_at: string;
  updated_at: string;
  started_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  scheduled_for: string | null;
  scheduled_until: string | null;
  auto_transition: number;
  next_update_at: string | null;
  postmortem_body: string | null;
  postmortem_published_at: string | null;
  severity: string | null;
  /** 1 while declared but not yet published: never shown in public */
  draft: Generated<number>;
  /** 1 for a drill: only the team hears of it */
  drill: Generated<number>;
  /** public, or audiences: seen only by the audiences its updates named, until a public update */
  visibility: Generated<string>;
}

export interface IncidentUpdateTable {
  id: string;
  incident_id: string;
  status: string;
  body: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: string | null; // JSON array
  deliver_notifications: number;
  next_update_at: string | null;
  template_key: string | null;
  /** JSON of the variables the template was filled with */
  template_vars: string | null;
  /** public (the page and its subscribers) or audiences (only the audiences named) */
  visibility: Generated<string>;
  /** JSON array of audience keys told of this update */
  audiences: string | null;
}

export interface IncidentComponentTable {
  incident_id: string;
  component_id: string;
  /** the status this incident holds the component at (null: linked only) */
  status: string | null;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  scope: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditTable {
  id: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  at: string;
}

export interface NotificationTable {
  id: string;
  kind: string; // incident.created | incident.updated | component.updated | maintenance.*
  incident_id: string | null;
  update_id: string | null;
  component_id: string | null;
  payload: string; // JSON
  state: string; // pending | expanding | expanded
  created_at: string;
  expanded_at: string | null;
  expand_cursor: string | null;
  delivery_count: Generated<number>;
}

export interface SubscriberTable {
  id: string;
  channel: string; // email | sms | webhook | slack | teams
  address: string;
  address_key: string;
  all_components: number;
  state: string; // pending | active | unsubscribed | undeliverable | disabled
  confirm_code_hash: string | null;
  confirm_attempts: number;
  secret: string | null;
  contact_email: string | null;
  locale: string;
  time_zone: string | null;
  audience: string; // public | internal
  consecutive_failures: number;
  source: string;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  disabled_reason: string | null;
  /** set for the team's own (internal) subscriptions */
  person_id: string | null;
  /** when the pending confirmation (link or code) was sent: it expires after a while */
  confirm_sent_at: string | null;
  /** a contact of this account (null for a plain subscriber) */
  account_id: string | null;
  /** the contact's role at the account: technical, billing, executive, … */
  contact_role: string | null;
  contact_name: string | null;
  /** 1: a daily digest instead of the per-update emails below the most severe level (migration 020) */
  digest?: number;
  /** "HH:MM-HH:MM" in the subscriber's zone: notices below the most severe level wait (020) */
  quiet_hours?: string | null;
}

/** A digest sent to a subscriber on a local day (migration 020): once per subscriber and day. */
export interface DigestSendTable {
  subscriber_id: string;
  day: string;
  notification_id: string;
  sent_at: string;
}

export interface SubscriberComponentTable {
  subscriber_id: string;
  component_id: string;
}

export interface DeliveryTable {
  id: Generated<number>;
  notification_id: string;
  subscriber_id: string;
  channel: string;
  state: string; // queued | sending | sent | dead | cancelled
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  worker: string | null;
  provider: string | null;
  provider_message_id: string | null;
  last_error: string | null;
  queued_at: string;
  sent_at: string | null;
  failed_at: string | null;
  latency_ms: number | null;
}

export interface ProviderStateTable {
  provider: string;
  consecutive_failures: number;
  open_until: string | null;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  slack: string | null;
  teams: string | null;
  time_zone: string;
  working_hours: string | null;
  /** the region key (regions table); its hours apply when the person has none of their own */
  region?: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoleTable {
  key: string;
  name: string;
  description: string;
  builtin: number;
  position: number;
}

export interface RotationMemberTable {
  role_key: string;
  person_id: string;
  position: number;
}

export interface SeverityTable {
  key: string;
  name: string;
  description: string;
  position: number;
  settings: string;
  updated_at: string;
}

export interface TemplateTable {
  id: string;
  key: string;
  stage: string;
  locale: string;
  name: string;
  pre_approved: number;
  builtin: number;
  renderings: string;
  created_at: string;
  updated_at: string;
}

export interface TemplateVersionTable {
  id: string;
  template_id: string;
  version: number;
  name: string;
  stage: string;
  renderings: string;
  pre_approved: number;
  changed_by: string;
  at: string;
}

export interface IncidentRoleTable {
  incident_id: string;
  role_key: string;
  person_id: string;
  assigned_at: string;
  acked_at: string | null;
  escalation_level: number;
}

export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  kind: string;
  body: string;
  author: string;
  at: string;
}

export interface ApprovalTable {
  id: string;
  incident_id: string | null;
  request: string;
  state: string;
  requested_by: string;
  requested_at: string;
  expires_at: string;
  escalated_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  note: string | null;
}

export interface CadenceLogTable {
  key: string;
  incident_id: string;
  kind: string;
  at: string;
}

export interface PlanVersionTable {
  id: string;
  version: number;
  document: string;
  changed_by: string;
  summary: string;
  at: string;
}

export interface ConsoleSessionTable {
  id: string;
  token_id: string;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
}

export interface SigninCodeTable {
  id: string;
  code_hash: string;
  token_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** How many messages an address (or other key) was sent in the current window. */
export interface SendBudgetTable {
  key: string;
  window_start: string;
  used: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** An object brought in from another tool, and the Flare object it became (migration 023). */
export interface ImportMapTable {
  source: string;
  kind: string;
  external_id: string;
  local_id: string;
  fingerprint: string;
  imported_at: string;
}

export interface Database {
  page: PageTable;
  components: ComponentTable;
  component_status_history: ComponentStatusTable;
  incidents: IncidentTable;
  incident_updates: IncidentUpdateTable;
  incident_components: IncidentComponentTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditTable;
  notifications: NotificationTable;
  flare_meta: MetaTable;
  subscribers: SubscriberTable;
  subscriber_components: SubscriberComponentTable;
  deliveries: DeliveryTable;
  provider_state: ProviderStateTable;
  people: PersonTable;
  roles: RoleTable;
  rotation_members: RotationMemberTable;
  severities: SeverityTable;
  templates: TemplateTable;
  template_versions: TemplateVersionTable;
  incident_roles: IncidentRoleTable;
  incident_timeline: IncidentTimelineTable;
  approvals: ApprovalTable;
  cadence_log: CadenceLogTable;
  plan_versions: PlanVersionTable;
  plan_settings: MetaTable;
  idempotency_keys: IdempotencyKeyTable;
  console_sessions: ConsoleSessionTable;
  signin_codes: SigninCodeTable;
  send_budgets: SendBudgetTable;
  accounts: AccountTable;
  account_components: AccountComponentTable;
  audiences: AudienceTable;
  outreach_tasks: OutreachTaskTable;
  audience_sessions: AudienceSessionTable;
  briefings: BriefingTable;
  briefing_acks: BriefingAckTable;
  briefing_sends: BriefingSendTable;
  enquiries: EnquiryTable;
  enquiry_replies: EnquiryReplyTable;
  enquiry_prompts: EnquiryPromptTable;
  inbound_sources: InboundSourceTable;
  social_accounts: SocialAccountTable;
  digest_sends: DigestSendTable;
  import_map: ImportMapTable;
  regions: RegionTable;
  handovers: HandoverTable;
  handover_prompts: HandoverPromptTable;
  sla_policies: SlaPolicyTable;
  sla_credits: SlaCreditTable;
  alert_integrations: AlertIntegrationTable;
  alert_receipts: AlertReceiptTable;
  alert_groups: AlertGroupTable;
  alert_members: AlertMemberTable;
  debrief_actions: DebriefActionTable;
}

/** A debrief action item (issue #14): an owner, a due time, open until done. */
export interface DebriefActionTable {
  id: string;
  incident_id: string;
  text: string;
  owner_id: string;
  due_at: string;
  status: string; // open | done
  done_at: string | null;
  done_by: string | null;
  note: string | null;
  suggestion_id: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  assigned_notified_at: string | null;
  overdue_notified_at: string | null;
}

/** A monitor connected to Flare (issue #13): its secrets sealed, its mapping rules as JSON. */
export interface AlertIntegrationTable {
  id: string;
  name: string;
  kind: string;
  secret_sealed: string;
  signing_secret_sealed: string | null;
  mapping: string;
  created_at: string;
  updated_at: string;
}

/** A signed alert webhook as received, processed after it is stored. */
export interface AlertReceiptTable {
  id: string;
  integration_id: string;
  body: string;
  received_at: string;
  processed: number;
  attempts: number;
  next_attempt_at: string;
  alert_count: number;
  last_error: string | null;
}

/** A group of alerts that opens (at most) one draft incident. */
export interface AlertGroupTable {
  id: string;
  integration_id: string;
  group_key: string;
  /** the group key while open, null once closed (unique per integration) */
  open_key: string | null;
  /** held | opening | open | flapped | closed */
  state: string;
  incident_id: string | null;
  title: string;
  severity: string | null;
  template: string;
  /** JSON {component_id: status} */
  components: string;
  publish: number;
  hold_until: string | null;
  alert_count: number;
  firing: number;
  resolution_proposed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One alert (by fingerprint) of a group and whether it fires. */
export interface AlertMemberTable {
  group_id: string;
  fingerprint: string;
  status: string;
  updated_at: string;
}

/** One version of an incident's briefing pack for the customer-facing team. */
export interface BriefingTable {
  incident_id: string;
  version: number;
  pack: string; // JSON BriefingPack
  created_at: string;
  actor: string;
}

/** A person read (acknowledged) a version of a briefing. */
export interface BriefingAckTable {
  incident_id: string;
  version: number;
  person_id: string;
  at: string;
}

/** A notice, reminder or escalation already sent for a briefing version (once each). */
export interface BriefingSendTable {
  incident_id: string;
  version: number;
  kind: string; // notice | reminder | escalation
  person_id: string;
  at: string;
}

/** A customer of Flare's user. */
export interface AccountTable {
  id: string;
  name: string;
  external_id: string | null;
  tier: string;
  criticality: string; // critical | high | normal
  region: string | null;
  time_zone: string | null;
  locale: string | null;
  account_manager_id: string | null;
  tags: string; // JSON array
  mrr: number | null;
  /** YYYY-MM-DD: SLA figures count from this day (in the account's zone); null: always */
  sla_start: string | null;
  created_at: string;
  updated_at: string;
}

/** An account's footprint: the components it uses. */
export interface AccountComponentTable {
  account_id: string;
  component_id: string;
}

/** A named rule of the plan that selects contacts. */
export interface AudienceTable {
  key: string;
  name: string;
  match: string; // JSON AudienceMatch
  channels: string; // JSON array
  outreach: number;
  private_page: number;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface OutreachTaskTable {
  id: string;
  incident_id: string;
  update_id: string | null;
  account_id: string;
  audience_key: string;
  assignee_id: string | null;
  assignee_role: string | null;
  status: string; // open | done | escalated
  talking_points: string;
  due_at: string;
  created_at: string;
  escalated_at: string | null;
  completed_at: string | null;
  completed_by: string | null;
  outcome: string | null; // reached | left_message | no_answer
  note: string | null;
}

/** A private audience page reader's one-time link, or the session it opened. */
export interface AudienceSessionTable {
  id: string;
  token_hash: string;
  audience_key: string;
  subscriber_id: string;
  kind: string; // link | session
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The first answer to a request sent with an Idempotency-Key, per client and key. */
export interface IdempotencyKeyTable {
  client: string;
  key: string;
  /** what the request asked (route and body), so the same key with another body is refused */
  request_hash: string;
  /** null while the first request is still being answered */
  status: number | null;
  response: string | null;
  /** a redirect's target (console forms) */
  location: string | null;
  created_at: string;
  expires_at: string;
}

/** An incidents row as read back. */
export type IncidentRow = Selectable<IncidentTable>;

/** What a customer said back, by any channel (issue #11): the raw payload, then what it was matched to. */
export interface EnquiryTable {
  id: string;
  channel: string;
  /** where it came in: api, console, zendesk, smtp, … */
  source: string;
  sender: string;
  subject: string | null;
  body: string;
  message_id: string | null;
  /** the payload as received (JSON) */
  raw: string;
  received_at: string;
  created_at: string;
  updated_at: string;
  /** 0 until matched, linked and scored; a failed attempt is retried from next_attempt_at */
  processed: number;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  incident_id: string | null;
  /** the incident was given or relinked by staff: processing keeps it */
  incident_pinned: number;
  account_id: string | null;
  contact_id: string | null;
  key_account: number;
  /** AFINN comparative score (per word) */
  sentiment: number | null;
  sentiment_score: number | null;
  negative: number;
  flags: string; // JSON array: anger, churn
  status: string; // new | answered | escalated | closed
  escalation: string | null; // key_account | negative_critical
  first_response_at: string | null;
  /** the vendor's id of the message (ticket, conversation part, MessageSid…): unique per source */
  dedupe_key?: string | null;
}

/** An inbound source's secret set through the API, sealed (lib/secretBox.ts). */
export interface InboundSourceTable {
  source: string;
  secret_sealed: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

export interface EnquiryReplyTable {
  id: string;
  enquiry_id: string;
  channel: string;
  to_address: string | null;
  subject: string | null;
  body: string;
  in_reply_to: string | null;
  state: string; // pending | sent | failed | manual
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  message_id: string | null;
  author: string;
  created_at: string;
  sent_at: string | null;
}

/** A prompt to the comms lead to post an update (spike, negative run), once per quiet period. */
export interface EnquiryPromptTable {
  id: string;
  incident_id: string;
  kind: string;
  person_id: string | null;
  draft: string;
  created_at: string;
}

/** One of the status page's social accounts (migration 017): read for mentions, later posted to. */
export interface SocialAccountTable {
  id: string;
  kind: string;
  url: string | null;
  handle: string | null;
  /** sealed (lib/secretBox); null: the settings come from the environment */
  credentials: string | null;
  enabled: number;
  poll_cursor: string | null;
  last_polled_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  created_at: string;
  updated_at: string;
  /** 1: each public update is posted to this account */
  post_updates: Generated<number>;
  /** the page-level subscriber its posts are delivered to */
  subscriber_id: string | null;
}

/** A team region (follow the sun): working hours in its own time zone. */
export interface RegionTable {
  key: string;
  name: string;
  time_zone: string;
  hours: string;
  position: number;
  updated_at: string;
}

/** An incident role handed from one shift to the next; the outgoing person holds it until accepted. */
export interface HandoverTable {
  id: string;
  incident_id: string;
  role_key: string;
  from_person_id: string;
  to_person_id: string;
  note: string;
  state: string; // pending | accepted | superseded
  created_by: string;
  created_at: string;
  escalated_at: string | null;
  escalated_to: string | null; // JSON array of person ids
  accepted_by: string | null;
  accepted_at: string | null;
}

/** A shift-end prompt already sent: one per incident, role, person and shift end. */
export interface HandoverPromptTable {
  incident_id: string;
  role_key: string;
  person_id: string;
  shift_end: string;
  at: string;
}

/** One of the plan's SLA policies (issue #12); JSON is text. */
export interface SlaPolicyTable {
  key: string;
  name: string;
  tiers: string;
  account_ids: string;
  target: number;
  credits: string;
  partial_outage_weight: number;
  exclude_maintenance: number;
  goodwill: string;
  position: number;
  created_at: string;
  updated_at: string;
}

/** Finance's decision on an account's SLA credit for a month. */
export interface SlaCreditTable {
  month: string;
  account_id: string;
  computed_percent: number;
  computed_amount: number | null;
  goodwill_amount: number | null;
  decided_amount: number | null;
  state: string; // pending | approved | adjusted
  note: string | null;
  decided_by: string | null;
  decided_at: string | null;
}
