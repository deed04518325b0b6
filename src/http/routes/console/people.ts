/**
 * GET /console/subscribers (counts, newest, search, and the add and import cards), and removing
 * a subscriber: GET …/:id/delete asks first, POST …/:id/delete (with confirm=yes) removes them
 * and the list says who was removed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deleteSubscriber } from '../../../actions/deleteSubscriber.js';
import { channelLabels } from '../../../channels/catalog.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { pageZone } from '../../../lib/format.js';
import type { Flash } from '../../../pages/console/layout.js';
import type { AddState, ImportState } from '../../../pages/console/subscriberForms.js';
import { confirmRemoveBody, subscribersBody } from '../../../pages/console/subscribers.js';
import { listAudit } from '../../../store/queries/audit.js';
import {
  findSubscribers,
  subscriberCounts,
  teamSubscriberCount,
} from '../../../store/queries/consoleReads.js';
import { getSubscriber } from '../../../store/queries/subscribers.js';
import { formBody, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope } from './scope.js';

const queryOf = (req: FastifyRequest) => (req.query ?? {}) as Record<string, unknown>;
const searchOf = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '');

/** What ?done=added or ?done=removed (with the subscriber's id) says, naming the address. */
async function flashFor(c: Console, req: FastifyRequest): Promise<Flash | null> {
  const { done, id } = queryOf(req);
  if (typeof id !== 'string' || !id) return null;
  const labels = channelLabels();
  if (done === 'added') {
    const s = await getSubscriber(c.app.store.db, id);
    if (!s) return null;
    const who = `Added ${s.address} (${labels[s.channel] ?? s.channel}).`;
    if (s.state !== 'pending') return { tone: 'ok', text: `${who} They get updates from now on.` };
    const how =
      s.channel === 'sms'
        ? 'A code to confirm with is on its way by text'
        : 'A link to confirm with is on its way';
    return { tone: 'ok', text: `${who} ${how}: they hear nothing until they confirm.` };
  }
  if (done === 'removed') {
    const [row] = await listAudit(c.app.store.db, {
      entityId: id,
      action: 'subscriber.delete',
      limit: 1,
    });
    const before = (row?.before ?? {}) as { address?: string; channel?: string };
    if (!before.address) return { tone: 'ok', text: 'Subscriber removed.' };
    const channel = before.channel ? ` (${labels[before.channel] ?? before.channel})` : '';
    return { tone: 'ok', text: `Removed ${before.address}${channel}. They get no more updates.` };
  }
  return null;
}

export async function showSubscribers(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  extra: { add?: AddState; import?: ImportState } = {},
): Promise<FastifyReply> {
  const q = searchOf(queryOf(req).q);
  const db = c.app.store.db;
  const [{ page, components }, counts, team, list, flash] = await Promise.all([
    pageData(c.app),
    subscriberCounts(db),
    teamSubscriberCount(db),
    findSubscribers(db, q),
    status === 200 && !extra.import ? flashFor(c, req) : null,
  ]);
  return c.render(req, reply, status, {
    title: 'Subscribers',
    section: 'subscribers',
    flash,
    body: subscribersBody({
      channelLabels: channelLabels(),
      counts,
      team,
      list,
      q,
      zone: pageZone(page.time_zone),
      csrf: c.session(req).csrf,
      components,
      add: extra.add ?? { values: { channel: 'email' }, components: [], errors: {} },
      import: extra.import ?? { values: {}, error: null, report: null },
    }),
  });
}

type IdReq = FastifyRequest<{ Params: { id: string }; Querystring: { q?: string } }>;

export const consolePeopleRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/subscribers', (req, reply) => showSubscribers(c, req, reply, 200));

    scope.get('/console/subscribers/:id/delete', async (req: IdReq, reply) => {
      const s = await getSubscriber(app.store.db, req.params.id);
      if (!s) throw notFound('subscriber', req.params.id);
      const { page } = await pageData(app);
      return c.render(req, reply, 200, {
        title: `Remove ${s.address}`,
        section: 'subscribers',
        body: confirmRemoveBody({
          subscriber: s,
          channel: channelLabels()[s.channel] ?? s.channel,
          q: searchOf(req.query.q),
          zone: pageZone(page.time_zone),
          csrf: c.session(req).csrf,
        }),
      });
    });

    scope.post('/console/subscribers/:id/delete', async (req: IdReq, reply) => {
      const form = formBody(req.body);
      const id = encodeURIComponent(req.params.id);
      const q = searchOf(one(form.q));
      const back = q ? `q=${encodeURIComponent(q)}` : '';
      // only the confirmation page removes: anything else is asked first
      if (one(form.confirm) !== 'yes')
        return reply.redirect(`/console/subscribers/${id}/delete${back && `?${back}`}`, 303);
      try {
        await deleteSubscriber(app.ctx(c.session(req).actor), req.params.id);
      } catch (err) {
        // sent twice (Back, reload): the first one removed them, so say so again
        const gone =
          err instanceof DomainError &&
          err.code === 'not_found' &&
          (
            await listAudit(app.store.db, {
              entityId: req.params.id,
              action: 'subscriber.delete',
              limit: 1,
            })
          ).length > 0;
        if (!gone) throw err;
      }
      return reply.redirect(`/console/subscribers?done=removed&id=${id}${back && `&${back}`}`, 303);
    });
  });
