/** Input schemas of accounts and their contacts (shared by the API, the CLI and the import). */
import { z } from 'zod';
import { CRITICALITIES, KEY_PATTERN } from '../domain/audience.js';
import { SUBSCRIBER_CHANNELS } from './inputs.js';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const key = z
  .string()
  .trim()
  .regex(KEY_PATTERN, 'must be lower-case letters, digits, _ or - (up to 64)');

/** Valid IANA zones, remembered: an import checks the same few zones 100,000 times. */
const zones = new Map<string, boolean>();
export function isTimeZone(tz: string): boolean {
  let ok = zones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (zones.size < 1000) zones.set(tz, ok);
  }
  return ok;
}

/** SLA figures count from this day (set through the API; the bulk import leaves it as it is). */
const slaStart = z.iso
  .date({ message: 'must be a date such as 2026-11-01 (YYYY-MM-DD)' })
  .describe('SLA figures count from this day, in the account’s time zone')
  .nullable();

const accountFields = {
  name: text(200),
  external_id: text(200).describe('the id of the account in your CRM; unique').nullable(),
  tier: text(64).describe("one of the plan's tiers (GET /api/v1/plan: account_tiers)"),
  criticality: z.enum(CRITICALITIES, { error: `must be one of ${CRITICALITIES.join(', ')}` }),
  region: key.nullable(),
  time_zone: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/London')
    .nullable(),
  locale: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as en or fr-FR')
    .nullable(),
  account_manager_id: z
    .string()
    .min(1)
    .max(100)
    .describe('a person id (GET /api/v1/people)')
    .nullable(),
  tags: z.array(key).max(50),
  mrr: z.number({ error: 'must be a number' }).min(0, 'must be 0 or more').max(1e12).nullable(),
  components: z
    .array(z.string().min(1).max(100))
    .max(500)
    .describe('the footprint: ids of the components the account uses'),
};

export const createAccountInput = z
  .object({
    ...accountFields,
    external_id: accountFields.external_id.optional(),
    criticality: accountFields.criticality.default('normal'),
    region: accountFields.region.optional(),
    time_zone: accountFields.time_zone.optional(),
    locale: accountFields.locale.optional(),
    account_manager_id: accountFields.account_manager_id.optional(),
    tags: accountFields.tags.optional(),
    mrr: accountFields.mrr.optional(),
    sla_start: slaStart.optional(),
    components: accountFields.components.optional(),
  })
  .strict();
export type CreateAccountInput = z.input<typeof createAccountInput>;

/** PATCH: every field optional; null clears an optional one. */
export const updateAccountInput = z
  .object({
    name: accountFields.name.optional(),
    external_id: accountFields.external_id.optional(),
    tier: accountFields.tier.optional(),
    criticality: accountFields.criticality.optional(),
    region: accountFields.region.optional(),
    time_zone: accountFields.time_zone.optional(),
    locale: accountFields.locale.optional(),
    account_manager_id: accountFields.account_manager_id.optional(),
    tags: accountFields.tags.optional(),
    mrr: accountFields.mrr.optional(),
    sla_start: slaStart.optional(),
    components: accountFields.components.optional(),
  })
  .strict();
export type UpdateAccountInput = z.input<typeof updateAccountInput>;

/** A contact: a subscriber of the account with a role. The channel follows from the address when not given. */
export const createContactInput = z
  .object({
    name: text(200).optional(),
    channel: z.enum(SUBSCRIBER_CHANNELS).optional(),
    email: z.string().max(320).optional(),
    phone: z.string().max(40).optional(),
    url: z.string().max(2000).optional(),
    role: key.optional().describe('technical, billing, executive, admin, other, or another key'),
    locale: accountFields.locale.optional(),
    time_zone: z.string().optional(),
  })
  .strict();
export type CreateContactInput = z.input<typeof createContactInput>;

/** One account of a JSON import (the CSV columns map onto the same shape). */
export const importContact = z
  .object({
    name: text(200).optional(),
    email: z.string().max(320).optional(),
    phone: z.string().max(40).optional(),
    role: key.optional(),
  })
  .strict();

export const importAccount = z
  .object({
    ...accountFields,
    external_id: text(200),
    criticality: accountFields.criticality.optional(),
    region: accountFields.region.optional(),
    time_zone: accountFields.time_zone.optional(),
    locale: accountFields.locale.optional(),
    account_manager_id: accountFields.account_manager_id.optional(),
    account_manager: z.string().max(320).optional().describe('a person id or email'),
    tags: accountFields.tags.optional(),
    mrr: accountFields.mrr.optional(),
    components: z.array(z.string().min(1).max(200)).max(500).optional().describe('ids or names'),
    contacts: z.array(importContact).max(100).optional(),
  })
  .strict();
export type ImportAccount = z.input<typeof importAccount>;

/** The body of POST /api/v1/accounts/import as documented: a JSON array (or CSV text). */
export const importAccountsInput = z.array(importAccount);
