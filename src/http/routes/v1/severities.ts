/** /api/v1/severities: SEV1–SEV3 by default, each with its roles, audiences, approval and cadence. */
import { z } from 'zod';
import { deleteSeverity } from '../../../actions/deleteSeverity.js';
import { severityInput, severitySettingsInput } from '../../../actions/planInputs.js';
import { upsertSeverity } from '../../../actions/upsertSeverity.js';
import { listSeverities } from '../../../store/queries/team.js';
import { apiModule, route } from '../../api.js';

export const severityOut = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  position: z.number().int(),
  settings: severitySettingsInput,
  updated_at: z.iso.datetime({ offset: true }),
});

const keyParams = z.object({ key: z.string().min(1).max(100) }).strict();
const tag = 'severity';

export const severityRoutes = apiModule([
  route({
    id: 'listSeverities',
    method: 'GET',
    url: '/api/v1/severities',
    access: 'read',
    tag,
    summary: 'List the severities, most severe first, with their settings',
    response: z.object({ severities: z.array(severityOut) }),
    handler: async ({ app }) => ({ severities: await listSeverities(app.store.db) }),
  }),
  route({
    id: 'upsertSeverity',
    method: 'PUT',
    url: '/api/v1/severities/:key',
    access: 'admin',
    tag,
    summary:
      'Create or replace a severity: meaning, roles called in, audiences and channels, approval, cadence',
    params: keyParams,
    body: severityInput,
    response: severityOut,
    handler: async ({ ctx, params, body }) => upsertSeverity(ctx, params.key, body),
  }),
  route({
    id: 'deleteSeverity',
    method: 'DELETE',
    url: '/api/v1/severities/:key',
    access: 'admin',
    tag,
    summary: 'Delete a severity; refused (409) while an unresolved incident has it',
    params: keyParams,
    status: 204,
    handler: async ({ ctx, params }) => deleteSeverity(ctx, params.key),
  }),
]);
