/**
 * The incident room: an internal timeline of notes, decisions and touchpoints, and who holds
 * each role. Internal only: none of it is ever on the public site or in /api/v2.
 */
import { z } from 'zod';
import { ackAssignment } from '../../../actions/ackAssignment.js';
import { addTimelineEntry } from '../../../actions/addTimelineEntry.js';
import { assignRole } from '../../../actions/assignRole.js';
import { timelineInput } from '../../../actions/declareInputs.js';
import { parseInput } from '../../../actions/inputs.js';
import { ackRoleInput, assignRoleInput } from '../../../actions/roomInputs.js';
import { listIncidentRoles, listTimeline } from '../../../store/queries/incidentRoom.js';
import { apiModule, route } from '../../api.js';
import { findIncident } from '../../incidentReads.js';
import { incidentRoleOut, timelineOut } from '../../planSchemas.js';
import { idParams } from '../../schemas.js';

const tag = 'incident room';
const roleParams = z
  .object({ id: z.string().min(1).max(100), role: z.string().min(1).max(100) })
  .strict();

export const incidentRoomRoutes = apiModule([
  route({
    id: 'listTimeline',
    method: 'GET',
    url: '/api/v1/incidents/:id/timeline',
    access: 'read',
    tag,
    summary:
      'The incident room’s timeline, oldest first: notes, decisions, touchpoints and what Flare did',
    params: idParams,
    response: z.object({ timeline: z.array(timelineOut) }),
    handler: async ({ app, params }) => {
      await findIncident(app, 'incident', params.id);
      return { timeline: await listTimeline(app.store.db, params.id) };
    },
  }),
  route({
    id: 'addTimelineEntry',
    method: 'POST',
    url: '/api/v1/incidents/:id/timeline',
    access: 'write',
    tag,
    summary: 'Add a note, decision or touchpoint to the incident room (never public)',
    params: idParams,
    body: timelineInput,
    status: 201,
    response: timelineOut,
    handler: async ({ app, ctx, params, body }) => {
      await findIncident(app, 'incident', params.id);
      return addTimelineEntry(ctx, params.id, body);
    },
  }),
  route({
    id: 'listIncidentRoles',
    method: 'GET',
    url: '/api/v1/incidents/:id/roles',
    access: 'read',
    tag,
    summary: 'Who holds each role on this incident, and whether they acknowledged',
    params: idParams,
    response: z.object({ roles: z.array(incidentRoleOut) }),
    handler: async ({ app, params }) => {
      await findIncident(app, 'incident', params.id);
      return { roles: await listIncidentRoles(app.store.db, params.id) };
    },
  }),
  route({
    id: 'ackIncidentRole',
    method: 'POST',
    url: '/api/v1/incidents/:id/roles/:role/ack',
    access: 'write',
    tag,
    summary: 'Acknowledge a role assignment, which stops its escalation',
    params: roleParams,
    body: ackRoleInput,
    response: z.object({ acked_at: z.iso.datetime({ offset: true }) }),
    handler: async ({ app, ctx, params, body }) => {
      await findIncident(app, 'incident', params.id);
      const input = parseInput(ackRoleInput, body);
      return ackAssignment(ctx, params.id, params.role, input.person_id);
    },
  }),
  route({
    id: 'assignIncidentRole',
    method: 'PUT',
    url: '/api/v1/incidents/:id/roles/:role',
    access: 'write',
    tag,
    summary: 'Hand a role to a person by hand; they are told on their internal channels',
    params: roleParams,
    body: assignRoleInput,
    response: incidentRoleOut,
    handler: async ({ app, ctx, params, body }) => {
      await findIncident(app, 'incident', params.id);
      await assignRole(ctx, params.id, params.role, body);
      const roles = await listIncidentRoles(app.store.db, params.id);
      return roles.find((r) => r.role_key === params.role)!;
    },
  }),
]);
