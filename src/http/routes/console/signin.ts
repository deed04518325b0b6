/**
 * Console sign-in and sign-out, and the console's stylesheet and script. A token pasted in
 * the form, or given once as ?token= (the link `npm start` prints), becomes a signed session
 * cookie; the token itself is never stored in the browser and leaves the address bar at once.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../app.js';
import { CONSOLE_ASSETS } from '../../../pages/console/assets.js';
import { signinBody } from '../../../pages/console/signin.js';
import { findTokenBySecret } from '../../../store/queries/tokens.js';
import { formBody, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope } from './scope.js';
import { checkSession, clearSessionCookie, sessionValue, setSessionCookie } from './session.js';

/** Only a console path may follow sign-in (no open redirect). */
export function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/console(\/[A-Za-z0-9/_.-]*)?(\?[A-Za-z0-9=&_.%-]*)?$/.test(v)
    ? v
    : '/console';
}

async function tokenProblem(app: App, token: string): Promise<{ id: string } | string> {
  if (!token.trim()) return 'Paste your API token.';
  if (token.length > 500)
    return 'This is not a Flare token. Check you copied the whole token and nothing else.';
  const t = await findTokenBySecret(app.store.db, token.trim());
  if (!t) return 'This token is not valid. Check you copied the whole token.';
  if (t.revoked_at) return 'This token has been revoked. Ask an admin for a new one.';
  if (t.scope === 'read')
    return 'This token can only read. The console needs a token with write or admin scope.';
  return { id: t.id };
}

async function signIn(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  next: string,
): Promise<FastifyReply> {
  const found = await tokenProblem(c.app, token);
  if (typeof found === 'string') {
    reply.header('referrer-policy', 'no-referrer');
    return c.render(req, reply, 401, {
      title: 'Sign in',
      section: 'signin',
      body: signinBody({ error: found, next: next === '/console' ? null : next }),
    });
  }
  setSessionCookie(req, reply, sessionValue(c.app, found.id, c.app.clock.now()));
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .redirect(next, 303);
}

const LIMIT = { max: 20, timeWindow: 60_000 };

export const consoleSigninRoutes: RouteModule = async (server, app) => {
  await consoleScope(
    server,
    app,
    (scope, c) => {
      for (const [path, asset] of Object.entries(CONSOLE_ASSETS))
        scope.get(path, async (_req, reply) =>
          reply
            .header('content-type', asset.type)
            .header('cache-control', 'public, max-age=31536000, immutable')
            .send(asset.body),
        );

      scope.get<{ Querystring: Record<string, string | undefined> }>(
        '/console/signin',
        { config: { rateLimit: LIMIT } },
        async (req, reply) => {
          const next = safeNext(req.query.next);
          if (typeof req.query.token === 'string')
            return signIn(c, req, reply, req.query.token, next);
          if ((await checkSession(app, req)).ok) return reply.redirect(next, 303);
          return c.render(req, reply, 200, {
            title: 'Sign in',
            section: 'signin',
            body: signinBody({ why: req.query.why, next: next === '/console' ? null : next }),
          });
        },
      );

      scope.post('/console/signin', { config: { rateLimit: LIMIT } }, async (req, reply) => {
        const form = formBody(req.body);
        return signIn(c, req, reply, one(form.token), safeNext(one(form.next)));
      });
    },
    { public: true, rateLimit: true },
  );

  await consoleScope(server, app, (scope) => {
    scope.post('/console/signout', async (req, reply) => {
      clearSessionCookie(req, reply);
      return reply.redirect('/console/signin?why=signed_out', 303);
    });
  });
};
