/** What a notification is about, built once per notification and read by every channel. */
import type { TemplateDef } from './templates.js';

/** What happened, in the shapes subscribers' tools already read (Statuspage's). Built once per notification. */
export interface DeliveryEvent {
  notificationId: string;
  /** incident.created | incident.updated | maintenance.scheduled | maintenance.updated | component.updated | subscriber.confirm | webhook.disabled | team.notice | outreach.assigned | outreach.escalated */
  kind: string;
  page: {
    id: string;
    name: string;
    url: string;
    time_zone: string;
    status_indicator: string;
    status_description: string;
    support_url: string | null;
    support_email: string | null;
    brand_color: string;
  };
  /** Statuspage v2 incident (or maintenance) object, with incident_updates newest first */
  incident?: Record<string, unknown> & {
    id: string;
    name: string;
    status: string;
    impact: string;
    incident_updates: Array<
      Record<string, unknown> & {
        id: string;
        body: string;
        status: string;
        display_at: string;
        next_update_at?: string | null;
      }
    >;
  };
  /** the update this notification is about */
  update?: {
    id: string;
    status: string;
    body: string;
    display_at: string;
    next_update_at: string | null;
    affected_components: Array<{
      code: string;
      name: string;
      old_status: string;
      new_status: string;
    }> | null;
  };
  component?: Record<string, unknown> & { id: string; name: string; status: string };
  component_update?: {
    id: string;
    component_id: string;
    old_status: string;
    new_status: string;
    created_at: string;
  };
  /** the template the update was written from: each channel renders it for its reader */
  template?: {
    defs: Record<string, TemplateDef>;
    vars: Record<string, unknown>;
  };
  /**
   * a notice to the team (role assignments, reminders, escalations, drills): not a
   * subscription, so it carries no subscriber footer, manage or unsubscribe links or headers
   */
  team?: boolean;
  /** free-form data for system messages (confirmation codes, owner notices) */
  data?: Record<string, string>;
  links: { page: string; incident?: string };
  /** the incident's severity is the plan's most severe level: quiet hours do not hold it */
  top?: boolean;
  /** per account id, the credit or goodwill line its contacts read in a resolution (never shared) */
  compensation?: Record<string, string>;
  generated_at: string;
}
