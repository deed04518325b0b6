/**
 * Bearer-token authentication for /api/v1. A request names its token in
 * `Authorization: Bearer <token>`; the token's scope must cover the route's scope.
 * Runs before the body is parsed, so an anonymous caller learns nothing about the input rules.
 * A use is recorded (last_used_at, at most once a minute per token) through an action.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, requireScope } from '../actions/context.js';
import { markTokenUsed } from '../actions/markTokenUsed.js';
import type { App } from '../app.js';
import { DomainError } from '../domain/errors.js';
import type { TokenScope } from '../domain/types.js';
import { findTokenBySecret } from '../store/queries/tokens.js';

/** Who may call a route: anyone, or a token with at least this scope. */
export type Access = TokenScope | 'public';

/** The caller of a public route. It may read, never write (actions check the scope). */
export const ANONYMOUS: Actor = { id: 'anonymous', scope: 'read' };

const actors = new WeakMap<FastifyRequest, Actor>();

/** The authenticated caller of this request, or ANONYMOUS on a public route. */
export function actorOf(req: FastifyRequest): Actor {
  return actors.get(req) ?? ANONYMOUS;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]{1,500})[ \t]*$/i;

/** An onRequest hook that resolves the bearer token to an Actor and checks the route's scope. */
export function authenticate(app: App, access: Access) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (access === 'public') return;
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!m) {
      reply.header('www-authenticate', 'Bearer realm="flare"');
      throw new DomainError(
        'unauthorized',
        'send an API token in the header "Authorization: Bearer <token>" (create one with `flare token create`)',
      );
    }
    const token = await findTokenBySecret(app.store.db, m[1]);
    if (!token || token.revoked_at) {
      reply.header('www-authenticate', 'Bearer realm="flare", error="invalid_token"');
      throw new DomainError(
        'unauthorized',
        token ? 'this API token has been revoked' : 'this API token is not valid',
      );
    }
    const actor: Actor = { id: `token:${token.name}`, scope: token.scope };
    requireScope(actor, access);
    actors.set(req, actor);
    await markTokenUsed(app.ctx(actor), { id: token.id, lastUsedAt: token.last_used_at }, (err) =>
      req.log.warn({ err }, 'could not record the token use'),
    );
  };
}
