/** GET /console/audiences: the plan's audiences, read-only. */
import { channelLabels } from '../../../channels/catalog.js';
import { audiencesBody } from '../../../pages/console/audiences.js';
import { listAudiences } from '../../../store/queries/audiences.js';
import { audienceContactCounts } from '../../../store/queries/consoleAccounts.js';
import type { RouteModule } from '../../registry.js';
import { consoleScope } from './scope.js';

export const consoleAudienceRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/audiences', async (req, reply) => {
      const db = app.store.db;
      const audiences = await listAudiences(db);
      const counts = await audienceContactCounts(db, audiences);
      return c.render(req, reply, 200, {
        title: 'Audiences',
        section: 'audiences',
        body: audiencesBody({
          rows: audiences.map((a) => ({ audience: a, contacts: counts.get(a.key) ?? 0 })),
          channelLabels: channelLabels(),
        }),
      });
    });
  });
