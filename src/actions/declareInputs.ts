/** Inputs for declaring incidents, publishing from templates, approvals and the incident room. */
import { z } from 'zod';
import { varLengthProblems } from '../domain/templateVarLimits.js';
import {
  audienceKeys,
  compensationLines,
  componentChanges,
  needsAudiences,
  visibility,
} from './inputs.js';

const id = z.string().min(1).max(100);
// the hard cap; each variable's own limit (templateVarLimits) is checked below
const varValue = z.union([z.string().max(20000), z.boolean(), z.number()]);
/** Variables as given: for a preview, whose linter reports each one too long (var_too_long). */
export const previewVars = z.record(
  z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'variable names are lowercase_snake_case'),
  varValue,
);
/** Each variable within its own length (templateVarLimits): vars.impact "is too long: …". */
export const templateVars = previewVars.superRefine((vars, ctx) => {
  for (const [k, message] of Object.entries(varLengthProblems(vars)))
    ctx.addIssue({ code: 'custom', path: [k], message });
});

/** Shared by declaring and by updates from templates. */
const locale = z
  .string()
  .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as en or fr')
  .default('en');
const nextUpdateMinutes = z
  .number()
  .int()
  .min(1)
  .max(24 * 60)
  .optional();

export const declareIncidentInput = z
  .object({
    severity: z.string().min(1).max(20),
    name: z.string().trim().min(1).max(255).optional(),
    template: z.string().min(1).max(100).default('investigating'),
    locale,
    vars: templateVars.default({}),
    body: z.string().trim().min(1).max(20000).optional(),
    components: componentChanges.optional(),
    next_update_in_minutes: nextUpdateMinutes,
    publish: z.boolean().default(true),
    assign: z.record(z.string(), id).optional(),
    deliver_notifications: z.boolean().default(true),
    drill: z.boolean().default(false),
    audiences: audienceKeys,
    visibility,
  })
  .strict()
  .refine(needsAudiences.check, needsAudiences.problem);

export const templateUpdateInput = z
  .object({
    template: z.string().min(1).max(100).optional(),
    locale,
    vars: templateVars.default({}),
    body: z.string().trim().min(1).max(20000).optional(),
    status: z.string().optional(),
    components: componentChanges.optional(),
    next_update_in_minutes: nextUpdateMinutes,
    deliver_notifications: z.boolean().default(true),
    audiences: audienceKeys,
    visibility,
    compensation: compensationLines,
  })
  .strict()
  .refine(needsAudiences.check, needsAudiences.problem)
  .refine((v) => v.template || v.body, {
    path: ['template'],
    message: 'give a template (or a free-text body)',
  });

export const decideApprovalInput = z
  .object({
    decision: z.enum(['approve', 'edit', 'reject']),
    body: z.string().trim().min(1).max(20000).optional(),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .refine((v) => v.decision !== 'edit' || v.body, {
    path: ['body'],
    message: 'is required to edit before approving',
  });

export const timelineInput = z
  .object({
    kind: z.enum(['note', 'decision', 'touchpoint']).default('note'),
    body: z.string().trim().min(1).max(10000),
  })
  .strict();

export type DeclareIncidentInput = z.input<typeof declareIncidentInput>;
export type TemplateUpdateInput = z.input<typeof templateUpdateInput>;
