/**
 * The Tokens screens: GET /console/tokens (the list, newest first, and the create form), POST
 * /console/tokens (creates one and shows its secret in this response only: never in a URL, a
 * cookie or a kept answer), and revoking behind a confirmation page. The create form carries a
 * one-time token, so Back-and-resubmit leads to the list instead of making a second token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createToken } from '../../../actions/createToken.js';
import { revokeToken } from '../../../actions/revokeToken.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import type { Flash } from '../../../pages/console/layout.js';
import type { Errors, Values } from '../../../pages/console/parts.js';
import { revokeConfirmBody, tokenCreatedBody, tokensBody } from '../../../pages/console/tokens.js';
import { getToken, listTokens } from '../../../store/queries/tokens.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { plainErrors } from './plainErrors.js';
import { type Console, consoleScope } from './scope.js';
import { clearSessionCookie } from './session.js';

const FLASH: Record<string, Flash> = {
  revoked: { tone: 'ok', text: 'Token revoked. It no longer works anywhere.' },
  resent: {
    tone: 'warn',
    text: 'That form was already sent, so no second token was made. Its secret was shown once, after the first send; if it was not copied, revoke that token and create a new one.',
  },
};

const LABELS: Record<string, string> = { name: 'Name', scope: 'What it may do' };

const ONLY_ADMINS = 'only an admin token can revoke tokens; sign in with one';

const isAdmin = (c: Console, req: FastifyRequest) => c.session(req).actor.scope === 'admin';

async function showTokens(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form: { values: Values; errors: Errors } = { values: { scope: 'read' }, errors: {} },
): Promise<FastifyReply> {
  const canEdit = isAdmin(c, req);
  const tokens = canEdit ? await listTokens(c.app.store.db) : [];
  tokens.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
  const { page } = await pageData(c.app);
  const done = (req.query as Record<string, unknown> | undefined)?.done;
  return c.render(req, reply, status, {
    title: 'API tokens',
    section: 'tokens',
    flash: status === 200 && typeof done === 'string' ? (FLASH[done] ?? null) : null,
    body: tokensBody({
      tokens,
      currentId: c.session(req).tokenId,
      zone: page.time_zone,
      csrf: c.session(req).csrf,
      canEdit,
      form,
    }),
  });
}

export const consoleTokenRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/tokens', (req, reply) => showTokens(c, req, reply, 200));

    scope.post('/console/tokens', async (req, reply) => {
      const form = formBody(req.body);
      const values = {
        name: one(form.name).trim().slice(0, 1000),
        scope: one(form.scope),
      };
      const actor = c.session(req).actor;
      // a second send of this form (Back, reload) gets the first one's answer: the list
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      const ctx = withClaim(app.ctx(actor), claim);
      let created: Awaited<ReturnType<typeof createToken>>;
      try {
        created = await createToken(ctx, values);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        return showTokens(c, req, reply, 400, { values, errors: plainErrors(err, LABELS) });
      }
      // the kept answer is the list, never the secret
      await keepAnswer(ctx, claim, 303, undefined, '/console/tokens?done=resent');
      const { page } = await pageData(app);
      return c.render(req, reply, 201, {
        title: 'Token created',
        section: 'tokens',
        body: tokenCreatedBody({ ...created, url: page.url }),
      });
    });

    scope.get<{ Params: { id: string } }>('/console/tokens/:id/revoke', async (req, reply) => {
      if (!isAdmin(c, req)) throw new DomainError('forbidden', ONLY_ADMINS);
      const token = await getToken(app.store.db, req.params.id);
      if (!token) throw notFound('token', req.params.id);
      if (token.revoked_at) return reply.redirect('/console/tokens?done=revoked', 303);
      const admins = (await listTokens(app.store.db)).filter(
        (t) => t.scope === 'admin' && !t.revoked_at,
      );
      return c.render(req, reply, 200, {
        title: `Revoke ${token.name}?`,
        section: 'tokens',
        body: revokeConfirmBody({
          token,
          current: token.id === c.session(req).tokenId,
          lastAdmin: token.scope === 'admin' && admins.length === 1,
          csrf: c.session(req).csrf,
        }),
      });
    });

    scope.post<{ Params: { id: string } }>('/console/tokens/:id/revoke', async (req, reply) => {
      if (!isAdmin(c, req)) throw new DomainError('forbidden', ONLY_ADMINS);
      const token = await getToken(app.store.db, req.params.id);
      if (!token) throw notFound('token', req.params.id);
      // revoked already: leave its first revocation time as it is
      if (!token.revoked_at) await revokeToken(app.ctx(c.session(req).actor), token.id);
      if (token.id === c.session(req).tokenId) {
        clearSessionCookie(req, reply);
        return reply.redirect('/console/signin?why=revoked', 303);
      }
      return reply.redirect('/console/tokens?done=revoked', 303);
    });
  });
