/**
 * Account-manager outreach: the tasks an incident gave its key accounts' managers, and
 * recording how a call went. Internal only.
 */
import { z } from 'zod';
import { completeOutreach } from '../../../actions/completeOutreach.js';
import { completeOutreachInput } from '../../../actions/outreachInputs.js';
import { OUTREACH_OUTCOMES } from '../../../domain/audience.js';
import { listOutreach } from '../../../store/queries/outreach.js';
import { apiModule, route } from '../../api.js';
import { findIncident } from '../../incidentReads.js';
import { idParams } from '../../schemas.js';

const tag = 'outreach';
const time = z.iso.datetime({ offset: true });

export const outreachTaskOut = z.object({
  id: z.string(),
  incident_id: z.string(),
  account_id: z.string(),
  account_name: z.string(),
  audience_key: z.string().describe('the audience whose outreach made the task'),
  assignee_id: z.string().nullable(),
  assignee_name: z.string().nullable(),
  assignee_role: z
    .string()
    .nullable()
    .describe("null: the account's own manager; else the plan role the task fell back to"),
  status: z.enum(['open', 'done', 'escalated']),
  due_at: time,
  created_at: time,
  escalated_at: time.nullable(),
  completed_at: time.nullable(),
  completed_by: z.string().nullable(),
  outcome: z.enum(OUTREACH_OUTCOMES).nullable(),
  note: z.string().nullable(),
  talking_points: z.object({
    update_id: z.string().nullable(),
    status: z.string().nullable(),
    body: z.string(),
    components: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
    at: z.string(),
  }),
  contacts: z.array(
    z.object({
      name: z.string(),
      role: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
  ),
});

export const outreachRoutes = apiModule([
  route({
    id: 'listOutreach',
    method: 'GET',
    url: '/api/v1/incidents/:id/outreach',
    access: 'read',
    tag,
    summary:
      'The outreach tasks of an incident, soonest due first: who calls which key account, with the talking points and contacts',
    params: idParams,
    response: z.object({ outreach: z.array(outreachTaskOut) }),
    handler: async ({ app, params }) => {
      await findIncident(app, 'incident', params.id);
      return { outreach: await listOutreach(app.store.db, params.id) };
    },
  }),
  route({
    id: 'completeOutreach',
    method: 'POST',
    url: '/api/v1/outreach/:id',
    access: 'write',
    tag,
    summary: 'Record how an outreach call went, which completes the task (409 when already done)',
    params: idParams,
    body: completeOutreachInput,
    response: outreachTaskOut,
    handler: ({ ctx, params, body }) => completeOutreach(ctx, params.id, body),
  }),
]);
