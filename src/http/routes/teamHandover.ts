/**
 * The signed links of follow the sun. /team/handover/:incident/:role/:person (from the shift-end
 * prompt): GET shows the note form prefilled with the incident's state; POST hands the role
 * over. /team/handovers/:id/:person (from the handover or escalation notice): GET shows the
 * note and an Accept button; POST takes the role. A bad signature is a 403 page; a GET never acts.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { acceptHandoverByLink } from '../../actions/acceptHandover.js';
import { createHandoverByLink } from '../../actions/createHandover.js';
import { assertAckSignature, assertNoteSignature } from '../../actions/shared/handovers.js';
import { DomainError, HTTP_STATUS } from '../../domain/errors.js';
import {
  handoverAskPage,
  handoverErrorPage,
  handoverNotePage,
  handoverSentPage,
  handoverTakenPage,
} from '../../pages/handoverPage.js';
import { briefText, getHandover, handoverBrief } from '../../store/queries/handovers.js';
import { getPerson, getRole } from '../../store/queries/team.js';
import { ANONYMOUS } from '../auth.js';
import { formBody, one, pageData, sendHtml } from '../pageReplies.js';
import type { RouteModule } from '../registry.js';

interface NoteReq {
  Params: { incidentId: string; roleKey: string; personId: string };
  Querystring: { sig?: string };
}
interface AckReq {
  Params: { id: string; personId: string };
  Querystring: { sig?: string };
}

export const teamHandoverRoutes: RouteModule = async (server, app) => {
  await server.register(async (scope: FastifyInstance) => {
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    // the Accept button's body carries nothing that is needed
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_r, _b, done) =>
      done(null, {}),
    );
    scope.setErrorHandler(async (err: Error, req, reply) => {
      const status = err instanceof DomainError ? HTTP_STATUS[err.code] : 500;
      if (status === 500) req.log.error({ err }, 'unhandled error');
      const { page } = await pageData(app);
      return sendHtml(reply, status === 400 ? 404 : status, handoverErrorPage(page, status));
    });
    const ctx = () => app.ctx(ANONYMOUS);

    async function noteView(p: NoteReq['Params'], note?: string, error?: string) {
      const db = app.store.db;
      const [brief, role, person] = await Promise.all([
        handoverBrief(db, p.incidentId),
        getRole(db, p.roleKey),
        getPerson(db, p.personId),
      ]);
      if (!brief || !role || !person) throw new DomainError('not_found', 'not found');
      return {
        person_name: person.name,
        role_name: role.name,
        brief,
        note: note ?? `${briefText(brief)}\n\n`,
        error,
      };
    }

    const NOTE = '/team/handover/:incidentId/:roleKey/:personId';
    scope.get<NoteReq>(NOTE, async (req, reply) => {
      const p = req.params;
      assertNoteSignature(ctx(), p.incidentId, p.roleKey, p.personId, req.query.sig);
      const { page } = await pageData(app);
      return sendHtml(reply, 200, handoverNotePage(page, await noteView(p), req.url));
    });
    scope.post<NoteReq>(NOTE, async (req, reply) => {
      const p = req.params;
      assertNoteSignature(ctx(), p.incidentId, p.roleKey, p.personId, req.query.sig);
      const note = one(formBody(req.body).note);
      const { page } = await pageData(app);
      try {
        const h = await createHandoverByLink(
          ctx(),
          p.incidentId,
          p.roleKey,
          p.personId,
          req.query.sig,
          {
            note,
          },
        );
        const made = (await getHandover(app.store.db, h.id))!;
        return sendHtml(reply, 200, handoverSentPage(page, made.to_name, made.role_name));
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        const why = err.fields.note
          ? `The note ${err.fields.note}.`
          : err.fields.to_person_id
            ? `Nobody else in the rotation is on shift now, so Flare cannot pick who takes over. Ask the incident lead, or hand over in the console.`
            : err.message;
        return sendHtml(reply, 400, handoverNotePage(page, await noteView(p, note, why), req.url));
      }
    });

    const ACK = '/team/handovers/:id/:personId';
    scope.get<AckReq>(ACK, async (req, reply) => {
      const p = req.params;
      assertAckSignature(ctx(), p.id, p.personId, req.query.sig);
      const [h, person] = await Promise.all([
        getHandover(app.store.db, p.id),
        getPerson(app.store.db, p.personId),
      ]);
      if (!h || !person) throw new DomainError('not_found', 'handover not found');
      if (h.state === 'superseded') throw new DomainError('conflict', 'superseded');
      const { page } = await pageData(app);
      return sendHtml(reply, 200, handoverAskPage(page, h, person.name, req.url));
    });
    scope.post<AckReq>(ACK, async (req, reply) => {
      const p = req.params;
      await acceptHandoverByLink(ctx(), p.id, p.personId, req.query.sig);
      const h = (await getHandover(app.store.db, p.id))!;
      const { page } = await pageData(app);
      return sendHtml(reply, 200, handoverTakenPage(page, h));
    });
  });
};
