/**
 * Private audience pages: `/a/{key}` shows an audience's own status page (the components its
 * accounts use, the public incidents touching them, and the updates meant for it), with its
 * history, incident pages and Statuspage JSON under the same prefix. Readers sign in with a
 * one-time link emailed to a contact address in the audience; the session lives in a cookie
 * scoped to `/a/{key}` and is checked against the audience's rule on every request. Every
 * answer here is private: never cached by others, never indexed.
 */
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../actions/context.js';
import { endAudienceSession } from '../../actions/endAudienceSession.js';
import { AUDIENCE_SESSION_HOURS, redeemAudienceLink } from '../../actions/redeemAudienceLink.js';
import { requestAudienceLink } from '../../actions/requestAudienceLink.js';
import type { App } from '../../app.js';
import type { AudienceDefinition } from '../../domain/audience.js';
import { DomainError } from '../../domain/errors.js';
import { negotiateLocale, offeredLocales } from '../../domain/locale.js';
import { html } from '../../lib/html.js';
import {
  audienceLinkPage,
  audienceLinkSentPage,
  audienceSigninPage,
  privateView,
} from '../../pages/audienceSignin.js';
import { siteFiles } from '../../pages/site.js';
import { noticePage } from '../../pages/subscriptionPages.js';
import { findAudienceReader, loadAudienceSnapshot } from '../../store/queries/audiencePage.js';
import { getAudience, getKeyRule } from '../../store/queries/audiences.js';
import { hashToken } from '../../store/queries/tokens.js';
import { formBody, one, pageData, sendHtml } from '../pageReplies.js';
import type { RouteModule } from '../registry.js';
import { crossOrigin, readCookie } from './console/session.js';
import { subscribeLimit } from './subscribe.js';

export const AUDIENCE_COOKIE = 'flare_audience';

/** The files of the public site a private page serves too, under its own prefix. */
const SERVED = (path: string) =>
  path === '/' ||
  path === '/history' ||
  path.startsWith('/history/') ||
  path.startsWith('/incidents/') ||
  path.startsWith('/api/v2/');

const READER: Actor = { id: 'audience-reader', scope: 'read' };

function cookie(req: FastifyRequest, key: string, value: string, maxAge: number): string {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${AUDIENCE_COOKIE}=${value}; Path=/a/${key}; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

async function privatePage(app: App, key: string): Promise<AudienceDefinition | undefined> {
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(key)) return undefined;
  const a = await getAudience(app.store.db, key);
  return a?.private_page ? a : undefined;
}

async function notFound(app: App, reply: FastifyReply): Promise<FastifyReply> {
  const { page } = await pageData(app);
  return sendHtml(
    reply,
    404,
    noticePage(page, {
      path: '/a',
      title: 'Page not found',
      tone: 'warn',
      body: html`<p>There is no private status page at this address. Check the link you were given.</p>`,
      actions: html`<a class="button button-quiet" href="/">Public status page</a>`,
    }),
  );
}

export const audiencePageRoutes: RouteModule = async (server, app) => {
  await server.register(async (scope: FastifyInstance) => {
    await scope.register(formbody, { bodyLimit: 16 * 1024 });
    scope.addHook('onSend', async (_req, reply, payload) => {
      reply.header('cache-control', 'private, no-store');
      reply.header('x-robots-tag', 'noindex');
      return payload;
    });

    /** The page itself and everything under it but sign-in and sign-out. */
    const serve = async (
      req: FastifyRequest<{ Params: { key: string; '*'?: string } }>,
      reply: FastifyReply,
    ) => {
      const { key } = req.params;
      const rest = req.params['*'] ?? '';
      const path = `/${rest}`.replace(/\/+$/, '') || '/';
      const audience = await privatePage(app, key);
      if (!audience || !SERVED(path)) return notFound(app, reply);
      const isApi = path.startsWith('/api/');
      const token = readCookie(req, AUDIENCE_COOKIE);
      const now = app.clock.now();
      const keyRule = await getKeyRule(app.store.db);
      const reader = token
        ? await findAudienceReader(
            app.store.db,
            audience,
            keyRule,
            hashToken(token),
            now.toISOString(),
          )
        : undefined;
      if (!reader) {
        if (isApi)
          return reply.status(401).send({
            error: {
              code: 'unauthorized',
              message: `sign in at /a/${key}/signin to read this private page`,
            },
          });
        return reply.redirect(`/a/${key}/signin`, 302);
      }
      const snap = await loadAudienceSnapshot(
        app.store.db,
        now,
        app.site.defaultPage(),
        audience,
        keyRule,
      );
      const file = siteFiles(snap).find((f) => f.path === path);
      if (!file) return notFound(app, reply);
      // the reader's language, as on the public page: ?locale= wins
      const asked = (req.query as { locale?: unknown }).locale;
      const accept = req.headers['accept-language'];
      const locale =
        file.localized && (typeof asked === 'string' || accept)
          ? negotiateLocale(
              offeredLocales(snap.page.languages),
              accept,
              typeof asked === 'string' ? asked : undefined,
            )
          : undefined;
      const body = file.render(snap, locale);
      return reply.status(200).header('content-type', file.type).send(body);
    };
    scope.get('/a/:key', serve);
    scope.get('/a/:key/*', serve);

    scope.get<{ Params: { key: string }; Querystring: { why?: string } }>(
      '/a/:key/signin',
      async (req, reply) => {
        const audience = await privatePage(app, req.params.key);
        if (!audience) return notFound(app, reply);
        const { page } = await pageData(app);
        const view = privateView(audience.key, audience.name);
        return sendHtml(reply, 200, audienceSigninPage(page, view, { why: req.query.why }));
      },
    );

    scope.get<{ Params: { key: string; token: string } }>(
      '/a/:key/signin/:token',
      async (req, reply) => {
        const audience = await privatePage(app, req.params.key);
        if (!audience) return notFound(app, reply);
        const { page } = await pageData(app);
        const view = privateView(audience.key, audience.name);
        // a GET never signs in: mail scanners open links too
        reply.header('referrer-policy', 'no-referrer');
        return sendHtml(
          reply,
          200,
          audienceLinkPage(
            page,
            view,
            `/a/${audience.key}/signin/${encodeURIComponent(req.params.token)}`,
          ),
        );
      },
    );

    // every POST shares one per-IP budget (the same as public subscribe's)
    await scope.register(async (posts: FastifyInstance) => {
      await posts.register(rateLimit, { global: true, ...subscribeLimit(app) });

      posts.post<{ Params: { key: string } }>('/a/:key/signin', async (req, reply) => {
        const audience = await privatePage(app, req.params.key);
        if (!audience) return notFound(app, reply);
        const { page } = await pageData(app);
        const view = privateView(audience.key, audience.name);
        const email = one(formBody(req.body).email);
        if (crossOrigin(req))
          return sendHtml(
            reply,
            403,
            audienceSigninPage(page, view, { email, error: 'must be sent from this page' }),
          );
        try {
          await requestAudienceLink(app.ctx(READER), audience.key, { email });
        } catch (err) {
          if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
          return sendHtml(
            reply,
            400,
            audienceSigninPage(page, view, { email, error: err.fields.email ?? err.message }),
          );
        }
        return sendHtml(reply, 200, audienceLinkSentPage(page, view));
      });

      posts.post<{ Params: { key: string; token: string } }>(
        '/a/:key/signin/:token',
        async (req, reply) => {
          const audience = await privatePage(app, req.params.key);
          if (!audience) return notFound(app, reply);
          const done = crossOrigin(req)
            ? null
            : await redeemAudienceLink(app.ctx(READER), audience.key, req.params.token);
          reply.header('referrer-policy', 'no-referrer');
          if (!done) return reply.redirect(`/a/${audience.key}/signin?why=link`, 303);
          reply.header(
            'set-cookie',
            cookie(req, audience.key, done.token, AUDIENCE_SESSION_HOURS * 3600),
          );
          return reply.redirect(`/a/${audience.key}`, 303);
        },
      );

      posts.post<{ Params: { key: string } }>('/a/:key/signout', async (req, reply) => {
        const audience = await privatePage(app, req.params.key);
        if (!audience) return notFound(app, reply);
        const token = readCookie(req, AUDIENCE_COOKIE);
        if (token && !crossOrigin(req))
          await endAudienceSession(app.ctx(READER), audience.key, token);
        reply.header('set-cookie', cookie(req, audience.key, '', 0));
        return reply.redirect(`/a/${audience.key}/signin?why=signed_out`, 303);
      });
    });
  });
};
