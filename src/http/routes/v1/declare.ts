/**
 * Declaring an incident from the plan, updates from templates, and publishing a draft. With the
 * built-in templates, a SEV1 is declared, updated and resolved in three calls.
 */
import { z } from 'zod';
import { declareIncident } from '../../../actions/declareIncident.js';
import { declareIncidentInput, templateUpdateInput } from '../../../actions/declareInputs.js';
import { postTemplateUpdate } from '../../../actions/postTemplateUpdate.js';
import { publishIncident } from '../../../actions/publishIncident.js';
import { publishIncidentInput } from '../../../actions/roomInputs.js';
import { Accepted, apiModule, route } from '../../api.js';
import { findIncident } from '../../incidentReads.js';
import {
  approvalPendingOut,
  declaredOut,
  findingOut,
  planIncidentOut,
  presentPlanIncident,
} from '../../planSchemas.js';
import { presentContext } from '../../present.js';
import { idParams } from '../../schemas.js';

const tag = 'incident';

export const declareRoutes = apiModule([
  route({
    id: 'declareIncident',
    idempotent: true,
    method: 'POST',
    url: '/api/v1/incidents/declare',
    access: 'write',
    tag,
    summary:
      'Declare an incident of a severity from a template: assigns the roles from their rotations, tells the team, opens the incident room and publishes (or holds free text for approval)',
    body: declareIncidentInput,
    status: 201,
    response: declaredOut,
    handler: async ({ app, ctx, body }) => {
      const d = await declareIncident(ctx, body);
      return {
        incident: presentPlanIncident(d.incident, await presentContext(app)),
        assignments: d.assignments,
        approval_id: d.approvalId,
        findings: d.findings,
      };
    },
  }),
  route({
    id: 'postIncidentUpdateFromTemplate',
    idempotent: true,
    method: 'POST',
    url: '/api/v1/incidents/:id/updates/from-template',
    access: 'write',
    tag,
    summary:
      'Post an update from a template (its stage gives the status; the next update defaults to the severity’s cadence). Free text or an edited wording answers 202 when the severity needs approval',
    params: idParams,
    body: templateUpdateInput,
    status: 201,
    response: z.object({ incident: planIncidentOut, findings: z.array(findingOut) }),
    accepted: approvalPendingOut,
    handler: async ({ app, ctx, params, body }) => {
      await findIncident(app, 'incident', params.id);
      const r = await postTemplateUpdate(ctx, params.id, body);
      if (r.approvalId) return new Accepted({ approval_id: r.approvalId, findings: r.findings });
      return {
        incident: presentPlanIncident(r.incident!, await presentContext(app)),
        findings: r.findings,
      };
    },
  }),
  route({
    id: 'publishIncident',
    method: 'POST',
    url: '/api/v1/incidents/:id/publish',
    access: 'write',
    tag,
    summary:
      'Publish a draft incident and notify its subscribers; a public incident stays as it is, a drill is refused (409)',
    params: idParams,
    body: publishIncidentInput,
    response: planIncidentOut,
    handler: async ({ app, ctx, params, body }) => {
      await findIncident(app, 'incident', params.id);
      const i = await publishIncident(ctx, params.id, body);
      return presentPlanIncident(i, await presentContext(app));
    },
  }),
]);
