/**
 * The signed link in an alert's notice to the comms lead (issue #13 part 1): GET shows the
 * draft (or the proposed resolution) with one button; the button POSTs to the same URL, which
 * publishes the draft, or posts the resolved update from the plan's template. A bad signature is
 * a 403 page. The person acting is the one the link was signed for.
 */
import type { FastifyInstance } from 'fastify';
import { postTemplateUpdate } from '../../actions/postTemplateUpdate.js';
import { publishIncident } from '../../actions/publishIncident.js';
import { reviewSignatureHolds } from '../../actions/shared/alertNotice.js';
import { DomainError, HTTP_STATUS } from '../../domain/errors.js';
import {
  alertReviewDonePage,
  alertReviewErrorPage,
  alertReviewPage,
} from '../../pages/alertReviewPage.js';
import { listAlertGroups } from '../../store/queries/alertIntegrations.js';
import { getIncident } from '../../store/queries/incidents.js';
import { pageData, sendHtml } from '../pageReplies.js';
import type { RouteModule } from '../registry.js';

interface Req {
  Params: { incidentId: string; personId: string };
  Querystring: { sig?: string };
  Body: { do?: string };
}

const URL = '/alerts/review/:incidentId/:personId';

export const alertReviewRoutes: RouteModule = async (server, app) => {
  await server.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_r, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.setErrorHandler(async (err: Error, req, reply) => {
      const status = err instanceof DomainError ? HTTP_STATUS[err.code] : 500;
      if (status === 500) req.log.error({ err }, 'unhandled error');
      const { page } = await pageData(app);
      return sendHtml(reply, status === 400 ? 409 : status, alertReviewErrorPage(page, status));
    });

    async function signed(p: Req['Params'], sig: unknown) {
      if (!reviewSignatureHolds(app.secretKey, p.incidentId, p.personId, sig))
        throw new DomainError('forbidden', 'bad signature');
      const incident = await getIncident(app.store.db, p.incidentId);
      const person = await app.store.db
        .selectFrom('people')
        .select(['id', 'name'])
        .where('id', '=', p.personId)
        .executeTakeFirst();
      if (!incident || !person) throw new DomainError('not_found', 'not found');
      const groups = await listAlertGroups(app.store.db, { incidentId: incident.id });
      return { incident, person, proposed: groups.some((g) => !!g.resolution_proposed_at) };
    }

    /** the draft's template variables (what it was about), for the resolved template to name it */
    async function issueVars(incidentId: string, name: string) {
      const first = await app.store.db
        .selectFrom('incident_updates')
        .select('template_vars')
        .where('incident_id', '=', incidentId)
        .where('template_vars', 'is not', null)
        .orderBy('created_at')
        .executeTakeFirst();
      const vars = first?.template_vars
        ? (JSON.parse(first.template_vars) as Record<string, unknown>)
        : {};
      return { issue: typeof vars.issue === 'string' ? vars.issue : name };
    }

    scope.get<Req>(URL, async (req, reply) => {
      const s = await signed(req.params, req.query.sig);
      const { page, components } = await pageData(app);
      const names = new Map(components.map((c) => [c.id, c.name]));
      return sendHtml(
        reply,
        200,
        alertReviewPage(
          page,
          {
            incident: s.incident,
            person_name: s.person.name,
            resolution_proposed: s.proposed,
            console_url: `/console/incidents/${encodeURIComponent(s.incident.id)}`,
            component_names: s.incident.component_ids.map((id) => names.get(id) ?? id),
          },
          req.url,
        ),
      );
    });

    scope.post<Req>(URL, async (req, reply) => {
      const s = await signed(req.params, req.query.sig);
      const ctx = app.ctx({ id: `person:${s.person.id}`, scope: 'write' });
      const what = req.body?.do === 'resolve' ? 'resolve' : 'publish';
      if (what === 'publish')
        await publishIncident(ctx, s.incident.id, { note: 'from the alert review link' });
      else
        await postTemplateUpdate(ctx, s.incident.id, {
          template: 'resolved',
          vars: await issueVars(s.incident.id, s.incident.name),
        });
      const { page } = await pageData(app);
      return sendHtml(
        reply,
        200,
        alertReviewDonePage(page, (await getIncident(app.store.db, s.incident.id))!, what),
      );
    });
  });
};
