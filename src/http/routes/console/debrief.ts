/**
 * /console/incidents/:id/debrief: the comms debrief with its charts (issue #14), and a form
 * per suggestion that applies its plan change (admins; CSRF and a one-time form token, no
 * JavaScript needed).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { applyDebriefSuggestion, loadDebrief } from '../../../actions/applyDebriefSuggestion.js';
import { DomainError, forbidden } from '../../../domain/errors.js';
import { pageZone } from '../../../lib/format.js';
import { html } from '../../../lib/html.js';
import { debriefBody } from '../../../pages/console/debrief.js';
import { actionFlash, actionItemsSection } from '../../../pages/console/debriefActions.js';
import type { Flash } from '../../../pages/console/layout.js';
import { debriefMarkdown } from '../../../present/debriefMarkdown.js';
import { listPeople } from '../../../store/queries/team.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope } from './scope.js';

interface Req {
  Params: { id: string };
}

const APPLIED: Flash = {
  tone: 'ok',
  text: 'Applied: the plan has a new version (see Plan → versions). The suggestion is gone from the list.',
};

export async function show(
  c: Console,
  req: FastifyRequest<Req>,
  reply: FastifyReply,
  status: number,
  flash: Flash | null,
  form?: { values: Record<string, string>; errors: Record<string, string> },
) {
  const s = c.session(req);
  const d = await loadDebrief(c.app.ctx(s.actor), req.params.id);
  const { page } = await pageData(c.app);
  return c.render(req, reply, status, {
    title: `Debrief: ${d.name}`,
    section: 'incidents',
    flash,
    body: html`${debriefBody(d, pageZone(page.time_zone), {
      csrf: s.csrf,
      admin: s.actor.scope === 'admin',
    })}${actionItemsSection({
      incidentId: d.incident_id,
      items: d.action_items,
      suggestions: d.suggestions,
      people: await listPeople(c.app.store.db),
      zone: pageZone(page.time_zone),
      now: c.app.clock.now(),
      csrf: s.csrf,
      canWrite: s.actor.scope !== 'read',
      ...form,
    })}`,
  });
}

export const consoleDebriefRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<Req>('/console/incidents/:id/debrief', (req, reply) => {
      const done = (req.query as { done?: unknown }).done;
      return show(c, req, reply, 200, done === 'applied' ? APPLIED : actionFlash(done));
    });

    // the Markdown export for the postmortem, with the console's session (the API needs a token)
    scope.get<Req>('/console/incidents/:id/debrief.md', async (req, reply) => {
      const d = await loadDebrief(c.app.ctx(c.session(req).actor), req.params.id);
      const file = `debrief-${req.params.id.replace(/[^\w-]/g, '')}.md`;
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .header('cache-control', 'no-store')
        .send(debriefMarkdown(d.name, d));
    });

    scope.post<Req & { Params: { sid: string } }>(
      '/console/incidents/:id/debrief/suggestions/:sid/apply',
      async (req, reply) => {
        const actor = c.session(req).actor;
        if (actor.scope !== 'admin')
          throw forbidden('only an admin token can change the plan; sign in with one');
        const done = `/console/incidents/${encodeURIComponent(req.params.id)}/debrief?done=applied`;
        const claim = formClaim(formBody(req.body), actor.id);
        if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
          return reply;
        const ctx = withClaim(app.ctx(actor), claim);
        try {
          await applyDebriefSuggestion(ctx, req.params.id, req.params.sid);
        } catch (err) {
          if (!(err instanceof DomainError) || err.code === 'forbidden') throw err;
          if (err.code === 'not_found' && !err.message.includes('suggestion')) throw err;
          return show(c, req, reply, 409, {
            tone: 'error',
            text: 'That suggestion no longer applies (it may have been applied already): nothing was changed.',
          });
        }
        await keepAnswer(ctx, claim, 303, undefined, done);
        return reply.redirect(done, 303);
      },
    );
  });
