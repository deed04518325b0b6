/** Inputs for the debrief's action items (issue #14): adding one, and changing or closing it. */
import { z } from 'zod';
import { ACTION_STATUSES } from '../domain/debriefActions.js';

const text = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters')
  .describe('what is to be done');
const owner = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'must not be empty')
  .max(320)
  .describe('who does it: a person on the team, by id, email or name');
const dueAt = z.iso
  .datetime({
    offset: true,
    error: 'must be an ISO 8601 time with a time zone, e.g. 2026-12-10T17:00:00Z',
  })
  .describe('when it is due; the owner is told once when it is overdue');
const note = z
  .string({ error: 'must be text' })
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .describe('what was done or decided; empty clears it');

export const createDebriefActionInput = z
  .object({
    text,
    owner_id: owner,
    due_at: dueAt,
    note: note.optional(),
    suggestion_id: z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty')
      .max(100)
      .optional()
      .describe('the debrief suggestion this item comes from (it must be one the debrief lists)'),
  })
  .strict();

export const patchDebriefActionInput = z
  .object({
    text: text.optional(),
    owner_id: owner.optional(),
    due_at: dueAt.optional(),
    status: z
      .enum(ACTION_STATUSES, { error: `must be one of ${ACTION_STATUSES.join(', ')}` })
      .optional()
      .describe('done closes the item (recording who and when); open reopens it'),
    note: note.optional(),
  })
  .strict();

export type CreateDebriefActionInput = z.input<typeof createDebriefActionInput>;
export type PatchDebriefActionInput = z.input<typeof patchDebriefActionInput>;
