/** Inputs for publishing a draft and for the incident room: assigning and acknowledging roles. */
import { z } from 'zod';

const id = z.string().min(1).max(100);

export const publishIncidentInput = z
  .object({ note: z.string().trim().min(1).max(2000).optional() })
  .strict();

export const assignRoleInput = z
  .object({
    person_id: id.describe('the person who takes the role (see GET /api/v1/people)'),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

export const ackRoleInput = z
  .object({
    person_id: id
      .optional()
      .describe('acknowledge only if this person still holds the role (409 when handed on)'),
  })
  .strict();

export type AssignRoleInput = z.input<typeof assignRoleInput>;
