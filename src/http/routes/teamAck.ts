/**
 * The signed link in an assignment notice: GET shows the role and an Acknowledge button (it
 * never acts: mail scanners follow links); the button POSTs to the same URL, which
 * acknowledges. A bad signature is a 403 page.
 */
import type { FastifyInstance } from 'fastify';
import { ackByLink, assertAckSignature } from '../../actions/ackByLink.js';
import { DomainError, HTTP_STATUS } from '../../domain/errors.js';
import { ackAskPage, ackDonePage, ackErrorPage } from '../../pages/ackPage.js';
import { getAssignment } from '../../store/queries/incidentRoom.js';
import { ANONYMOUS } from '../auth.js';
import { pageData, sendHtml } from '../pageReplies.js';
import type { RouteModule } from '../registry.js';

interface Req {
  Params: { incidentId: string; roleKey: string; personId: string };
  Querystring: { sig?: string };
}

const URL = '/team/ack/:incidentId/:roleKey/:personId';

export const teamAckRoutes: RouteModule = async (server, app) => {
  await server.register(async (scope: FastifyInstance) => {
    // the button's form body carries nothing that is needed
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_r, _b, done) =>
      done(null, {}),
    );
    scope.setErrorHandler(async (err: Error, req, reply) => {
      const status = err instanceof DomainError ? HTTP_STATUS[err.code] : 500;
      if (status === 500) req.log.error({ err }, 'unhandled error');
      const { page } = await pageData(app);
      return sendHtml(reply, status === 400 ? 404 : status, ackErrorPage(page, status));
    });
    const ctx = () => app.ctx(ANONYMOUS);

    /** The assignment behind a signed link, or a 403 / 404 / 409. */
    async function signed(p: Req['Params'], sig: unknown) {
      assertAckSignature(ctx(), p.incidentId, p.roleKey, p.personId, sig);
      const a = await getAssignment(app.store.db, p.incidentId, p.roleKey);
      if (!a) throw new DomainError('not_found', 'assignment not found');
      if (a.person_id !== p.personId) throw new DomainError('conflict', 'handed on');
      return a;
    }

    scope.get<Req>(URL, async (req, reply) => {
      const a = await signed(req.params, req.query.sig);
      const { page } = await pageData(app);
      return sendHtml(reply, 200, ackAskPage(page, a, req.url));
    });

    scope.post<Req>(URL, async (req, reply) => {
      const p = req.params;
      await signed(p, req.query.sig);
      const { acked_at } = await ackByLink(
        ctx(),
        p.incidentId,
        p.roleKey,
        p.personId,
        req.query.sig,
      );
      const a = (await getAssignment(app.store.db, p.incidentId, p.roleKey))!;
      const { page } = await pageData(app);
      return sendHtml(reply, 200, ackDonePage(page, { ...a, acked_at }));
    });
  });
};
