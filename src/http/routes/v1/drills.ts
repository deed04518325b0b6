/**
 * /api/v1/drills: run a drill through the plan with the team as the only audience. POST starts
 * it and answers at once with its id; the server's worker sends the team's notices, and
 * GET /api/v1/drills/:id reports the times, the assignments and the plan's gaps.
 */
import { z } from 'zod';
import { drillInput } from '../../../actions/startDrill.js';
import { beginDrill, drillReport } from '../../../main/drill.js';
import { apiModule, route } from '../../api.js';
import { idParams } from '../../schemas.js';

const tag = 'drill';
const time = z.iso.datetime({ offset: true });

const report = z.object({
  id: z.string(),
  name: z.string(),
  severity: z.string().nullable(),
  state: z.enum(['running', 'finished']),
  declared_at: time,
  finished_at: time.nullable(),
  first_internal_notice: z.object({ at: time, ms: z.number(), channel: z.string() }).nullable(),
  internal_notices: z.object({
    sent: z.number().int(),
    pending: z.number().int(),
    failed: z.number().int(),
    unexpanded: z.number().int(),
  }),
  simulated_public_update: z
    .object({
      at: time,
      ms: z.number(),
      template: z.string(),
      would_need_approval: z.boolean(),
      page: z.string(),
      sms: z.string(),
      email_subject: z.string(),
    })
    .nullable(),
  assignments: z.array(
    z.object({
      role_key: z.string(),
      role_name: z.string(),
      person_id: z.string(),
      person_name: z.string(),
      assigned_at: time,
      acknowledged: z.boolean(),
      acked_at: time.nullable(),
    }),
  ),
  unassigned_roles: z.array(z.string()),
  readiness: z.object({
    score: z.number().int(),
    gaps: z.array(
      z.object({ area: z.string(), severity: z.string(), message: z.string(), fix: z.string() }),
    ),
  }),
});

export const drillRoutes = apiModule([
  route({
    id: 'startDrill',
    method: 'POST',
    url: '/api/v1/drills',
    access: 'write',
    tag,
    summary:
      'Start a drill: a simulated incident that only the team hears of; poll GET /api/v1/drills/:id for the report',
    body: drillInput,
    response: z.object({ id: z.string(), state: z.literal('running'), url: z.string() }),
    handler: async ({ app, actor, body }) => {
      const { id } = await beginDrill(app, actor, body ?? {});
      return { id, state: 'running' as const, url: `/api/v1/drills/${id}` };
    },
  }),
  route({
    id: 'getDrill',
    method: 'GET',
    url: '/api/v1/drills/:id',
    access: 'read',
    tag,
    summary:
      'A drill report: time to first internal notice, time to the simulated first public update, who was assigned and acknowledged, and the plan gaps',
    params: idParams,
    response: report,
    handler: async ({ app, params }) => drillReport(app, params.id),
  }),
]);
