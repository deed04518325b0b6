/**
 * The signed subscription links: confirm (email link, SMS code), manage, unsubscribe. A GET
 * never unsubscribes (mail scanners follow links); the POST does, and is also the RFC 8058
 * one-click target. A bad signature is a 403 page, an unknown id a 404 page.
 */

import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { CONFIRM_HOURS, confirmSubscriber, EXPIRED } from '../../actions/confirmSubscriber.js';
import { setSubscriberPreferences } from '../../actions/setSubscriberPreferences.js';
import { refuseTeamNotices, requireSignature } from '../../actions/shared/subscriberAccess.js';
import { unsubscribe } from '../../actions/unsubscribe.js';
import { updateSubscription } from '../../actions/updateSubscription.js';
import type { App } from '../../app.js';
import { channelLabels } from '../../channels/catalog.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { statusName } from '../../domain/status.js';
import { html } from '../../lib/html.js';
import { subscriberLinks } from '../../lib/signing.js';
import {
  codePage,
  managePage,
  noticePage,
  unsubscribeAskPage,
} from '../../pages/subscriptionPages.js';
import type { Page } from '../../store/queries/models.js';
import { getSubscriber, type Subscriber } from '../../store/queries/subscribers.js';
import { ANONYMOUS } from '../auth.js';
import { formBody, htmlErrors, many, one, pageData, sendHtml } from '../pageReplies.js';
import type { RouteModule } from '../registry.js';
import { subscribeLimit } from './subscribe.js';

interface Req {
  Params: { id: string };
  Querystring: { sig?: string; saved?: string };
}

/** Relative signed links, for pages on this site. */
const links = (app: App, id: string) => subscriberLinks(app.secretKey, '', id);

export const subscriptionRoutes: RouteModule = async (server, app) => {
  await server.register(async (scope: FastifyInstance) => {
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    await scope.register(rateLimit, { global: false });
    // one-click unsubscribe may come as multipart or plain text: the body is not needed
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_r, _b, done) =>
      done(null, {}),
    );
    scope.setErrorHandler(htmlErrors(app));
    const ctx = () => app.ctx(ANONYMOUS);

    /** The subscriber behind a signed link, or a 403 / 404. */
    async function signed(purpose: 'manage' | 'unsubscribe', id: string, sig: unknown) {
      requireSignature(ctx(), purpose, id, sig);
      const sub = await getSubscriber(app.store.db, id);
      if (!sub) throw notFound('subscriber', id);
      refuseTeamNotices(sub);
      return sub;
    }

    scope.get<Req>('/subscriptions/:id/confirm', async (req, reply) => {
      const { page } = await pageData(app);
      try {
        const { subscriber } = await confirmSubscriber(ctx(), req.params.id, {
          sig: req.query.sig,
        });
        return sendHtml(reply, 200, confirmedPage(app, page, subscriber));
      } catch (err) {
        if (!(err instanceof DomainError) || err.fields.link !== EXPIRED) throw err;
        return sendHtml(reply, 410, expiredPage(page));
      }
    });

    scope.post<Req>(
      '/subscriptions/:id/verify',
      { config: { rateLimit: subscribeLimit(app) } },
      async (req, reply) => {
        const { page } = await pageData(app);
        const form = formBody(req.body);
        const sig = one(form.sig) || req.query.sig;
        try {
          const { subscriber } = await confirmSubscriber(ctx(), req.params.id, {
            sig,
            code: one(form.code),
          });
          return sendHtml(reply, 200, confirmedPage(app, page, subscriber));
        } catch (err) {
          if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
          const action = `/subscriptions/${encodeURIComponent(req.params.id)}/verify`;
          return sendHtml(reply, 400, codePage(page, action, String(sig), { errors: err.fields }));
        }
      },
    );

    scope.get<Req>('/subscriptions/:id', async (req, reply) => {
      const sub = await signed('manage', req.params.id, req.query.sig);
      const { page, components } = await pageData(app);
      const body = managePage(page, components, sub, manageLinks(app, sub.id), {
        channelLabel: channelLabels()[sub.channel],
        saved: req.query.saved === '1',
      });
      return sendHtml(reply, 200, body);
    });

    scope.post<Req>('/subscriptions/:id', async (req, reply) => {
      const { id } = req.params;
      await signed('manage', id, req.query.sig);
      const { page, components } = await pageData(app);
      const leaves = components.filter((c) => !c.group).map((c) => c.id);
      const ticked = many(formBody(req.body).components);
      const all = leaves.length > 0 && leaves.every((c) => ticked.includes(c));
      try {
        await updateSubscription(
          ctx(),
          id,
          req.query.sig,
          all ? { all: true } : { components: ticked },
        );
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        const sub = (await getSubscriber(app.store.db, id))!;
        const body = managePage(page, components, sub, manageLinks(app, id), {
          channelLabel: channelLabels()[sub.channel],
          errors: err.fields,
          chosen: ticked,
        });
        return sendHtml(reply, 400, body);
      }
      // post/redirect/get, so a reload does not post again
      return reply.redirect(`${links(app, id).manage}&saved=1`, 303);
    });

    // digest, quiet hours and time zone (issue #12): a form of its own beside the components
    scope.post<Req>('/subscriptions/:id/preferences', async (req, reply) => {
      const { id } = req.params;
      await signed('manage', id, req.query.sig);
      const form = formBody(req.body);
      const typed = {
        digest: one(form.digest) === '1',
        quiet_hours: one(form.quiet_hours).trim(),
        time_zone: one(form.time_zone).trim(),
      };
      try {
        await setSubscriberPreferences(
          ctx(),
          id,
          {
            quiet_hours: typed.quiet_hours || null,
            time_zone: typed.time_zone || null,
            // only email subscriptions offer the digest
            ...((await getSubscriber(app.store.db, id))?.channel === 'email'
              ? { digest: typed.digest }
              : {}),
          },
          { sig: req.query.sig },
        );
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        const sub = (await getSubscriber(app.store.db, id))!;
        const { page, components } = await pageData(app);
        const body = managePage(page, components, sub, manageLinks(app, id), {
          channelLabel: channelLabels()[sub.channel],
          prefErrors: err.fields,
          prefs: typed,
        });
        return sendHtml(reply, 400, body);
      }
      return reply.redirect(`${links(app, id).manage}&saved=1`, 303);
    });

    scope.get<Req>('/subscriptions/:id/unsubscribe', async (req, reply) => {
      const sub = await signed('unsubscribe', req.params.id, req.query.sig);
      const { page } = await pageData(app);
      const l = links(app, sub.id);
      if (sub.state === 'unsubscribed')
        return sendHtml(reply, 200, unsubscribedPage(page, l.manage));
      return sendHtml(reply, 200, unsubscribeAskPage(page, sub, l.unsubscribe, l.manage));
    });

    scope.post<Req>('/subscriptions/:id/unsubscribe', async (req, reply) => {
      const { subscriber } = await unsubscribe(ctx(), req.params.id, req.query.sig);
      const { page } = await pageData(app);
      return sendHtml(reply, 200, unsubscribedPage(page, links(app, subscriber.id).manage));
    });
  });
};

function manageLinks(app: App, id: string) {
  const l = links(app, id);
  const [path, query] = l.manage.split('?');
  return {
    save: l.manage,
    unsubscribe: l.unsubscribe,
    preferences: `${path}/preferences?${query}`,
  };
}

function confirmedPage(app: App, page: Page, sub: Subscriber): string {
  const manage = links(app, sub.id).manage;
  if (sub.state !== 'active') {
    return noticePage(page, {
      path: '/subscriptions',
      title: 'This subscription has ended',
      tone: 'warn',
      body: html`<p>It was cancelled after this link was sent. You can subscribe again at any time.</p>`,
      actions: html`<a class="button" href="/subscribe">Subscribe again</a>`,
    });
  }
  return noticePage(page, {
    path: '/subscriptions',
    title: "You're subscribed",
    tone: 'ok',
    body: html`<p><strong>${sub.address}</strong> will get ${statusName(page.name)} updates.</p>
<p>You can choose which components you hear about, or unsubscribe, at any time.</p>`,
    actions: html`<a class="button button-quiet" href="/">Status page</a><a class="button" href="${manage}">Manage subscription</a>`,
  });
}

function expiredPage(page: Page): string {
  return noticePage(page, {
    path: '/subscriptions',
    title: 'This confirmation link has expired',
    tone: 'warn',
    body: html`<p>Confirmation links work for ${CONFIRM_HOURS} hours. Nothing was changed: subscribe again and we will send a new one.</p>`,
    actions: html`<a class="button" href="/subscribe">Subscribe again</a>`,
  });
}

function unsubscribedPage(page: Page, manage: string): string {
  return noticePage(page, {
    path: '/subscriptions',
    title: "You're unsubscribed",
    tone: 'ok',
    body: html`<p>You won't get any more ${statusName(page.name)} updates. Changed your mind?</p>`,
    actions: html`<a class="button button-quiet" href="${manage}">Manage subscription</a><a class="button" href="/subscribe">Subscribe again</a>`,
  });
}
