/** GET /console/subscribers (counts, newest, search) and delete. */

import { deleteSubscriber } from '../../../actions/deleteSubscriber.js';
import { channelLabels } from '../../../channels/catalog.js';
import { pageZone } from '../../../lib/format.js';
import { subscribersBody } from '../../../pages/console/subscribers.js';
import { findSubscribers, subscriberCounts } from '../../../store/queries/consoleReads.js';
import { formBody, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { consoleScope, flashOf } from './scope.js';

export const consolePeopleRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<{ Querystring: { q?: string } }>('/console/subscribers', async (req, reply) => {
      const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
      const [{ page }, counts, list] = await Promise.all([
        pageData(app),
        subscriberCounts(app.store.db),
        findSubscribers(app.store.db, q),
      ]);
      return c.render(req, reply, 200, {
        title: 'Subscribers',
        section: 'subscribers',
        flash: flashOf(req),
        body: subscribersBody({
          channelLabels: channelLabels(),
          counts,
          list,
          q,
          zone: pageZone(page.time_zone),
          csrf: c.session(req).csrf,
        }),
      });
    });

    scope.post<{ Params: { id: string } }>(
      '/console/subscribers/:id/delete',
      async (req, reply) => {
        await deleteSubscriber(app.ctx(c.session(req).actor), req.params.id);
        const q = one(formBody(req.body).q);
        return reply.redirect(
          `/console/subscribers?done=deleted${q ? `&q=${encodeURIComponent(q)}` : ''}`,
          303,
        );
      },
    );
  });
