/** GET /console/incidents/:id/debrief: the comms debrief with its charts (issue #14). */
import { loadDebrief } from '../../../actions/applyDebriefSuggestion.js';
import { pageZone } from '../../../lib/format.js';
import { debriefBody } from '../../../pages/console/debrief.js';
import { pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { consoleScope, flashOf } from './scope.js';

interface Req {
  Params: { id: string };
}

export const consoleDebriefRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<Req>('/console/incidents/:id/debrief', async (req, reply) => {
      const d = await loadDebrief(app.ctx(c.session(req).actor), req.params.id);
      const { page } = await pageData(app);
      return c.render(req, reply, 200, {
        title: `Debrief: ${d.name}`,
        section: 'incident',
        flash: flashOf(req),
        body: debriefBody(d, pageZone(page.time_zone)),
      });
    });
  });
