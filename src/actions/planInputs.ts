/**
 * Input schemas for the comms plan's team, roles, rotations and severities. The admin API's
 * OpenAPI document and the CLI use these same schemas (see src/actions/inputs.ts for the rest).
 */
import { z } from 'zod';
import { CHANNEL_NAMES } from '../channels/catalog.js';
import { CRITICALITIES, KEY_PATTERN } from '../domain/audience.js';
import { AUDIENCE_CHANNELS, SEVERITY_KEY_PATTERN } from '../domain/severity.js';
import { parseWorkingHours, ROLE_KEY_PATTERN } from '../domain/team.js';
import { regionKey } from './handoverInputs.js';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

const timeZone = z
  .string()
  .max(100)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/London');

const workingHours = z
  .string()
  .max(100)
  .superRefine((v, ctx) => {
    const r = parseWorkingHours(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  });

const webhookUrl = /^https?:\/\/[^\s]+$/i;

/**
 * Slack: an incoming-webhook URL (https://hooks.slack.com/services/…) is deliverable and becomes
 * an internal subscription; a handle such as @ana is kept for people to read, but Flare cannot
 * post to it.
 */
const slack = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (v) => (webhookUrl.test(v) ? URL.canParse(v) : /^[@#]?[A-Za-z0-9._-]{1,80}$/.test(v)),
    'must be a Slack incoming-webhook URL (https://hooks.slack.com/services/…) or a handle such as @ana',
  );

/** Teams: an incoming-webhook URL is deliverable; a handle or sign-in address is kept for reference. */
const teams = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (v) => (webhookUrl.test(v) ? URL.canParse(v) : /^@?[A-Za-z0-9._@+-]{1,200}$/.test(v)),
    'must be a Teams incoming-webhook URL (https://…) or a handle such as ana@example.com',
  );

const phone = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{7,14}$/, 'must be a phone number in international form, e.g. +447700900123');

const personFields = {
  name: text(200),
  email: z.email('must be an email address').max(320).nullable(),
  phone: phone.nullable(),
  slack: slack.nullable(),
  teams: teams.nullable(),
  time_zone: timeZone,
  working_hours: workingHours.nullable(),
  /** a team region key (GET /api/v1/regions); its hours apply when the person has none */
  region: regionKey.nullable(),
};

export const createPersonInput = z
  .object({
    ...personFields,
    email: personFields.email.optional(),
    phone: personFields.phone.optional(),
    slack: personFields.slack.optional(),
    teams: personFields.teams.optional(),
    time_zone: timeZone.optional(),
    working_hours: personFields.working_hours.optional(),
    region: personFields.region.optional(),
  })
  .strict();

export const updatePersonInput = z.object(personFields).partial().strict();

export const roleKey = z
  .string()
  .min(2, 'must be 2 to 40 characters')
  .max(40, 'must be 2 to 40 characters')
  .regex(
    ROLE_KEY_PATTERN,
    'must be lowercase snake case (letters, digits and single underscores), e.g. security_lead',
  );

export const createRoleInput = z
  .object({
    key: roleKey,
    name: text(100),
    description: z.string().trim().max(500).optional(),
  })
  .strict();

export const rotationInput = z
  .object({
    person_ids: z
      .array(id)
      .max(100, 'a rotation holds at most 100 people')
      .refine((ids) => new Set(ids).size === ids.length, 'must not name a person twice'),
  })
  .strict();

export const severityKey = z
  .string()
  .regex(
    SEVERITY_KEY_PATTERN,
    'must be capital letters and digits (up to 20), starting with a letter, e.g. SEV1',
  );

const wholeMinutes = (min: number, max: number) =>
  z
    .number({ error: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(min, `must be at least ${min} minutes`)
    .max(max, `must be at most ${max} minutes`);

/** The public audience's words: the status page, social, and every registered channel. */
const PUBLIC_CHANNELS = [...new Set<string>([...AUDIENCE_CHANNELS.public, ...CHANNEL_NAMES])] as [
  string,
  ...string[],
];

const channels = <T extends readonly [string, ...string[]]>(allowed: T) =>
  z
    .array(z.enum(allowed, { error: `must be one of ${allowed.join(', ')}` }))
    .max(allowed.length)
    .refine((v) => new Set(v).size === v.length, 'must not name a channel twice');

export const cadenceInput = z
  .object({
    firstMinutes: wholeMinutes(5, 240),
    firstWindowMinutes: wholeMinutes(0, 24 * 60),
    laterMinutes: wholeMinutes(5, 24 * 60),
    reminderLeadMinutes: wholeMinutes(1, 60),
    // the seed asks for 60–90; a team may choose a little either side
    interimAfterMinutes: wholeMinutes(30, 240),
  })
  .strict()
  .superRefine((c, ctx) => {
    const between = Math.min(c.firstMinutes, c.laterMinutes);
    // a gap below the minimum is already reported on its own field
    if (between >= 5 && c.reminderLeadMinutes >= between)
      ctx.addIssue({
        code: 'custom',
        path: ['reminderLeadMinutes'],
        message: 'must be shorter than the time between updates (firstMinutes and laterMinutes)',
      });
  });

/** An audience, tier, region, tag or role key: lower-case letters, digits, _ and -. */
export const audienceKey = z
  .string()
  .regex(KEY_PATTERN, 'must be lower-case letters, digits, _ or - (up to 64), e.g. key_accounts');

const keys = (max: number) =>
  z
    .array(audienceKey)
    .max(max)
    .refine((v) => new Set(v).size === v.length, 'must not name a value twice');

/** The channels a customer audience is told on: any registered channel. */
export const audienceChannels = z
  .array(z.enum(CHANNEL_NAMES, { error: `must be one of ${CHANNEL_NAMES.join(', ')}` }))
  .max(CHANNEL_NAMES.length)
  .refine((v) => new Set(v).size === v.length, 'must not name a channel twice');

const criticality = z.enum(CRITICALITIES, {
  error: `must be one of ${CRITICALITIES.join(', ')}`,
});

/** Which contacts an audience selects; every field given must hold, values in a list are OR. */
export const audienceMatchInput = z
  .object({
    tiers: keys(50).optional(),
    criticality: z.array(criticality).max(CRITICALITIES.length).optional(),
    regions: keys(200).optional(),
    tags: keys(200).optional(),
    roles: keys(50).optional(),
    affected_only: z.boolean({ error: 'must be true or false' }).optional(),
    key_only: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

/** PUT /api/v1/audiences/:key: the whole audience (create or replace). */
export const audienceInput = z
  .object({
    name: text(100),
    match: audienceMatchInput,
    channels: audienceChannels,
    outreach: z.boolean({ error: 'must be true or false' }).optional(),
    private_page: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

/** The plan's tiers (highest first) and which accounts are key. */
export const keyRuleInput = z
  .object({
    tiers: keys(50),
    criticality: z.array(criticality).max(CRITICALITIES.length),
  })
  .strict();

export const tiersInput = z
  .array(audienceKey)
  .min(1, 'must name at least one tier')
  .max(50)
  .refine((v) => new Set(v).size === v.length, 'must not name a tier twice');

export const accountTiersInput = z
  .object({ tiers: tiersInput, key_accounts: keyRuleInput.optional() })
  .strict();

/** One audience a severity tells: on which of its channels (all by default), with outreach or not. */
export const audienceTargetInput = z
  .object({
    audience: audienceKey,
    channels: audienceChannels.optional(),
    outreach: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

export const notifyInput = z
  .array(audienceTargetInput)
  .max(50)
  .refine(
    (v) => new Set(v.map((t) => t.audience)).size === v.length,
    'must not name an audience twice',
  );

export const severitySettingsInput = z
  .object({
    calledRoles: z
      .array(roleKey)
      .min(1, 'must call in at least one role (usually incident_lead)')
      .max(50)
      .refine((v) => new Set(v).size === v.length, 'must not name a role twice'),
    audiences: z
      .object({
        public: channels(PUBLIC_CHANNELS),
        internal: channels(AUDIENCE_CHANNELS.internal),
        key_accounts: channels(AUDIENCE_CHANNELS.key_accounts),
      })
      .strict(),
    approvalRequired: z.boolean({ error: 'must be true or false' }),
    approvalTimeBoxMinutes: wholeMinutes(1, 60),
    autoPublishOnTimeout: z.boolean({ error: 'must be true or false' }),
    cadence: cadenceInput,
    ackTimeoutMinutes: wholeMinutes(1, 120),
    /** the plan's audiences this severity tells (absent: the defaults, see severityTargets) */
    notify: notifyInput.optional(),
    /** an account-manager outreach task is due this many minutes after it is created */
    outreachDueMinutes: wholeMinutes(1, 7 * 24 * 60).optional(),
  })
  .strict();

export const severityInput = z
  .object({
    name: text(100),
    description: text(2000),
    position: z.number().int().min(0).max(1000).optional(),
    settings: severitySettingsInput,
  })
  .strict();

export type CreatePersonInput = z.input<typeof createPersonInput>;
export type UpdatePersonInput = z.input<typeof updatePersonInput>;
export type CreateRoleInput = z.input<typeof createRoleInput>;
export type RotationInput = z.input<typeof rotationInput>;
export type SeverityInput = z.input<typeof severityInput>;
export type AudienceInput = z.input<typeof audienceInput>;
export type AccountTiersInput = z.input<typeof accountTiersInput>;
