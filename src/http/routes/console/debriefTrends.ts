/** GET /console/debrief/trends?quarter=2026-Q4: the debrief's quarter view (issue #14). */
import { trendSummary } from '../../../domain/debrief.js';
import { invalid } from '../../../domain/errors.js';
import {
  parseQuarter,
  quarterBounds,
  quarterKey,
  quarterOf,
  shiftQuarter,
} from '../../../domain/quarter.js';
import { pageZone } from '../../../lib/format.js';
import { trendsBody } from '../../../pages/console/debriefTrends.js';
import { listDebriefActions } from '../../../store/queries/debriefActions.js';
import { readTrends } from '../../../store/queries/debriefTrends.js';
import { pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { consoleScope } from './scope.js';

export const consoleDebriefTrendsRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/debrief/trends', async (req, reply) => {
      const now = app.clock.now();
      const asked = (req.query as { quarter?: unknown }).quarter;
      const quarter = typeof asked === 'string' && asked ? parseQuarter(asked) : quarterOf(now);
      if (!quarter) throw invalid({ quarter: 'must be a quarter such as 2026-Q4' });
      const { from, to, months } = quarterBounds(quarter);
      const [r, open, { page }] = await Promise.all([
        readTrends(app.store.db, from, to, now.toISOString()),
        listDebriefActions(app.store.db, { status: 'open' }),
        pageData(app),
      ]);
      const bounds = [...months, to];
      const monthly = months.map((m, i) => ({
        month: m.slice(0, 7),
        trends: trendSummary(
          r.incidents.filter((x) => x.started_at >= m && x.started_at < bounds[i + 1]),
        ),
      }));
      const key = quarterKey(quarter);
      return c.render(req, reply, 200, {
        title: `Debrief trends: ${key}`,
        section: 'incidents',
        flash: null,
        body: trendsBody({
          quarter: key,
          prev: quarterKey(shiftQuarter(quarter, -1)),
          next: quarterKey(shiftQuarter(quarter, 1)),
          from,
          to,
          trends: r.trends,
          targets: r.targets,
          months: monthly,
          incidents: r.incidents,
          open,
          zone: pageZone(page.time_zone),
          now,
        }),
      });
    });
  });
