/** /api/v1/approvals: messages waiting for the approver, and the one-step decision. */
import { z } from 'zod';
import { decideApproval } from '../../../actions/decideApproval.js';
import { decideApprovalInput } from '../../../actions/declareInputs.js';
import { notFound } from '../../../domain/errors.js';
import { getApproval, listApprovals } from '../../../store/queries/approvals.js';
import { apiModule, route } from '../../api.js';
import { approvalOut } from '../../planSchemas.js';
import { idParams } from '../../schemas.js';

const tag = 'approval';

export const approvalRoutes = apiModule([
  route({
    id: 'listApprovals',
    method: 'GET',
    url: '/api/v1/approvals',
    access: 'read',
    tag,
    summary:
      'List approval requests, newest first; `state=open` (the default) lists those still waiting',
    query: z
      .object({
        state: z
          .enum([
            'open',
            'pending',
            'escalated',
            'approved',
            'rejected',
            'auto_published',
            'expired',
            'all',
          ])
          .default('open'),
      })
      .strict(),
    response: z.object({ approvals: z.array(approvalOut) }),
    handler: async ({ app, query }) => ({
      approvals: await listApprovals(app.store.db, query.state),
    }),
  }),
  route({
    id: 'decideApproval',
    method: 'POST',
    url: '/api/v1/approvals/:id/decision',
    access: 'write',
    tag,
    summary:
      'Approve, edit (with the new `body`) or reject a waiting message in one step; approving publishes it',
    params: idParams,
    body: decideApprovalInput,
    response: approvalOut,
    handler: async ({ app, ctx, params, body }) => {
      if (!(await getApproval(app.store.db, params.id))) throw notFound('approval', params.id);
      await decideApproval(ctx, params.id, body);
      const a = await getApproval(app.store.db, params.id);
      if (!a) throw notFound('approval', params.id);
      return a;
    },
  }),
]);
