/**
 * Response schemas of the comms-plan routes (declaring, templates, approvals, the incident
 * room), and the incident shape with Flare's plan fields. They feed the OpenAPI document.
 */
import { z } from 'zod';
import { STAGES, TEMPLATE_CHANNELS } from '../domain/templates.js';
import type { Incident } from '../store/queries/models.js';
import type { StoredTemplate } from '../store/queries/templates.js';
import { type AdminIncident, type PresentContext, presentIncident } from './present.js';
import { incidentOut } from './schemas.js';

const time = z.iso.datetime({ offset: true });

export const planIncidentOut = incidentOut.extend({
  severity: z.string().nullable().describe('the severity it was declared with, e.g. SEV1'),
  draft: z.boolean().describe('true until published: a draft is never public'),
  drill: z.boolean().describe('a drill: its audience is the team only, and it is never public'),
});

export function presentPlanIncident(
  i: Incident,
  ctx: PresentContext,
): AdminIncident & { severity: string | null; draft: boolean; drill: boolean } {
  return { ...presentIncident(i, ctx), severity: i.severity, draft: i.draft, drill: i.drill };
}

export const findingOut = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  channel: z.string().optional(),
});

export const assignmentOut = z.object({
  role_key: z.string(),
  role_name: z.string(),
  person_id: z.string(),
  person_name: z.string(),
});

export const declaredOut = z.object({
  incident: planIncidentOut,
  assignments: z.array(assignmentOut),
  approval_id: z.string().nullable().describe('set when the first post waits for approval'),
  findings: z.array(findingOut).describe('the linter’s warnings (errors refuse the request)'),
});

export const approvalPendingOut = z.object({
  approval_id: z.string(),
  findings: z.array(findingOut),
});

export const templateOut = z.object({
  id: z.string(),
  key: z.string(),
  stage: z.enum(STAGES),
  locale: z.string(),
  name: z.string(),
  pre_approved: z.boolean(),
  builtin: z.boolean(),
  updated_at: time,
  renderings: z
    .partialRecord(z.enum(TEMPLATE_CHANNELS), z.string())
    .describe('Liquid per channel; a channel left out uses the page rendering'),
});

export function presentTemplate(t: StoredTemplate): z.infer<typeof templateOut> {
  const renderings: Record<string, string> = {};
  for (const ch of TEMPLATE_CHANNELS) {
    const v = t[ch as keyof StoredTemplate];
    if (typeof v === 'string') renderings[ch] = v;
  }
  const { id, key, stage, locale, name, pre_approved, builtin, updated_at } = t;
  return { id, key, stage, locale, name, pre_approved, builtin, updated_at, renderings };
}

export const previewOut = z.object({
  template: z.object({
    id: z.string(),
    key: z.string(),
    locale: z.string(),
    stage: z.string(),
    name: z.string(),
    pre_approved: z.boolean(),
  }),
  locale: z.string().describe('the reader’s locale the times and words are in'),
  time_zone: z.string().describe('the reader’s time zone'),
  renderings: z.partialRecord(z.enum(TEMPLATE_CHANNELS), z.string()),
  findings: z.array(findingOut),
});

export const approvalOut = z.object({
  id: z.string(),
  incident_id: z.string().nullable(),
  incident_name: z.string().nullable(),
  request: z.unknown().describe('what publishes on approval'),
  state: z.enum(['pending', 'escalated', 'approved', 'rejected', 'auto_published', 'expired']),
  requested_by: z.string(),
  requested_at: time,
  expires_at: time,
  escalated_at: time.nullable(),
  decided_by: z.string().nullable(),
  decided_at: time.nullable(),
  note: z.string().nullable(),
});

export const timelineOut = z.object({
  id: z.string(),
  incident_id: z.string(),
  kind: z.enum(['note', 'decision', 'touchpoint', 'system']),
  body: z.string(),
  author: z.string(),
  at: time,
});

export const incidentRoleOut = z.object({
  role_key: z.string(),
  role_name: z.string(),
  person_id: z.string(),
  person_name: z.string(),
  assigned_at: time,
  acked_at: time.nullable(),
  escalation_level: z.number().int(),
});
