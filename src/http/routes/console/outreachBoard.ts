/** POST /console/incidents/:id/outreach/:task: the outreach board records how a call went (completeOutreach). */
import { completeOutreach } from '../../../actions/completeOutreach.js';
import { DomainError } from '../../../domain/errors.js';
import { formBody, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { loadIncident, renderIncident } from './incidentScreen.js';
import { consoleScope } from './scope.js';

interface Req {
  Params: { id: string; task: string };
}

export const consoleOutreachRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.post<Req>('/console/incidents/:id/outreach/:task', async (req, reply) => {
      const form = formBody(req.body);
      const note = one(form.note).trim();
      try {
        await completeOutreach(app.ctx(c.session(req).actor), req.params.task, {
          outcome: one(form.outcome),
          ...(note ? { note } : {}),
        });
      } catch (err) {
        if (!(err instanceof DomainError) || !['validation_failed', 'conflict'].includes(err.code))
          throw err;
        const l = await loadIncident(c, req, req.params.id);
        const text =
          err.code === 'conflict'
            ? 'This call was already recorded (maybe by someone else): the board shows it now.'
            : err.fields.outcome
              ? 'Choose how the call went: reached, left a message, or no answer.'
              : err.fields.note
                ? 'The note is too long: keep it under 2,000 characters.'
                : err.message;
        return renderIncident(c, req, reply, err.code === 'conflict' ? 409 : 400, l, {
          flash: { tone: err.code === 'conflict' ? 'warn' : 'error', text },
        });
      }
      return reply.redirect(
        `/console/incidents/${encodeURIComponent(req.params.id)}?done=outreach#outreach`,
        303,
      );
    });
  });
