/**
 * Follow the sun (issue #12): an incident's handovers, the outgoing holder's note that hands a
 * role to the next shift, and accepting it. The team's regions are with the team (team.ts).
 */
import { z } from 'zod';
import { acceptHandover } from '../../../actions/acceptHandover.js';
import { createHandover } from '../../../actions/createHandover.js';
import { acceptHandoverInput, createHandoverInput } from '../../../actions/handoverInputs.js';
import { notFound } from '../../../domain/errors.js';
import { getHandover, handoverBrief, listHandovers } from '../../../store/queries/handovers.js';
import { apiModule, route } from '../../api.js';
import { findIncident } from '../../incidentReads.js';
import { idParams } from '../../schemas.js';

const tag = 'handover';
const time = z.iso.datetime({ offset: true });

export const handoverOut = z.object({
  id: z.string(),
  incident_id: z.string(),
  role_key: z.string(),
  role_name: z.string(),
  from_person_id: z.string(),
  from_name: z.string(),
  to_person_id: z.string(),
  to_name: z.string(),
  note: z.string(),
  state: z
    .enum(['pending', 'accepted', 'superseded'])
    .describe('pending: the outgoing person keeps the role until someone accepts'),
  created_by: z.string(),
  created_at: time,
  escalated_at: time.nullable(),
  escalated_to: z
    .array(z.string())
    .describe('people told when it was not accepted in time, who may accept it too'),
  accepted_by: z.string().nullable(),
  accepted_at: time.nullable(),
});

const briefOut = z.object({
  incident: z.object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    severity: z.string().nullable(),
    impact: z.string(),
  }),
  next_update_at: time.nullable(),
  pending_approvals: z.array(
    z.object({ id: z.string(), requested_by: z.string(), expires_at: z.string() }),
  ),
  open_outreach: z.array(z.object({ id: z.string(), account: z.string(), due_at: z.string() })),
  open_enquiries: z.array(
    z.object({ id: z.string(), sender: z.string(), subject: z.string().nullable() }),
  ),
});

export const handoverRoutes = apiModule([
  route({
    id: 'listHandovers',
    method: 'GET',
    url: '/api/v1/incidents/:id/handovers',
    access: 'read',
    tag,
    summary: "An incident's handovers, oldest first, and what a new note starts from",
    params: idParams,
    response: z.object({ handovers: z.array(handoverOut), brief: briefOut }),
    handler: async ({ app, params }) => {
      await findIncident(app, 'incident', params.id);
      const [handovers, brief] = await Promise.all([
        listHandovers(app.store.db, params.id),
        handoverBrief(app.store.db, params.id),
      ]);
      return { handovers, brief: brief! };
    },
  }),
  route({
    id: 'createHandover',
    method: 'POST',
    url: '/api/v1/incidents/:id/handovers',
    access: 'write',
    tag,
    summary:
      'Hand a role over with a note: to `to_person_id`, else the next person on shift in its rotation; they are told and must accept',
    params: idParams,
    body: createHandoverInput,
    status: 201,
    response: handoverOut,
    handler: async ({ app, ctx, params, body }) => {
      await findIncident(app, 'incident', params.id);
      const h = await createHandover(ctx, params.id, body);
      return (await getHandover(app.store.db, h.id))!;
    },
  }),
  route({
    id: 'acceptHandover',
    method: 'POST',
    url: '/api/v1/handovers/:id/ack',
    access: 'write',
    tag,
    summary:
      'Accept a handover: the role moves to the person it names (or, after escalation, to `person_id`)',
    params: idParams,
    body: acceptHandoverInput,
    response: handoverOut,
    handler: async ({ app, ctx, params, body }) => {
      if (!(await getHandover(app.store.db, params.id))) throw notFound('handover', params.id);
      await acceptHandover(ctx, params.id, body ?? {});
      return (await getHandover(app.store.db, params.id))!;
    },
  }),
]);
