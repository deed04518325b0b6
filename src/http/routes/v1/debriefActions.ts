/**
 * The debrief's action items (issue #14): listed per incident or across incidents, added,
 * changed or marked done, and removed. The owner is told when assigned and once when overdue.
 */
import { z } from 'zod';
import { createDebriefAction } from '../../../actions/createDebriefAction.js';
import {
  createDebriefActionInput,
  patchDebriefActionInput,
} from '../../../actions/debriefActionInputs.js';
import { deleteDebriefAction } from '../../../actions/deleteDebriefAction.js';
import { updateDebriefAction } from '../../../actions/updateDebriefAction.js';
import { ACTION_STATUSES, isOverdue } from '../../../domain/debriefActions.js';
import { type DebriefAction, listDebriefActions } from '../../../store/queries/debriefActions.js';
import { apiModule, route } from '../../api.js';
import { findIncident } from '../../incidentReads.js';
import { idParams } from '../../schemas.js';

const tag = 'debrief';
const time = z.iso.datetime({ offset: true });

export const debriefActionOut = z.object({
  id: z.string(),
  incident_id: z.string(),
  incident_name: z.string(),
  text: z.string(),
  owner_id: z.string().describe('the person who does it'),
  owner_name: z.string().nullable().describe('null when the person has left the team'),
  due_at: time,
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean().describe('open and past its due time'),
  done_at: time.nullable(),
  done_by: z.string().nullable(),
  note: z.string().nullable(),
  suggestion_id: z.string().nullable().describe('the debrief suggestion it came from'),
  created_at: time,
  created_by: z.string(),
  updated_at: time,
});

/** An action item as the API shows it: with whether it is overdue now. */
export const actionOut = (a: DebriefAction, now: Date) => ({ ...a, overdue: isOverdue(a, now) });

const listQuery = z
  .object({
    status: z
      .enum(ACTION_STATUSES, { error: `must be one of ${ACTION_STATUSES.join(', ')}` })
      .optional()
      .describe('only open or only done items'),
    owner_id: z.string().min(1).max(100).optional().describe("only this person's items"),
  })
  .strict();

const list = z.object({ action_items: z.array(debriefActionOut) });

export const debriefActionRoutes = apiModule([
  route({
    id: 'listAllDebriefActions',
    method: 'GET',
    url: '/api/v1/debrief/actions',
    access: 'read',
    tag,
    summary:
      'Action items across incidents, soonest due first (at most 1000): e.g. ?status=open for what is still to do',
    query: listQuery,
    response: list,
    handler: async ({ ctx, query }) => {
      const now = ctx.clock.now();
      const items = await listDebriefActions(ctx.store.db, {
        status: query.status,
        ownerId: query.owner_id,
      });
      return { action_items: items.map((a) => actionOut(a, now)) };
    },
  }),
  route({
    id: 'listDebriefActions',
    method: 'GET',
    url: '/api/v1/incidents/:id/debrief/actions',
    access: 'read',
    tag,
    summary: "An incident's debrief action items, soonest due first",
    params: idParams,
    query: listQuery,
    response: list,
    handler: async ({ app, ctx, params, query }) => {
      await findIncident(app, 'incident', params.id);
      const now = ctx.clock.now();
      const items = await listDebriefActions(ctx.store.db, {
        incidentId: params.id,
        status: query.status,
        ownerId: query.owner_id,
      });
      return { action_items: items.map((a) => actionOut(a, now)) };
    },
  }),
  route({
    id: 'createDebriefAction',
    method: 'POST',
    url: '/api/v1/incidents/:id/debrief/actions',
    access: 'write',
    tag,
    summary:
      'Add an action item to the debrief: text, owner (a person on the team) and due time; the owner is told on their internal channels',
    params: idParams,
    body: createDebriefActionInput,
    status: 201,
    idempotent: true,
    response: debriefActionOut,
    handler: async ({ ctx, params, body }) =>
      actionOut(await createDebriefAction(ctx, params.id, body), ctx.clock.now()),
  }),
  route({
    id: 'updateDebriefAction',
    method: 'PATCH',
    url: '/api/v1/debrief/actions/:id',
    access: 'write',
    tag,
    summary:
      'Change an action item, or mark it done ({"status": "done"}) or open again; a new owner is told',
    params: idParams,
    body: patchDebriefActionInput,
    response: debriefActionOut,
    handler: async ({ ctx, params, body }) =>
      actionOut(await updateDebriefAction(ctx, params.id, body), ctx.clock.now()),
  }),
  route({
    id: 'deleteDebriefAction',
    method: 'DELETE',
    url: '/api/v1/debrief/actions/:id',
    access: 'write',
    tag,
    summary: 'Remove an action item added by mistake (audited)',
    params: idParams,
    status: 204,
    handler: async ({ ctx, params }) => {
      await deleteDebriefAction(ctx, params.id);
    },
  }),
]);
