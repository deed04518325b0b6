/** GET /console/incidents/:id, and its small actions: acknowledge a role, add to the room, publish a draft. */
import { ackAssignment } from '../../../actions/ackAssignment.js';
import { addTimelineEntry } from '../../../actions/addTimelineEntry.js';
import { publishIncident } from '../../../actions/publishIncident.js';
import { DomainError } from '../../../domain/errors.js';
import { formBody, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { loadIncident, renderIncident } from './incidentScreen.js';
import { plainProblem } from './plainErrors.js';
import { consoleScope } from './scope.js';

interface Req {
  Params: { id: string };
}

const back = (id: string, done: string, hash = '') =>
  `/console/incidents/${encodeURIComponent(id)}?done=${done}${hash}`;

export const consoleIncidentRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<Req>('/console/incidents/:id', async (req, reply) => {
      const l = await loadIncident(c, req, req.params.id);
      // the Resolve button links here with ?action=resolve: its form comes open, ready to type
      const action = (req.query as { action?: unknown }).action;
      return renderIncident(c, req, reply, 200, l, { resolveOpen: action === 'resolve' });
    });

    scope.post<Req>('/console/incidents/:id/ack', async (req, reply) => {
      const form = formBody(req.body);
      const person = one(form.person_id);
      await ackAssignment(
        app.ctx(c.session(req).actor),
        req.params.id,
        one(form.role),
        person || undefined,
      );
      return reply.redirect(back(req.params.id, 'acked'), 303);
    });

    scope.post<Req>('/console/incidents/:id/notes', async (req, reply) => {
      const form = formBody(req.body);
      try {
        await addTimelineEntry(app.ctx(c.session(req).actor), req.params.id, {
          kind: one(form.kind) || 'note',
          body: one(form.body),
        });
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        const l = await loadIncident(c, req, req.params.id);
        const why = !one(form.body).trim()
          ? 'Write something to add to the room.'
          : Object.entries(err.fields)
              .map(([k, v]) => plainProblem(k === 'body' ? 'note' : k, v))
              .join(' ');
        return renderIncident(c, req, reply, 400, l, { flash: { tone: 'error', text: why } });
      }
      return reply.redirect(back(req.params.id, 'noted'), 303);
    });

    scope.post<Req>('/console/incidents/:id/publish', async (req, reply) => {
      await publishIncident(app.ctx(c.session(req).actor), req.params.id, {});
      return reply.redirect(back(req.params.id, 'published'), 303);
    });
  });
