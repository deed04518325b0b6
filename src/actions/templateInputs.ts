/** Inputs for the template library: adding and editing templates, and previewing them. */
import { z } from 'zod';
import { STAGES, TEMPLATE_CHANNELS } from '../domain/templates.js';
import { previewVars } from './declareInputs.js';

const source = z.string().max(20000);
const locale = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as en or fr');

/** Liquid per channel: page, sms and social are required; the others fall back to page. */
const renderings = z
  .object({
    page: source.min(1).describe('markdown for the status page, webhooks and feeds'),
    sms: source.min(1).describe('one SMS segment where possible'),
    social: source.min(1).describe('a social post of at most 280 characters'),
    email_subject: source.min(1).nullable().optional(),
    email: source.min(1).nullable().optional().describe('default: the page rendering'),
    slack: source.min(1).nullable().optional().describe('default: the page rendering'),
    teams: source.min(1).nullable().optional().describe('default: the page rendering'),
  })
  .strict();

export const createTemplateInput = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be lowercase_snake_case, e.g. payments_degraded'),
    stage: z.enum(STAGES),
    locale: locale.default('en'),
    name: z.string().trim().min(1).max(200),
    renderings,
    pre_approved: z
      .boolean()
      .default(false)
      .describe('true: updates from it publish without waiting for the approver'),
  })
  .strict();

export const updateTemplateInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    stage: z.enum(STAGES),
    renderings: renderings.partial(),
    pre_approved: z
      .boolean()
      .describe('changing the wording sets this to false unless you say true here'),
  })
  .partial()
  .strict();

export const previewTemplateInput = z
  .object({
    channel: z.enum([...TEMPLATE_CHANNELS, 'all']).default('all'),
    locale: locale.optional().describe('the variant to render and the reader’s language'),
    time_zone: z.string().min(1).max(64).optional().describe('the reader’s time zone'),
    vars: previewVars.default({}),
    incident_id: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('fill in the name, components, link and next update of this incident'),
    sample_recipient: z
      .object({
        name: z.string().max(200).optional(),
        time_zone: z.string().min(1).max(64).optional(),
        locale: locale.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type CreateTemplateInput = z.input<typeof createTemplateInput>;
export type UpdateTemplateInput = z.input<typeof updateTemplateInput>;
export type PreviewTemplateInput = z.input<typeof previewTemplateInput>;
