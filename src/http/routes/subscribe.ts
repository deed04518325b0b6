/**
 * Public subscribe: GET/POST /subscribe (the form) and POST /api/subscribe (JSON). No login;
 * a per-IP rate limit and a honeypot field keep bots out. Answers never tell whether an
 * address was already subscribed.
 */

import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { subscribe } from '../../actions/subscribe.js';
import type { App } from '../../app.js';
import { CHANNELS, channelOptions } from '../../channels/catalog.js';
import { DomainError } from '../../domain/errors.js';
import { statusName } from '../../domain/status.js';
import { html } from '../../lib/html.js';
import { newId } from '../../lib/ids.js';
import { sign } from '../../lib/signing.js';
import { type FormState, subscribePage } from '../../pages/subscribeForm.js';
import { codePage, noticePage } from '../../pages/subscriptionPages.js';
import type { Component, Page } from '../../store/queries/models.js';
import { ANONYMOUS } from '../auth.js';
import {
  idempotencyKey,
  keepAnswer,
  replayAnswer,
  requestHash,
  withClaim,
} from '../idempotency.js';
import { formBody, htmlErrors, many, one, pageData, sendHtml } from '../pageReplies.js';
import type { RouteModule } from '../registry.js';

const TARGET: Record<string, string> = Object.fromEntries(CHANNELS.map((d) => [d.name, d.address]));

export function subscribeLimit(app: App) {
  return {
    max: app.config.subscribeRateLimit,
    timeWindow: 60_000,
    errorResponseBuilder: (_req: unknown, c: { after: string; statusCode: number }) =>
      Object.assign(new Error(`too many requests from your address: try again in ${c.after}`), {
        statusCode: c.statusCode,
      }),
  };
}

export const subscribeRoutes: RouteModule = async (server, app) => {
  await server.register(async (scope: FastifyInstance) => {
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    scope.setErrorHandler(htmlErrors(app));

    scope.get('/subscribe', async (_req, reply) => {
      const { page, components } = await pageData(app);
      return sendHtml(
        reply,
        200,
        subscribePage(
          page,
          components,
          { values: {}, components: null, errors: {} },
          channelOptions(),
        ),
      );
    });

    // both POSTs share one per-IP budget: the limiter is global within this inner scope
    await scope.register(async (posts: FastifyInstance) => {
      await posts.register(rateLimit, { global: true, ...subscribeLimit(app) });
      posts.post('/subscribe', async (req, reply) => {
        const { page, components } = await pageData(app);
        const form = formBody(req.body);
        const state = fromForm(form, components);
        if (one(form.website)) return sendHtml(reply, 200, checkInbox(page, ''));
        if (Object.keys(state.errors).length)
          return sendHtml(reply, 400, subscribePage(page, components, state, channelOptions()));
        try {
          const done = await subscribe(app.ctx(ANONYMOUS), toInput(state));
          return resultPage(reply, app, page, done, state.values);
        } catch (err) {
          if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
          return sendHtml(
            reply,
            400,
            subscribePage(page, components, { ...state, errors: err.fields }, channelOptions()),
          );
        }
      });

      posts.post('/api/subscribe', async (req, reply) => {
        const body =
          req.body && typeof req.body === 'object'
            ? { ...(req.body as Record<string, unknown>) }
            : req.body;
        if (body && typeof body === 'object' && 'website' in body) {
          const trap = (body as Record<string, unknown>).website;
          if (trap !== '' && trap !== null && trap !== undefined)
            return reply.status(202).send({ status: 'pending', id: newId() });
          delete (body as Record<string, unknown>).website;
        }
        // an Idempotency-Key is kept per client address: a retry gets the first answer
        const key = idempotencyKey(req);
        const claim = key
          ? { client: `ip:${req.ip}`, key, requestHash: requestHash(req) }
          : undefined;
        if (claim && (await replayAnswer(app, reply, claim))) return reply;
        const ctx = withClaim(app.ctx(ANONYMOUS), claim);
        const done = await subscribe(ctx, body);
        const answer = {
          status: done.status,
          id: done.id,
          ...(done.secret ? { secret: done.secret } : {}),
        };
        await keepAnswer(ctx, claim, 202, answer);
        return reply.status(202).header('cache-control', 'no-store').send(answer);
      });
    });
  });
};

/** Reads the form into what it shows back on an error, plus errors found before the action. */
function fromForm(form: Record<string, string | string[]>, components: Component[]): FormState {
  const values: Record<string, string> = {};
  for (const k of ['channel', 'email', 'phone', 'url', 'contact_email'])
    values[k] = one(form[k]).trim();
  const leaves = components.filter((c) => !c.group).map((c) => c.id);
  const ticked = many(form.components);
  const errors: Record<string, string> = {};
  if (leaves.length && ticked.length === 0) errors.components = 'needs at least one ticked';
  // everything ticked means everything, including components added later
  const all = leaves.length === 0 || leaves.every((id) => ticked.includes(id));
  return { values, components: all ? null : ticked, errors };
}

function toInput(s: FormState): Record<string, unknown> {
  const channel = s.values.channel || 'email';
  const target = TARGET[channel] ?? 'email';
  const input: Record<string, unknown> = { channel, [target]: s.values[target] || undefined };
  if (target === 'url' && s.values.contact_email) input.contact_email = s.values.contact_email;
  if (s.components) input.components = s.components;
  return input;
}

function checkInbox(page: Page, address: string) {
  return noticePage(page, {
    path: '/subscribe',
    title: 'Check your inbox to confirm',
    tone: 'info',
    body: html`<p>We sent a confirmation link${address ? html` to <strong>${address}</strong>` : ''}. Click it to start getting ${statusName(page.name)} updates.</p>
<p>Nothing there after a few minutes? Check your spam folder, or <a href="/subscribe">try again</a>.</p>`,
    actions: html`<a class="button button-quiet" href="/">Back to the status page</a>`,
  });
}

function resultPage(
  reply: FastifyReply,
  app: App,
  page: Page,
  done: { id: string; channel: string; secret?: string },
  values: Record<string, string>,
) {
  if (done.channel === 'email') return sendHtml(reply, 200, checkInbox(page, values.email));
  if (done.channel === 'sms') {
    const sig = sign(app.secretKey, 'confirm', done.id);
    const action = `/subscriptions/${encodeURIComponent(done.id)}/verify`;
    return sendHtml(reply, 200, codePage(page, action, sig, { phone: values.phone }));
  }
  return sendHtml(
    reply,
    200,
    noticePage(page, {
      path: '/subscribe',
      title: 'Confirm from your endpoint',
      tone: 'info',
      body: html`<p>We sent a confirmation to <strong>${values.url}</strong>. ${done.channel === 'webhook' ? html`Its JSON has a <code>subscription_confirmation.confirm_url</code>: open it (a GET is enough)` : 'Open the confirm link in the message we posted there'} to start getting ${statusName(page.name)} updates. Until then nothing else is sent.</p>
${done.secret && html`<p>Save this signing secret now: it is shown only once. Use it to verify the <code>webhook-signature</code> header (Standard Webhooks); the confirmation is signed too.</p><code class="secret">${done.secret}</code>`}`,
      actions: html`<a class="button button-quiet" href="/">Back to the status page</a>`,
    }),
  );
}
