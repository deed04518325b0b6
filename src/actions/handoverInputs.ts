/** Inputs for follow the sun: a handover note, its acceptance, and a team region. */
import { z } from 'zod';
import { parseWorkingHours } from '../domain/team.js';

const id = z.string().min(1).max(100);

export const createHandoverInput = z
  .object({
    role: z.string().min(1, 'must name a role, e.g. comms_lead').max(40),
    to_person_id: id
      .optional()
      .describe('who takes the role; by default the next person on shift in its rotation'),
    note: z
      .string()
      .trim()
      .min(1, 'must not be empty: say what the next person needs to know')
      .max(10_000, 'must be at most 10,000 characters'),
  })
  .strict();

export const acceptHandoverInput = z
  .object({
    person_id: id
      .optional()
      .describe('who takes the role: the handover names them, or it escalated to them'),
  })
  .strict();

export const regionKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lowercase letters, digits and underscores, e.g. apac');

const timeZone = z
  .string({ error: 'must be an IANA time zone such as Asia/Singapore' })
  .max(100)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Singapore');

export const regionInput = z
  .object({
    name: z.string({ error: 'must be a name' }).trim().min(1, 'must not be empty').max(100),
    time_zone: timeZone,
    hours: z
      .string({ error: 'must be working hours such as "08:00-17:00 Mon-Fri"' })
      .max(100)
      .superRefine((v, ctx) => {
        const r = parseWorkingHours(v);
        if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
      }),
  })
  .strict();

export type CreateHandoverInput = z.input<typeof createHandoverInput>;
