/**
 * /console/incidents/:id/handover: the handover note form (createHandover) and the incident's
 * handovers; POST /console/handovers/:id/ack accepts one from the incident screen. Without
 * JavaScript: CSRF, plain field errors and a one-time token, like the console's other forms.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptHandover } from '../../../actions/acceptHandover.js';
import { createHandover } from '../../../actions/createHandover.js';
import { CLOSED } from '../../../actions/shared/handovers.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { pageZone } from '../../../lib/format.js';
import { HANDOVER_LABELS, handoverBody } from '../../../pages/console/handover.js';
import type { Errors, Values } from '../../../pages/console/parts.js';
import {
  briefText,
  getHandover,
  handoverBrief,
  listHandovers,
} from '../../../store/queries/handovers.js';
import { listIncidentRoles } from '../../../store/queries/incidentRoom.js';
import { getIncident } from '../../../store/queries/incidents.js';
import { listPeople } from '../../../store/queries/team.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { plainErrors } from './plainErrors.js';
import { type Console, consoleScope } from './scope.js';

interface Req {
  Params: { id: string };
  Querystring: { role?: string };
}

async function screen(
  c: Console,
  req: FastifyRequest<Req>,
  reply: FastifyReply,
  status: number,
  form?: { values: Values; errors: Errors },
) {
  const db = c.app.store.db;
  const incident = await getIncident(db, req.params.id);
  if (incident?.kind !== 'incident') throw notFound('incident', req.params.id);
  const [{ page }, brief, handovers, roles, people] = await Promise.all([
    pageData(c.app),
    handoverBrief(db, incident.id),
    listHandovers(db, incident.id),
    listIncidentRoles(db, incident.id),
    listPeople(db),
  ]);
  const asked = typeof req.query.role === 'string' ? req.query.role : '';
  const role =
    roles.find((r) => r.role_key === asked)?.role_key ??
    (roles.find((r) => r.role_key === 'comms_lead') ? 'comms_lead' : (roles[0]?.role_key ?? ''));
  const values = form?.values ?? { role, to_person_id: '', note: `${briefText(brief!)}\n\n` };
  return c.render(req, reply, status, {
    title: `Handover: ${incident.name}`,
    section: 'incident',
    flash: form
      ? { tone: 'error', text: 'Nothing was handed over: see the messages below.' }
      : null,
    body: handoverBody({
      incident,
      brief: brief!,
      handovers,
      roles: roles.map((r) => ({ key: r.role_key, name: r.role_name, holder: r.person_name })),
      people: people.map((p) => ({ id: p.id, name: p.name })),
      values,
      errors: form?.errors ?? {},
      csrf: c.session(req).csrf,
      zone: pageZone(page.time_zone),
    }),
  });
}

const back = (id: string, done: string) =>
  `/console/incidents/${encodeURIComponent(id)}?done=${done}#handovers`;

export const consoleHandoverRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<Req>('/console/incidents/:id/handover', (req, reply) => screen(c, req, reply, 200));

    scope.post<Req>('/console/incidents/:id/handover', async (req, reply) => {
      const form = formBody(req.body);
      const actor = c.session(req).actor;
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      const values = {
        role: one(form.role),
        to_person_id: one(form.to_person_id),
        note: one(form.note).slice(0, 20_000),
      };
      const incident = await getIncident(app.store.db, req.params.id);
      if (incident?.kind !== 'incident') throw notFound('incident', req.params.id);
      if (CLOSED.includes(incident.status))
        return screen(c, req, reply, 409, {
          values,
          errors: { role: 'The incident is closed: there is nothing to hand over.' },
        });
      try {
        const ctx = withClaim(app.ctx(actor), claim);
        await createHandover(ctx, req.params.id, {
          role: values.role,
          note: values.note,
          ...(values.to_person_id ? { to_person_id: values.to_person_id } : {}),
        });
        const location = back(req.params.id, 'handover');
        await keepAnswer(ctx, claim, 303, undefined, location);
        return reply.redirect(location, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        return screen(c, req, reply, 400, { values, errors: plainErrors(err, HANDOVER_LABELS) });
      }
    });

    scope.post<{ Params: { id: string } }>('/console/handovers/:id/ack', async (req, reply) => {
      const h = await getHandover(app.store.db, req.params.id);
      if (!h) throw notFound('handover', req.params.id);
      const person = one(formBody(req.body).person_id);
      await acceptHandover(
        app.ctx(c.session(req).actor),
        h.id,
        person ? { person_id: person } : {},
      );
      return reply.redirect(back(h.incident_id, 'handed'), 303);
    });
  });
