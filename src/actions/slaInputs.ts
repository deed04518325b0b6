/** Input schemas of SLA policies, credit decisions and the report (API, CLI and plan document). */
import { z } from 'zod';
import { audienceKey, severityKey } from './planInputs.js';

const percent = z
  .number({ error: 'must be a percentage' })
  .min(0, 'must be 0 or more')
  .max(100, 'must be at most 100');
const amount = z.number({ error: 'must be a number' }).min(0, 'must be 0 or more').max(1e12);

export const slaPolicyKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lower-case letters, digits, _ or - (up to 64)');

export const creditTierInput = z
  .object({
    below: percent.describe('uptime % below which this credit applies'),
    percent: percent.describe('credit, as a % of the month’s fee'),
  })
  .strict();

export const goodwillRuleInput = z
  .object({
    severity: severityKey.optional().describe('only incidents of this severity'),
    tiers: z.array(audienceKey).max(50).optional().describe('only accounts of these tiers'),
    over_minutes: z
      .number({ error: 'must be a whole number of minutes' })
      .int('must be a whole number of minutes')
      .min(0, 'must be 0 or more')
      .max(44640, 'must be at most 44640 (a month)'),
    percent: percent.optional(),
    amount: amount.optional(),
  })
  .strict()
  .refine((r) => r.percent !== undefined || r.amount !== undefined, {
    message: 'needs a percent or an amount',
    path: ['percent'],
  });

const slaPolicyFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  tiers: z.array(audienceKey).max(50).default([]),
  account_ids: z.array(z.string().min(1).max(100)).max(10000).default([]),
  target: percent.describe('monthly uptime target, %'),
  credits: z.array(creditTierInput).max(20).default([]),
  partial_outage_weight: z
    .number({ error: 'must be a number from 0 to 1' })
    .min(0, 'must be 0 or more')
    .max(1, 'must be at most 1')
    .default(0),
  exclude_maintenance: z.boolean({ error: 'must be true or false' }).default(true),
  goodwill: z.array(goodwillRuleInput).max(20).default([]),
};
const namesSomeone = {
  check: (p: { tiers: string[]; account_ids: string[] }) =>
    p.tiers.length > 0 || p.account_ids.length > 0,
  problem: { message: 'must name at least one tier or account (account_ids)', path: ['tiers'] },
};
export const slaPolicyInput = z
  .object(slaPolicyFields)
  .strict()
  .refine(namesSomeone.check, namesSomeone.problem);
/** One of the plan document's sla_policies: a policy with its key. */
export const slaPolicyDocSchema = z
  .object({ key: slaPolicyKey, ...slaPolicyFields })
  .strict()
  .refine(namesSomeone.check, namesSomeone.problem);
export type SlaPolicyInput = z.input<typeof slaPolicyInput>;

export const slaMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-11 (YYYY-MM)');

export const creditDecisionInput = z
  .object({
    decision: z.enum(['approve', 'adjust'], { error: 'must be approve or adjust' }),
    amount: amount.optional().describe('the credit to give (adjust only)'),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((d) => d.decision !== 'adjust' || d.amount !== undefined, {
    message: 'is required to adjust a credit',
    path: ['amount'],
  });
export type CreditDecisionInput = z.input<typeof creditDecisionInput>;
