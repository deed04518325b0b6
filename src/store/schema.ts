/**
 * Table types. One schema for SQLite and PostgreSQL: times are ISO-8601 UTC text (sortable),
 * booleans are 0/1 integers, JSON is text. See docs/adr/0002-one-schema-for-two-engines.md.
 */
import type { Generated } from 'kysely';

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
}

export interface IncidentComponentTable {
  incident_id: string;
  component_id: string;
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

export interface MetaTable {
  key: string;
  value: string;
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
}
