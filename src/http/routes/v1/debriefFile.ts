/**
 * The comms debrief as a standalone HTML file (issue #14), offered as a download: the API's
 * `GET /api/v1/incidents/:id/debrief.html` (read scope) here, and the console's Download HTML
 * link (routes/console/debriefFile.ts) through the same sendDebriefFile.
 */
import type { FastifyReply } from 'fastify';
import { loadDebrief } from '../../../actions/applyDebriefSuggestion.js';
import type { Ctx } from '../../../actions/context.js';
import type { App } from '../../../app.js';
import { pageZone } from '../../../lib/format.js';
import { debriefFile, debriefFileName } from '../../../pages/console/debriefFile.js';
import { apiModule, route } from '../../api.js';
import { pageData } from '../../pageReplies.js';
import { idParams } from '../../schemas.js';

/** Loads the debrief and sets the download headers; returns the file's text. */
export async function sendDebriefFile(
  app: App,
  ctx: Ctx,
  incidentId: string,
  reply: FastifyReply,
): Promise<string> {
  const d = await loadDebrief(ctx, incidentId);
  const { page } = await pageData(app);
  reply
    .type('text/html; charset=utf-8')
    .header('content-disposition', `attachment; filename="${debriefFileName(d.incident_id)}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff');
  return debriefFile(d, { page, zone: pageZone(page.time_zone), now: ctx.clock.now() });
}

export const debriefFileRoutes = apiModule([
  route({
    id: 'getDebriefHtml',
    method: 'GET',
    url: '/api/v1/incidents/:id/debrief.html',
    access: 'read',
    tag: 'debrief',
    summary:
      'The comms debrief as one standalone HTML file (a download): inline CSS and SVG charts, the numbers as tables, no scripts and nothing loaded from the network; prints to PDF from a browser',
    params: idParams,
    content: { 'text/html': { schema: { type: 'string' } } },
    handler: ({ app, ctx, params, reply }) => sendDebriefFile(app, ctx, params.id, reply),
  }),
]);
