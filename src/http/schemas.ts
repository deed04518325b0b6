/**
 * Schemas of the admin API's paths, queries and responses. The request bodies are the actions'
 * own schemas (src/actions/inputs.ts). These feed the OpenAPI document, and the tests check
 * real responses against them.
 */
import { z } from 'zod';
import { PAGE_LOCALES } from '../domain/locale.js';
import {
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  TOKEN_SCOPES,
} from '../domain/types.js';

export const idParams = z.object({ id: z.string().min(1).max(100) }).strict();

/** A whole number from the query string, between min and max. */
const count = (min: number, max: number, dflt: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(dflt);

export const listQuery = z
  .object({
    status: z
      .enum(['unresolved', 'all', 'draft'])
      .default('all')
      .describe('unresolved: the open ones; draft: the drafts only (never public until published)'),
    limit: count(1, 500, 50),
    offset: count(0, 1_000_000, 0),
  })
  .strict();

export const auditQuery = z
  .object({
    entity_id: z.string().min(1).max(100).optional(),
    action: z.string().min(1).max(100).optional(),
    limit: count(1, 500, 100),
    before: z.string().min(1).max(100).optional(),
  })
  .strict();

const time = z.iso.datetime({ offset: true });
const nullableTime = time.nullable();

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()),
  }),
});

export const componentOut = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(COMPONENT_STATUSES),
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  created_at: time,
  updated_at: time,
  components: z.array(z.string()).optional().describe('a group: the ids of its components'),
});

const affected = z.object({
  code: z.string(),
  name: z.string(),
  old_status: z.enum(COMPONENT_STATUSES),
  new_status: z.enum(COMPONENT_STATUSES),
});

export const updateOut = z.object({
  id: z.string(),
  status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
  body: z.string(),
  incident_id: z.string(),
  created_at: time,
  updated_at: time,
  display_at: time,
  affected_components: z.array(affected).nullable(),
  deliver_notifications: z.boolean(),
});

export const incidentOut = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
  impact: z.enum([...IMPACTS, 'maintenance']),
  created_at: time,
  updated_at: time,
  monitoring_at: nullableTime,
  resolved_at: nullableTime,
  started_at: time,
  shortlink: z.string(),
  page_id: z.string(),
  incident_updates: z.array(updateOut),
  components: z.array(componentOut),
  kind: z.enum(['incident', 'maintenance']),
  next_update_at: nullableTime.describe('when the next update is promised'),
  impact_override: z.boolean().describe('true when the impact was set by hand'),
  postmortem_body: z.string().nullable(),
  postmortem_published_at: nullableTime,
});

export const maintenanceOut = incidentOut.extend({
  scheduled_for: nullableTime,
  scheduled_until: nullableTime,
  scheduled_remind_prior: z.boolean(),
  scheduled_reminded_at: nullableTime,
  scheduled_auto_in_progress: z.boolean(),
  scheduled_auto_completed: z.boolean(),
});

export const tokenOut = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  created_at: time,
  last_used_at: nullableTime,
  revoked_at: nullableTime,
});

export const auditOut = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  at: time,
});

export const pageOut = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  time_zone: z.string(),
  description: z.string(),
  support_url: z.string().nullable(),
  support_email: z.string().nullable(),
  logo_url: z.string().nullable(),
  brand_color: z.string(),
  languages: z.array(z.enum(PAGE_LOCALES)),
  created_at: time,
  updated_at: time,
});

/** The named response schemas, as they appear under components.schemas in the OpenAPI document. */
export const NAMED_OUTPUTS: Record<string, z.ZodType> = {
  Error: errorBody,
  Component: componentOut,
  IncidentUpdate: updateOut,
  Incident: incidentOut,
  Maintenance: maintenanceOut,
  Token: tokenOut,
  AuditEntry: auditOut,
  Page: pageOut,
};
