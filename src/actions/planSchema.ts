/**
 * The schema of a plan document (see src/present/planDocument.ts), built from the same input
 * schemas the admin API and the CLI use for people, roles and severities.
 */
import { z } from 'zod';
import { LIMITS as BRIEFING_LIMITS } from '../domain/briefing.js';
import { STAGES } from '../domain/templates.js';
import { regionInput, regionKey } from './handoverInputs.js';
import {
  audienceInput,
  audienceKey,
  createPersonInput,
  keyRuleInput,
  roleKey,
  severityInput,
  severityKey,
  tiersInput,
} from './planInputs.js';
import { slaPolicyDocSchema } from './slaInputs.js';

const ref = z.string().trim().min(1, 'must not be empty').max(320);

/** A phone written without quotes (+447700900123) reads as a number in YAML: take it as meant. */
const phoneAsText = (v: unknown) =>
  v &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  typeof (v as { phone?: unknown }).phone === 'number'
    ? { ...v, phone: `+${(v as { phone: number }).phone}` }
    : v;

export const personDocSchema = z.preprocess(phoneAsText, createPersonInput);

export const roleDocSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100).optional(),
    description: z.string().trim().max(500).optional(),
    rotation: z.array(ref).max(100, 'a rotation holds at most 100 people').default([]),
  })
  .strict();

/** A team region (follow the sun): working hours in its own time zone. */
export const regionDocSchema = z.object({ key: regionKey, ...regionInput.shape }).strict();

export const severityDocSchema = severityInput.omit({ position: true });

/** One of the plan's audiences, as PUT /api/v1/audiences/{key} takes it, with its key. */
export const audienceDocSchema = z.object({ key: audienceKey, ...audienceInput.shape }).strict();

const body = (max: number) => z.string().max(max);

export const templateDocSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be lowercase snake case, e.g. investigating'),
    locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as en or fr-CA'),
    stage: z.enum(STAGES, { error: `must be one of ${STAGES.join(', ')}` }).optional(),
    name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
    pre_approved: z.boolean({ error: 'must be true or false' }).optional(),
    page: body(20000).optional(),
    sms: body(2000).optional(),
    social: body(2000).optional(),
    email_subject: body(500).optional(),
    email: body(50000).optional(),
    slack: body(20000).optional(),
    teams: body(20000).optional(),
  })
  .strict();

const wholeMinutes = (min: number, max: number) =>
  z
    .number({ error: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(min, `must be at least ${min} minutes`)
    .max(max, `must be at most ${max} minutes`);

const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const share = z
  .number({ error: 'must be a share between 0 and 1, e.g. 0.9' })
  .min(0, 'must be at least 0')
  .max(1, 'must be at most 1 (a share, e.g. 0.9 for 90%)');

export const planSettingsSchema = z
  .object({
    briefing_owner: ref.optional(),
    debrief_owner: ref.optional(),
    static_export_target: z.string().trim().min(1, 'must not be empty').max(2000).optional(),
    interim_after_minutes: wholeMinutes(60, 90).optional(),
    allow_self_approval: z.boolean({ error: 'must be true or false' }).optional(),
    default_severity: severityKey.optional(),
    briefing_roles: z
      .string()
      .trim()
      .max(2000)
      .regex(/^[a-z0-9_]+(\s*,\s*[a-z0-9_]+)*$/, 'must be role keys separated by commas')
      .optional(),
    briefing_read_minutes: wholeMinutes(1, 1440).optional(),
    enquiry_spike_factor: wholeNumber(2, 50).optional(),
    enquiry_spike_minutes: wholeMinutes(1, 60).optional(),
    enquiry_negative_run: wholeNumber(2, 100).optional(),
    enquiry_escalate_key_accounts: z.boolean({ error: 'must be true or false' }).optional(),
    enquiry_escalate_negative_critical: z.boolean({ error: 'must be true or false' }).optional(),
    digest_after_hours: wholeNumber(1, 168).optional(),
    handover_lead_minutes: wholeMinutes(0, 240).optional(),
    handover_ack_minutes: wholeMinutes(1, 240).optional(),
    alert_flap_minutes: wholeMinutes(0, 120).optional(),
    target_first_public_update_minutes: wholeMinutes(1, 1440).optional(),
    target_cadence_adherence: share.optional(),
    target_delivery_success: share.optional(),
    target_enquiries_per_incident: z
      .number({ error: 'must be a number' })
      .min(0, 'must be at least 0')
      .max(1_000_000, 'must be at most 1000000')
      .optional(),
  })
  .strict();

const briefingLine = z.string().trim().min(1, 'must not be empty').max(BRIEFING_LIMITS.line);

/** The plan's briefing wording: what to say and avoid, and approved answers per stage. */
export const briefingDocSchema = z
  .object({
    say: z.array(briefingLine).max(BRIEFING_LIMITS.items).optional(),
    avoid: z.array(briefingLine).max(BRIEFING_LIMITS.items).optional(),
    faq: z
      .partialRecord(
        z.enum(['*', ...STAGES], { error: `must be * or one of ${STAGES.join(', ')}` }),
        z
          .array(
            z
              .object({
                q: z.string().trim().min(1, 'must not be empty').max(BRIEFING_LIMITS.question),
                a: z.string().trim().min(1, 'must not be empty').max(BRIEFING_LIMITS.answer),
              })
              .strict(),
          )
          .max(BRIEFING_LIMITS.items),
      )
      .optional(),
  })
  .strict();

export const planDocSchema = z
  .object({
    flare_plan: z.literal(1, { error: 'must be 1 (the plan format version)' }).optional(),
    settings: planSettingsSchema.nullable().default({}),
    fallback_providers: z
      .object({ email: z.boolean(), sms: z.boolean() })
      .partial()
      .strict()
      .optional(),
    // absent: the plan's regions stay as they are
    regions: z.array(regionDocSchema).max(50).optional(),
    team: z.array(personDocSchema).max(1000).nullable(),
    roles: z.record(roleKey, roleDocSchema.nullable()),
    // absent (a plan written before audiences): the plan's tiers and audiences stay as they are
    tiers: tiersInput.optional(),
    key_accounts: keyRuleInput.optional(),
    audiences: z.array(audienceDocSchema).max(100).optional(),
    // absent: the plan's briefing wording stays as it is
    briefing: briefingDocSchema.optional(),
    // absent: the plan's SLA policies stay as they are
    sla_policies: z.array(slaPolicyDocSchema).max(100).optional(),
    severities: z.record(severityKey, severityDocSchema),
    templates: z.array(templateDocSchema).max(1000).nullable(),
  })
  .strict();

export type PlanInput = z.output<typeof planDocSchema>;
export type TemplateDocInput = z.output<typeof templateDocSchema>;
