/** GET /console/incidents: every incident, newest first, fifty a page (?show=open|resolved, ?page=N). */
import { type IncidentListFilter, incidentsBody } from '../../../pages/console/incidents.js';
import { listIncidents } from '../../../store/queries/incidents.js';
import { pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { consoleScope } from './scope.js';

const PER_PAGE = 50;
const FINAL = ['resolved', 'postmortem'];

export const consoleIncidentListRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<{ Querystring: { show?: string; page?: string } }>(
      '/console/incidents',
      async (req, reply) => {
        const show = req.query.show;
        const filter: IncidentListFilter = show === 'open' || show === 'resolved' ? show : 'all';
        const page = Math.min(Math.max(Number.parseInt(req.query.page ?? '1', 10) || 1, 1), 10_000);
        const rows = await listIncidents(app.store.db, {
          kind: 'incident',
          ...(filter === 'open' ? { unresolved: true } : {}),
          ...(filter === 'resolved' ? { statuses: FINAL } : {}),
          limit: PER_PAGE + 1,
          offset: (page - 1) * PER_PAGE,
        });
        const { page: p } = await pageData(app);
        return c.render(req, reply, 200, {
          title: 'Incidents',
          section: 'incidents',
          body: incidentsBody({
            incidents: rows.slice(0, PER_PAGE),
            filter,
            page,
            more: rows.length > PER_PAGE,
            zone: p.time_zone,
            now: app.clock.now(),
          }),
        });
      },
    );
  });
