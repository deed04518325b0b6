/**
 * The signed link in a briefing notice: GET shows that version of the pack (printable) and a
 * button; the button POSTs to the same URL, which records that this person read it. A bad
 * signature is a 403 page.
 */
import type { FastifyInstance } from 'fastify';
import { ackBriefing, assertBriefingSignature } from '../../actions/ackBriefing.js';
import { DomainError, HTTP_STATUS } from '../../domain/errors.js';
import { briefingErrorPage, briefingReadPage } from '../../pages/briefingPage.js';
import { getBriefing, latestBriefing } from '../../store/queries/briefings.js';
import { getPerson } from '../../store/queries/team.js';
import { ANONYMOUS } from '../auth.js';
import { pageData, sendHtml } from '../pageReplies.js';
import type { RouteModule } from '../registry.js';

interface Req {
  Params: { incidentId: string; version: string; personId: string };
  Querystring: { sig?: string };
}

const URL = '/briefing/:incidentId/:version/:personId';

export const briefingLinkRoutes: RouteModule = async (server, app) => {
  await server.register(async (scope: FastifyInstance) => {
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_r, _b, done) =>
      done(null, {}),
    );
    scope.setErrorHandler(async (err: Error, req, reply) => {
      const status = err instanceof DomainError ? HTTP_STATUS[err.code] : 500;
      if (status === 500) req.log.error({ err }, 'unhandled error');
      const { page } = await pageData(app);
      return sendHtml(reply, status === 400 ? 404 : status, briefingErrorPage(page, status));
    });
    const ctx = () => app.ctx(ANONYMOUS);

    async function show(p: Req['Params'], sig: unknown, url: string) {
      const version = Number(p.version);
      if (!Number.isInteger(version) || version < 1)
        throw new DomainError('not_found', 'no such version');
      assertBriefingSignature(ctx(), p.incidentId, version, p.personId, sig);
      const [b, latest, person] = await Promise.all([
        getBriefing(app.store.db, p.incidentId, version),
        latestBriefing(app.store.db, p.incidentId),
        getPerson(app.store.db, p.personId),
      ]);
      if (!b || !latest || !person) throw new DomainError('not_found', 'briefing not found');
      const read = await app.store.db
        .selectFrom('briefing_acks')
        .select('at')
        .where('incident_id', '=', p.incidentId)
        .where('version', '=', version)
        .where('person_id', '=', p.personId)
        .executeTakeFirst();
      const { page } = await pageData(app);
      const view = {
        version,
        latest: latest.version,
        pack: b.pack,
        person_name: person.name,
        read_at: read?.at ?? null,
      };
      return briefingReadPage(page, view, url);
    }

    scope.get<Req>(URL, async (req, reply) =>
      sendHtml(reply, 200, await show(req.params, req.query.sig, req.url)),
    );

    scope.post<Req>(URL, async (req, reply) => {
      const p = req.params;
      const version = Number(p.version);
      if (!Number.isInteger(version) || version < 1)
        throw new DomainError('not_found', 'no such version');
      await ackBriefing(ctx(), p.incidentId, version, p.personId, req.query.sig);
      return sendHtml(reply, 200, await show(p, req.query.sig, req.url));
    });
  });
};
