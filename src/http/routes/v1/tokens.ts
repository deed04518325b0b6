/** /api/v1/tokens: API tokens. A token's secret is shown once, when it is created. */
import { z } from 'zod';
import { createToken } from '../../../actions/createToken.js';
import { createTokenInput } from '../../../actions/inputs.js';
import { revokeToken } from '../../../actions/revokeToken.js';
import { listTokens } from '../../../store/queries/tokens.js';
import { apiModule, route } from '../../api.js';
import { presentToken } from '../../present.js';
import { idParams, tokenOut } from '../../schemas.js';

const tag = 'token';

export const tokenRoutes = apiModule([
  route({
    id: 'listTokens',
    method: 'GET',
    url: '/api/v1/tokens',
    access: 'admin',
    tag,
    summary: 'List API tokens (never their secrets)',
    response: z.object({ tokens: z.array(tokenOut) }),
    handler: async ({ app }) => ({
      tokens: (await listTokens(app.store.db)).map(presentToken),
    }),
  }),
  route({
    id: 'createToken',
    method: 'POST',
    url: '/api/v1/tokens',
    access: 'admin',
    tag,
    summary: 'Create an API token; the response holds its secret, shown this once only',
    body: createTokenInput,
    status: 201,
    response: tokenOut.extend({ secret: z.string() }),
    handler: async ({ ctx, body }) => {
      const { token, secret } = await createToken(ctx, body);
      return { ...presentToken(token), secret };
    },
  }),
  route({
    id: 'revokeToken',
    method: 'DELETE',
    url: '/api/v1/tokens/:id',
    access: 'admin',
    tag,
    summary: 'Revoke an API token; it stops working at once',
    params: idParams,
    status: 204,
    handler: async ({ ctx, params }) => revokeToken(ctx, params.id),
  }),
]);
