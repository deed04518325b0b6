/** /api/v1/incidents: open, update, edit and list incidents. */
import { z } from 'zod';
import { createIncident } from '../../../actions/createIncident.js';
import {
  createIncidentInput,
  incidentUpdateInput,
  patchIncidentInput,
} from '../../../actions/inputs.js';
import { patchIncident } from '../../../actions/patchIncident.js';
import { postIncidentUpdate } from '../../../actions/postIncidentUpdate.js';
import { Accepted, apiModule, route } from '../../api.js';
import { findIncident, listOf } from '../../incidentReads.js';
import { approvalPendingOut } from '../../planSchemas.js';
import { presentContext, presentIncident } from '../../present.js';
import { idParams, incidentOut, listQuery } from '../../schemas.js';

const tag = 'incident';

export const incidentRoutes = apiModule([
  route({
    id: 'listIncidents',
    method: 'GET',
    url: '/api/v1/incidents',
    access: 'read',
    tag,
    summary: 'List incidents, newest first (`status=unresolved` for the open ones only)',
    query: listQuery,
    response: z.object({ incidents: z.array(incidentOut) }),
    handler: async ({ app, query }) => ({ incidents: await listOf(app, 'incident', query) }),
  }),
  route({
    id: 'createIncident',
    idempotent: true,
    method: 'POST',
    url: '/api/v1/incidents',
    access: 'write',
    tag,
    summary:
      'Open an incident with its first update; `components` maps component ids to their new status',
    body: createIncidentInput,
    status: 201,
    response: incidentOut,
    handler: async ({ app, ctx, body }) => {
      const i = await createIncident(ctx, body);
      return presentIncident(i, await presentContext(app));
    },
  }),
  route({
    id: 'getIncident',
    method: 'GET',
    url: '/api/v1/incidents/:id',
    access: 'read',
    tag,
    summary: 'Get one incident with its updates, newest first',
    params: idParams,
    response: incidentOut,
    handler: async ({ app, params }) =>
      presentIncident(await findIncident(app, 'incident', params.id), await presentContext(app)),
  }),
  route({
    id: 'patchIncident',
    method: 'PATCH',
    url: '/api/v1/incidents/:id',
    access: 'write',
    tag,
    summary: 'Edit the name, the impact override, the postmortem or the promised next update',
    params: idParams,
    body: patchIncidentInput,
    response: incidentOut,
    handler: async ({ app, ctx, params, body }) => {
      await findIncident(app, 'incident', params.id);
      const i = await patchIncident(ctx, params.id, body);
      return presentIncident(i, await presentContext(app));
    },
  }),
  route({
    id: 'postIncidentUpdate',
    idempotent: true,
    method: 'POST',
    url: '/api/v1/incidents/:id/updates',
    access: 'write',
    tag,
    summary:
      'Post an update: new status, message, component changes and the next promised update. On an incident declared with a severity, the severity’s rules apply: free text waits for approval (202) where it asks for it, and the next update defaults to its cadence',
    params: idParams,
    body: incidentUpdateInput,
    status: 201,
    response: incidentOut,
    accepted: approvalPendingOut,
    handler: async ({ app, ctx, params, body }) => {
      const r = await postIncidentUpdate(ctx, params.id, body);
      if (r.approvalId) return new Accepted({ approval_id: r.approvalId, findings: r.findings });
      return presentIncident(r.incident!, await presentContext(app));
    },
  }),
]);
