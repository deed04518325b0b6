/**
 * Console sign-in and sign-out, and the console's stylesheet and script. A token pasted in
 * the form, or a one-time sign-in code (the link `npm start` and `flare signin-code` print:
 * the GET only shows a button, the POST spends the code), becomes a server-side session with
 * a signed cookie; the token itself is never stored in the browser nor put in a URL. Sign-in
 * refuses posts from other sites; sign-out ends the session on the server.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redeemSigninCode } from '../../../actions/redeemSigninCode.js';
import type { App } from '../../../app.js';
import { CONSOLE_ASSETS } from '../../../pages/console/assets.js';
import { signinBody } from '../../../pages/console/signin.js';
import { findTokenBySecret, getToken } from '../../../store/queries/tokens.js';
import { formBody, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope } from './scope.js';
import {
  checkSession,
  clearSessionCookie,
  closeSession,
  crossOrigin,
  openSession,
  sessionOf,
} from './session.js';

/** Only a console path may follow sign-in (no open redirect). */
export function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/console(\/[A-Za-z0-9/_.-]*)?(\?[A-Za-z0-9=&_.%-]*)?$/.test(v)
    ? v
    : '/console';
}

const CODE_PROBLEM =
  'This sign-in code is not valid: it works once, for 10 minutes. Make a new one with `npx flare signin-code`, or paste an API token.';

async function codeProblem(app: App, code: string): Promise<{ id: string } | string> {
  const tokenId = await redeemSigninCode(app.ctx({ id: 'console', scope: 'read' }), code.trim());
  const t = tokenId ? await getToken(app.store.db, tokenId) : undefined;
  if (!t) return CODE_PROBLEM;
  if (t.revoked_at)
    return 'The token behind this code has been revoked. Ask an admin for a new one.';
  if (t.scope === 'read')
    return 'This token can only read. The console needs a token with write or admin scope.';
  return { id: t.id };
}

async function tokenProblem(app: App, token: string): Promise<{ id: string } | string> {
  if (!token.trim()) return 'Paste your API token.';
  if (token.trim().startsWith('fsc_')) return codeProblem(app, token);
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
  proof: { token?: string; code?: string },
  next: string,
): Promise<FastifyReply> {
  const found = proof.code
    ? await codeProblem(c.app, proof.code)
    : await tokenProblem(c.app, proof.token ?? '');
  if (typeof found === 'string') {
    reply.header('referrer-policy', 'no-referrer');
    return c.render(req, reply, 401, {
      title: 'Sign in',
      section: 'signin',
      body: signinBody({ error: found, next: next === '/console' ? null : next }),
    });
  }
  await openSession(c.app, req, reply, found.id);
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
          // a GET never signs in (link scanners and browser history must not spend a code);
          // a token in a URL is refused outright, it would be left in logs and history
          const code = typeof req.query.code === 'string' ? req.query.code.slice(0, 100) : null;
          if (!code && (await checkSession(app, req)).ok) return reply.redirect(next, 303);
          return c.render(req, reply, typeof req.query.token === 'string' ? 400 : 200, {
            title: 'Sign in',
            section: 'signin',
            body: signinBody({
              why: req.query.why,
              next: next === '/console' ? null : next,
              code,
              error:
                typeof req.query.token === 'string'
                  ? 'Tokens are not accepted in links. Paste the token below, or use a sign-in code link (`npx flare signin-code`).'
                  : null,
            }),
          });
        },
      );

      scope.post('/console/signin', { config: { rateLimit: LIMIT } }, async (req, reply) => {
        // no session yet, so no CSRF field: the browser's Origin / Sec-Fetch-Site decide
        if (crossOrigin(req))
          return c.render(req, reply, 403, {
            title: 'Sign in',
            section: 'signin',
            body: signinBody({ error: "Sign in from this site's own sign-in page." }),
          });
        const form = formBody(req.body);
        return signIn(
          c,
          req,
          reply,
          { token: one(form.token), code: one(form.code) },
          safeNext(one(form.next)),
        );
      });
    },
    { public: true, rateLimit: true },
  );

  await consoleScope(server, app, (scope) => {
    scope.post('/console/signout', async (req, reply) => {
      await closeSession(app, sessionOf(req));
      clearSessionCookie(req, reply);
      return reply.redirect('/console/signin?why=signed_out', 303);
    });
  });
};
