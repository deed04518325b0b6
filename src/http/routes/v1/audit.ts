/** /api/v1/audit: who changed what and when, newest first. */
import { z } from 'zod';
import { listAudit } from '../../../store/queries/audit.js';
import { apiModule, route } from '../../api.js';
import { auditOut, auditQuery } from '../../schemas.js';

export const auditRoutes = apiModule([
  route({
    id: 'listAudit',
    method: 'GET',
    url: '/api/v1/audit',
    access: 'admin', // the trail holds subscribers' addresses and webhook URLs: admins only
    tag: 'audit',
    summary:
      'List audit entries, newest first; page back with `before` set to the previous `next_before`',
    query: auditQuery,
    response: z.object({ entries: z.array(auditOut), next_before: z.string().nullable() }),
    handler: async ({ app, query }) => {
      const entries = await listAudit(app.store.db, {
        entityId: query.entity_id,
        action: query.action,
        limit: query.limit,
        before: query.before,
      });
      const next_before = entries.length === query.limit ? entries[entries.length - 1].id : null;
      return { entries, next_before };
    },
  }),
]);
