/**
 * The Enquiry sources screen (admins): GET /console/sources shows every helpdesk, phone and
 * social source with its state; POST /console/sources/inbound/:source saves a webhook secret
 * (setInboundSecret) and POST /console/sources/social/:kind a social account
 * (setSocialAccount), each from a form with a one-time token, so Back-and-resubmit is answered
 * as the first send was. Disconnecting (clearInboundSecret, deleteSocialAccount) asks first:
 * GET …/disconnect is the question, POST …/disconnect with confirm=yes the answer. A problem
 * shows the page again with the card's fields as typed (never a secret) and each field named.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearInboundSecret } from '../../../actions/clearInboundSecret.js';
import { deleteSocialAccount } from '../../../actions/deleteSocialAccount.js';
import { setInboundSecret } from '../../../actions/setInboundSecret.js';
import { setSocialAccount } from '../../../actions/setSocialAccount.js';
import { DomainError, forbidden, notFound } from '../../../domain/errors.js';
import { SOCIAL_KINDS, type SocialKind } from '../../../domain/social.js';
import { INBOUND_SOURCES, inboundSource } from '../../../inbound/registry.js';
import type { InboundSource } from '../../../inbound/types.js';
import type { Flash } from '../../../pages/console/layout.js';
import type { Errors, Values } from '../../../pages/console/parts.js';
import {
  disconnectConfirmBody,
  inboundLabels,
  SOCIAL_LABELS,
  type SocialCard,
  sourcesBody,
  sourcesRefusedBody,
} from '../../../pages/console/sources.js';
import { enquiryTallies } from '../../../store/queries/enquiries.js';
import { listInboundSecrets } from '../../../store/queries/inboundSources.js';
import { getSocialAccountRow, socialAccountView } from '../../../store/queries/social.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { plainErrors } from './plainErrors.js';
import { type Console, consoleScope } from './scope.js';

const TITLES: Record<SocialKind, string> = { mastodon: 'Mastodon', bluesky: 'Bluesky' };
const ONLY_ADMINS = 'only an admin token can connect enquiry sources; sign in with one';
/** the source email enquiries arrive with (the inbound SMTP listener) */
const EMAIL_SOURCE = 'smtp';

const isAdmin = (c: Console, req: FastifyRequest) => c.session(req).actor.scope === 'admin';

function knownInbound(name: string): InboundSource {
  const d = inboundSource(name);
  if (!d) throw notFound('enquiry source', name);
  return d;
}

function knownSocial(kind: string): SocialKind {
  if (!(SOCIAL_KINDS as readonly string[]).includes(kind)) throw notFound('social network', kind);
  return kind as SocialKind;
}

/** The flash after a redirect: ?done=saved|disconnected&source=<a known source>. */
function flashOf(c: Console, req: FastifyRequest): Flash | null {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const name = typeof q.source === 'string' ? q.source : '';
  const d = inboundSource(name);
  const kind = (SOCIAL_KINDS as readonly string[]).includes(name) ? (name as SocialKind) : null;
  const title = d?.title ?? (kind && TITLES[kind]);
  if (!title) return null;
  if (q.done === 'saved')
    return {
      tone: 'ok',
      text: d
        ? `Saved. ${title} is connected: what customers write there now comes into the inbox.`
        : `Saved. Flare reads the ${title} account’s mentions every minute and puts them in the inbox.`,
    };
  if (q.done !== 'disconnected') return null;
  const env = d ? c.app.config.inboundSecrets?.[d.name] : kind && c.app.config.social?.[kind];
  return {
    tone: 'ok',
    text: env
      ? `Disconnected. What was saved here is forgotten; ${title} goes on with the settings from the server’s environment.`
      : d
        ? `Disconnected. ${title}’s webhooks are refused from now on.`
        : `Disconnected. Flare no longer reads the ${title} account’s mentions.`,
  };
}

async function showSources(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form?: { target: string; values: Values; errors: Errors },
): Promise<FastifyReply> {
  if (!isAdmin(c, req))
    return c.render(req, reply, 403, {
      title: 'Enquiry sources',
      section: 'sources',
      body: sourcesRefusedBody(),
    });
  const { app } = c;
  const db = app.store.db;
  const { page } = await pageData(app);
  const saved = new Map((await listInboundSecrets(db)).map((r) => [r.source, r]));
  const tallies = await enquiryTallies(db, [
    ...INBOUND_SOURCES.map((d) => d.name),
    ...SOCIAL_KINDS,
    EMAIL_SOURCE,
  ]);
  const social: SocialCard[] = [];
  for (const kind of SOCIAL_KINDS) {
    const row = await getSocialAccountRow(db, kind);
    const view = socialAccountView(kind, row, app.config.social?.[kind]);
    social.push({ kind, title: TITLES[kind], account: view, stored: !!row, ...tallies[kind] });
  }
  return c.render(req, reply, status, {
    title: 'Enquiry sources',
    section: 'sources',
    flash: status === 200 ? flashOf(c, req) : null,
    body: sourcesBody({
      inbound: INBOUND_SOURCES.map((d) => {
        const row = saved.get(d.name);
        const envSet = !!app.config.inboundSecrets?.[d.name];
        return {
          name: d.name,
          title: d.title,
          env: d.env,
          secretName: d.secretName,
          from: row ? 'api' : envSet ? 'env' : null,
          envSet,
          savedAt: row?.updated_at ?? null,
          ...tallies[d.name],
        };
      }),
      social,
      email: tallies[EMAIL_SOURCE],
      smtp: app.config.inboundSmtp
        ? { host: app.config.inboundSmtp.host, port: app.config.inboundSmtp.port }
        : null,
      publicUrl: page.url || app.config.publicUrl || '',
      zone: page.time_zone,
      csrf: c.session(req).csrf,
      form,
    }),
  });
}

/** Runs a form's action once: a resend of the same form gets the first send's redirect. */
async function once(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  form: Record<string, string | string[]>,
  run: (ctx: ReturnType<Console['app']['ctx']>) => Promise<unknown>,
  done: string,
): Promise<FastifyReply | undefined> {
  const actor = c.session(req).actor;
  const claim = formClaim(form, actor.id);
  if (claim && (await replayAnswer(c.app, reply, claim, { sameRequestOnly: false }))) return reply;
  const ctx = withClaim(c.app.ctx(actor), claim);
  await run(ctx);
  await keepAnswer(ctx, claim, 303, undefined, done);
  return reply.redirect(done, 303);
}

function fieldProblem(err: unknown): DomainError {
  if (err instanceof DomainError && err.code === 'validation_failed') return err;
  throw err;
}

export const consoleSourceRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/sources', (req, reply) => showSources(c, req, reply, 200));

    scope.post<{ Params: { source: string } }>(
      '/console/sources/inbound/:source',
      async (req, reply) => {
        if (!isAdmin(c, req)) throw forbidden(ONLY_ADMINS);
        const d = knownInbound(req.params.source);
        const form = formBody(req.body);
        const done = `/console/sources?done=saved&source=${d.name}`;
        try {
          return await once(
            c,
            req,
            reply,
            form,
            (ctx) => setInboundSecret(ctx, d.name, { secret: one(form.secret) }),
            done,
          );
        } catch (err) {
          const errors = plainErrors(fieldProblem(err), inboundLabels(d.name));
          // the secret is never put back into the page
          return showSources(c, req, reply, 400, { target: d.name, values: {}, errors });
        }
      },
    );

    scope.get<{ Params: { source: string } }>(
      '/console/sources/inbound/:source/disconnect',
      async (req, reply) => {
        if (!isAdmin(c, req)) throw forbidden(ONLY_ADMINS);
        const d = knownInbound(req.params.source);
        const envSet = !!app.config.inboundSecrets?.[d.name];
        return c.render(req, reply, 200, {
          title: `Disconnect ${d.title}?`,
          section: 'sources',
          body: disconnectConfirmBody({
            title: d.title,
            action: `/console/sources/inbound/${d.name}/disconnect`,
            after: envSet
              ? `Flare forgets the secret saved here. The environment variable ${d.env} is also set, so ${d.title} keeps working with that one.`
              : `Flare forgets the secret saved here, and refuses ${d.title}’s webhooks from then on (its URL answers “not found”). To connect it again, save a secret.`,
            csrf: c.session(req).csrf,
          }),
        });
      },
    );

    scope.post<{ Params: { source: string } }>(
      '/console/sources/inbound/:source/disconnect',
      async (req, reply) => {
        if (!isAdmin(c, req)) throw forbidden(ONLY_ADMINS);
        const d = knownInbound(req.params.source);
        if (one(formBody(req.body).confirm) !== 'yes')
          return reply.redirect(`/console/sources/inbound/${d.name}/disconnect`, 303);
        await clearInboundSecret(app.ctx(c.session(req).actor), d.name).catch((err) => {
          // disconnected already (a second click, another admin): nothing left to do
          if (!(err instanceof DomainError) || err.code !== 'not_found') throw err;
        });
        return reply.redirect(`/console/sources?done=disconnected&source=${d.name}`, 303);
      },
    );

    scope.post<{ Params: { kind: string } }>(
      '/console/sources/social/:kind',
      async (req, reply) => {
        if (!isAdmin(c, req)) throw forbidden(ONLY_ADMINS);
        const kind = knownSocial(req.params.kind);
        const form = formBody(req.body);
        const values: Values = {
          url: one(form.url).trim().slice(0, 4000),
          handle: one(form.handle).trim().slice(0, 1000),
          enabled: one(form.enabled) === '1' ? '1' : '',
          post_updates: one(form.post_updates) === '1' ? '1' : '',
        };
        const secretField = kind === 'mastodon' ? 'access_token' : 'app_password';
        const secret = one(form[secretField]).trim();
        const input = {
          ...(values.url ? { url: values.url } : {}),
          ...(values.handle ? { handle: values.handle } : {}),
          ...(secret ? { [secretField]: secret } : {}),
          // a form without the box (an old page) leaves the setting as it is
          ...(one(form.enabled_shown) === '1'
            ? { enabled: values.enabled === '1', post_updates: values.post_updates === '1' }
            : {}),
        };
        try {
          return await once(
            c,
            req,
            reply,
            form,
            (ctx) => setSocialAccount(ctx, kind, input, app.config.social?.[kind]),
            `/console/sources?done=saved&source=${kind}`,
          );
        } catch (err) {
          const errors = plainErrors(fieldProblem(err), SOCIAL_LABELS[kind]);
          return showSources(c, req, reply, 400, { target: kind, values, errors });
        }
      },
    );

    scope.get<{ Params: { kind: string } }>(
      '/console/sources/social/:kind/disconnect',
      async (req, reply) => {
        if (!isAdmin(c, req)) throw forbidden(ONLY_ADMINS);
        const kind = knownSocial(req.params.kind);
        const env = !!app.config.social?.[kind];
        return c.render(req, reply, 200, {
          title: `Disconnect ${TITLES[kind]}?`,
          section: 'sources',
          body: disconnectConfirmBody({
            title: TITLES[kind],
            action: `/console/sources/social/${kind}/disconnect`,
            after: env
              ? `Flare forgets the account, token and reading position saved here. The server’s environment also names a ${TITLES[kind]} account, so Flare goes on reading that one, from a fresh start.`
              : `Flare forgets the account, token and reading position saved here, and stops reading its mentions. Enquiries already taken in stay in the inbox. You may also revoke the token on ${TITLES[kind]} itself.`,
            csrf: c.session(req).csrf,
          }),
        });
      },
    );

    scope.post<{ Params: { kind: string } }>(
      '/console/sources/social/:kind/disconnect',
      async (req, reply) => {
        if (!isAdmin(c, req)) throw forbidden(ONLY_ADMINS);
        const kind = knownSocial(req.params.kind);
        if (one(formBody(req.body).confirm) !== 'yes')
          return reply.redirect(`/console/sources/social/${kind}/disconnect`, 303);
        await deleteSocialAccount(app.ctx(c.session(req).actor), kind).catch((err) => {
          if (!(err instanceof DomainError) || err.code !== 'not_found') throw err;
        });
        return reply.redirect(`/console/sources?done=disconnected&source=${kind}`, 303);
      },
    );
  });
