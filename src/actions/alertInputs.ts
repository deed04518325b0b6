/** Inputs for alert integrations (issue #13 part 1): their name, kind and mapping rules. */
import { z } from 'zod';
import { ALERT_KINDS } from '../domain/alerts.js';
import { componentStatus } from './inputs.js';

const id = z.string().min(1).max(100);
const labelName = z.string().trim().min(1).max(100);
const labelValue = z.string().max(500);

export const alertMapping = z
  .object({
    label: labelName
      .optional()
      .describe('the label (tag, or `service`) whose value `components` maps; default service'),
    components: z
      .record(labelValue, id)
      .refine((r) => Object.keys(r).length <= 500, 'must map at most 500 values')
      .optional()
      .describe('label value → component id'),
    status: componentStatus.optional().describe('the status to propose (default partial_outage)'),
    rules: z
      .array(
        z
          .object({
            match: z
              .record(labelName, z.union([labelValue, z.array(labelValue).min(1).max(100)]))
              .refine((r) => Object.keys(r).length > 0, 'must name at least one label'),
            components: z.array(id).min(1).max(100),
            status: componentStatus.optional(),
          })
          .strict(),
      )
      .max(100)
      .optional()
      .describe('label matchers → components (and their status)'),
    severity: z
      .union([
        z.string().min(1).max(20),
        z.record(z.string().min(1).max(50), z.string().min(1).max(20)),
      ])
      .optional()
      .describe(
        'a plan severity key, or alert severity (critical, P1…; `*` for any) → plan severity key',
      ),
    template: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('the template to suggest (default investigating)'),
    group_by: z.array(labelName).min(1).max(10).optional().describe('group alerts by these labels'),
    group: z
      .literal('all')
      .optional()
      .describe('`all`: every alert of the integration is one group'),
    publish: z
      .boolean()
      .optional()
      .describe('true publishes at once; by default a draft is opened and nothing is public'),
  })
  .strict()
  .refine((m) => !(m.group && m.group_by), {
    path: ['group_by'],
    message: 'give group or group_by, not both',
  });

export const createIntegrationInput = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    kind: z.enum(ALERT_KINDS),
    mapping: alertMapping.default({}),
  })
  .strict();

export const updateIntegrationInput = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
    mapping: alertMapping.optional(),
    rotate_secret: z
      .boolean()
      .optional()
      .describe('true makes a new URL secret (and signing secret); the old ones stop working'),
    signing_secret: z
      .string()
      .trim()
      .min(16, 'must be at least 16 characters')
      .max(500)
      .optional()
      .describe(
        'PagerDuty: the signing secret PagerDuty shows for the webhook subscription, to check X-PagerDuty-Signature with instead of Flare’s own',
      ),
  })
  .strict();

export type CreateIntegrationInput = z.input<typeof createIntegrationInput>;
export type UpdateIntegrationInput = z.input<typeof updateIntegrationInput>;
