/**
 * Input schemas for every action. The HTTP routes, the CLI and the OpenAPI document use these
 * same schemas, so what is documented is what is validated.
 */

import { z } from 'zod';
import { CHANNEL_NAMES } from '../channels/catalog.js';
import { parseQuietHours } from '../domain/digest.js';
import { invalid } from '../domain/errors.js';
import { PAGE_LOCALES } from '../domain/locale.js';
import { SEVERITY_KEY_PATTERN } from '../domain/severity.js';
import {
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  TOKEN_SCOPES,
} from '../domain/types.js';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const isoTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 time with a time zone, e.g. 2026-11-26T14:30:00Z',
});
const minutes = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60);
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/London');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb');
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);

export const componentStatus = z.enum(COMPONENT_STATUSES);
export const componentChanges = z
  .record(id, componentStatus)
  // bounded, so one request cannot exceed the database's limit on query parameters
  .refine((r) => Object.keys(r).length <= 500, 'must name at most 500 components');

/** The status page's languages, first the fallback: stored as "en,fr". */
const pageLanguages = z
  .array(z.enum(PAGE_LOCALES, { message: `each must be one of ${PAGE_LOCALES.join(', ')}` }))
  .min(1, 'offer at least one language')
  .max(PAGE_LOCALES.length)
  .refine((l) => new Set(l).size === l.length, 'must not repeat a language')
  .transform((l) => l.join(','));

export const pageInput = z
  .object({
    name: text(200),
    url: httpUrl,
    time_zone: timeZone,
    description: z.string().max(2000),
    support_url: httpUrl.nullable(),
    support_email: z.email().nullable(),
    logo_url: httpUrl.nullable(),
    brand_color: color,
    languages: pageLanguages,
  })
  .partial()
  .strict();

export const createComponentInput = z
  .object({
    name: text(200),
    description: z.string().max(2000).nullable().optional(),
    status: componentStatus.optional(),
    group: z.boolean().optional(),
    group_id: id.nullable().optional(),
    position: z.number().int().min(0).max(100000).optional(),
    showcase: z.boolean().optional(),
    only_show_if_degraded: z.boolean().optional(),
    start_date: z.iso.date().nullable().optional(),
  })
  .strict();

export const updateComponentInput = createComponentInput
  .omit({ group: true })
  .partial()
  .extend({ notify: z.boolean().optional() })
  .strict();

/**
 * Who an incident update is for: the public page and its subscribers (plus the audiences
 * named), or, with visibility `audiences`, the audiences named only.
 */
export const audienceKeys = z
  .array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be an audience key'))
  .max(50)
  .optional();
export const visibility = z.enum(['public', 'audiences']).default('public');
export const needsAudiences = {
  check: (v: { visibility?: string; audiences?: string[] }) =>
    v.visibility !== 'audiences' || (v.audiences?.length ?? 0) > 0,
  problem: {
    path: ['audiences'],
    message: 'name at least one audience when visibility is "audiences"',
  },
};

export const createIncidentInput = z
  .object({
    name: text(255),
    status: z.enum(INCIDENT_STATUSES).exclude(['postmortem']).default('investigating'),
    impact: z.enum(IMPACTS).optional(),
    body: text(20000),
    components: componentChanges.optional(),
    next_update_in_minutes: minutes.optional(),
    deliver_notifications: z.boolean().default(true),
    started_at: isoTime.optional(),
    audiences: audienceKeys,
    visibility,
    backfilled: z
      .boolean({ error: 'must be true or false' })
      .optional()
      .describe(
        'true: a past outage recorded late or imported, created resolved with started_at and resolved_at; its component statuses go into their history for that interval and nobody is notified',
      ),
    resolved_at: isoTime.optional().describe('when a backfilled incident was resolved'),
    severity: z
      .string()
      .regex(SEVERITY_KEY_PATTERN, 'must be a severity key such as SEV1')
      .optional()
      .describe('a backfilled incident’s severity (declare a live one with /incidents/declare)'),
  })
  .strict()
  .refine(needsAudiences.check, needsAudiences.problem)
  .refine((v) => v.backfilled || v.resolved_at === undefined, {
    path: ['resolved_at'],
    message: 'is only taken with backfilled: true (resolve a live incident with an update)',
  })
  .refine((v) => v.backfilled || v.severity === undefined, {
    path: ['severity'],
    message: 'is only taken with backfilled: true (declare a live incident with a severity)',
  });

/** Per account id, the credit or goodwill line its contacts read in the resolution (issue #12). */
export const compensationLines = z
  .record(
    z.string().min(1).max(100),
    z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  )
  .refine((v) => Object.keys(v).length <= 10_000, 'must name at most 10,000 accounts')
  .optional()
  .describe('per account id, the compensation line its contacts read (resolved updates only)');

export const incidentUpdateInput = z
  .object({
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
    body: text(20000),
    components: componentChanges.optional(),
    next_update_in_minutes: minutes.optional(),
    deliver_notifications: z.boolean().default(true),
    display_at: isoTime.optional(),
    audiences: audienceKeys,
    visibility,
    compensation: compensationLines,
  })
  .strict()
  .refine(needsAudiences.check, needsAudiences.problem);

export const patchIncidentInput = z
  .object({
    name: text(255),
    impact: z.enum(IMPACTS).nullable(),
    postmortem_body: z.string().max(100000).nullable(),
    postmortem_published: z.boolean(),
    next_update_at: isoTime.nullable(),
  })
  .partial()
  .strict();

export const scheduleMaintenanceInput = z
  .object({
    name: text(255),
    body: text(20000),
    scheduled_for: isoTime,
    scheduled_until: isoTime,
    components: z.array(id).max(500).default([]),
    auto_transition: z.boolean().default(true),
    deliver_notifications: z.boolean().default(true),
  })
  .strict()
  .refine((v) => Date.parse(v.scheduled_until) > Date.parse(v.scheduled_for), {
    path: ['scheduled_until'],
    message: 'must be after scheduled_for',
  });

export const createTokenInput = z.object({ name: text(100), scope: z.enum(TOKEN_SCOPES) }).strict();

export type PageInput = z.infer<typeof pageInput>;
export type CreateComponentInput = z.infer<typeof createComponentInput>;
export type UpdateComponentInput = z.infer<typeof updateComponentInput>;
export type CreateIncidentInput = z.input<typeof createIncidentInput>;
export type IncidentUpdateInput = z.input<typeof incidentUpdateInput>;
export type PatchIncidentInput = z.infer<typeof patchIncidentInput>;
export type ScheduleMaintenanceInput = z.input<typeof scheduleMaintenanceInput>;

/** Parses input or throws a validation error that names each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.length ? issue.path.join('.') : '(body)';
    let msg = issue.message;
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys)
        fields[path === '(body)' ? k : `${path}.${k}`] = 'is not a known field';
      continue;
    }
    if (issue.code === 'invalid_type' && /received undefined/.test(msg)) msg = 'is required';
    fields[path] ??= msg;
  }
  throw invalid(fields);
}

/** every channel in channels/registry.ts */
export const SUBSCRIBER_CHANNELS = CHANNEL_NAMES;

/** An email address, as a subscriber or a contact gives it. */
export const emailAddress = z.email('must be an email address').max(320);
/** A phone number for SMS, in international form. */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{7,14}$/, 'must be a phone number in international form, e.g. +447700900123');

export const createSubscriberInput = z
  .object({
    channel: z.enum(SUBSCRIBER_CHANNELS),
    email: emailAddress.optional(),
    phone: phoneNumber.optional(),
    url: httpUrl.optional(),
    components: z.array(id).max(500).optional(),
    confirmed: z.boolean().optional(),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as en or fr-FR')
      .optional(),
    time_zone: timeZone.optional(),
    contact_email: emailAddress.optional(),
    secret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, 'must be a Standard Webhooks secret such as whsec_…')
      .optional(),
    audience: z.enum(['public', 'internal']).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const need = v.channel === 'email' ? 'email' : v.channel === 'sms' ? 'phone' : 'url';
    if (!v[need])
      ctx.addIssue({
        code: 'custom',
        path: [need],
        message: `is required for the ${v.channel} channel`,
      });
    for (const k of ['email', 'phone', 'url'] as const) {
      if (k !== need && v[k] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: `does not apply to the ${v.channel} channel (use ${need})`,
        });
    }
    if (v.secret && v.channel !== 'webhook')
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: 'applies to webhook subscribers only',
      });
  });

export type CreateSubscriberInput = z.input<typeof createSubscriberInput>;

/** A subscriber picks components: all of them (including ones added later), or a list. */
export const updateSubscriptionInput = z
  .object({
    all: z.boolean().optional(),
    components: z.array(id).max(500).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.all && !(v.components && v.components.length > 0))
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'pick at least one component, or all of them',
      });
  });

/** "22:00-07:00": two 24-hour times in the subscriber's own zone (issue #12). */
export const quietHours = z.string().superRefine((v, ctx) => {
  const q = parseQuietHours(v);
  if ('problem' in q) ctx.addIssue({ code: 'custom', message: q.problem });
});

/** A subscriber's (or contact's) delivery preferences: digest, quiet hours, time zone. */
export const subscriberPreferencesInput = z
  .object({
    digest: z.boolean({ error: 'must be true or false' }).optional(),
    quiet_hours: quietHours.nullable().optional(),
    time_zone: timeZone.nullable().optional(),
  })
  .strict();
export type SubscriberPreferencesInput = z.input<typeof subscriberPreferencesInput>;

export const confirmCodeInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'must be the 6-digit code we sent'),
  })
  .strict();

/** A bounce or complaint from an email or SMS provider's feed. */
export const markUndeliverableInput = z
  .object({
    address: z.string().trim().min(3, 'must be an email address or phone number').max(320),
    channel: z.enum(['email', 'sms']).optional(),
    type: z.enum(['bounce', 'complaint']),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();

export type UpdateSubscriptionInput = z.infer<typeof updateSubscriptionInput>;
export type MarkUndeliverableInput = z.input<typeof markUndeliverableInput>;

/** Which dead letters to put back in the queue: those of an incident, of a notification, or by id. */
export const requeueDeliveriesInput = z
  .object({
    incident_id: id.optional(),
    notification_id: id.optional(),
    ids: z
      .array(
        z.union([
          z.number().int().positive(),
          z.string().regex(/^(dlv_)?\d{1,15}$/, 'must be a delivery id such as 42 or dlv_42'),
        ]),
      )
      .min(1, 'must name at least one delivery')
      .max(10_000, 'must name at most 10,000 deliveries')
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const given = (['incident_id', 'notification_id', 'ids'] as const).filter(
      (k) => v[k] !== undefined,
    );
    if (given.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['incident_id'],
        message: 'give one of incident_id, notification_id or ids',
      });
    for (const k of given.slice(1))
      ctx.addIssue({ code: 'custom', path: [k], message: `cannot be combined with ${given[0]}` });
  });

export type RequeueDeliveriesInput = z.input<typeof requeueDeliveriesInput>;
