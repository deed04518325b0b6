/**
 * /console/incidents/:id/debrief.html: the debrief screen's Download HTML link (issue #14),
 * the same standalone file as the API's, for a signed-in session.
 */
import type { RouteModule } from '../../registry.js';
import { sendDebriefFile } from '../v1/debriefFile.js';
import { consoleScope } from './scope.js';

export const consoleDebriefFileRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<{ Params: { id: string } }>('/console/incidents/:id/debrief.html', (req, reply) =>
      sendDebriefFile(app, app.ctx(c.session(req).actor), req.params.id, reply),
    );
  });
