/** /api/v1/maintenances: schedule maintenance windows and post their updates. */
import { z } from 'zod';
import { incidentUpdateInput, scheduleMaintenanceInput } from '../../../actions/inputs.js';
import { postUpdate } from '../../../actions/postUpdate.js';
import { scheduleMaintenance } from '../../../actions/scheduleMaintenance.js';
import { apiModule, route } from '../../api.js';
import { findIncident, listOf } from '../../incidentReads.js';
import { presentContext, presentIncident } from '../../present.js';
import { idParams, listQuery, maintenanceOut } from '../../schemas.js';

const tag = 'maintenance';

export const maintenanceRoutes = apiModule([
  route({
    id: 'listMaintenances',
    method: 'GET',
    url: '/api/v1/maintenances',
    access: 'read',
    tag,
    summary: 'List maintenances, newest first (`status=unresolved` for those not completed)',
    query: listQuery,
    response: z.object({ maintenances: z.array(maintenanceOut) }),
    handler: async ({ app, query }) => ({ maintenances: await listOf(app, 'maintenance', query) }),
  }),
  route({
    id: 'scheduleMaintenance',
    method: 'POST',
    url: '/api/v1/maintenances',
    access: 'write',
    tag,
    summary:
      'Schedule a maintenance window; with auto_transition it starts and completes by itself',
    body: scheduleMaintenanceInput,
    status: 201,
    response: maintenanceOut,
    handler: async ({ app, ctx, body }) => {
      const m = await scheduleMaintenance(ctx, body);
      return presentIncident(m, await presentContext(app));
    },
  }),
  route({
    id: 'getMaintenance',
    method: 'GET',
    url: '/api/v1/maintenances/:id',
    access: 'read',
    tag,
    summary: 'Get one maintenance with its updates, newest first',
    params: idParams,
    response: maintenanceOut,
    handler: async ({ app, params }) =>
      presentIncident(await findIncident(app, 'maintenance', params.id), await presentContext(app)),
  }),
  route({
    id: 'postMaintenanceUpdate',
    method: 'POST',
    url: '/api/v1/maintenances/:id/updates',
    access: 'write',
    tag,
    summary: 'Post an update: scheduled, in_progress, verifying or completed, with a message',
    params: idParams,
    body: incidentUpdateInput,
    status: 201,
    response: maintenanceOut,
    handler: async ({ app, ctx, params, body }) => {
      const m = await postUpdate(ctx, 'maintenance', params.id, body);
      return presentIncident(m, await presentContext(app));
    },
  }),
]);
