/**
 * The debrief screen's action-item forms (issue #14): add one, and mark one done. Write tokens;
 * CSRF and a one-time form token (Back and resend leads to the first answer), no JavaScript.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createDebriefAction } from '../../../actions/createDebriefAction.js';
import { updateDebriefAction } from '../../../actions/updateDebriefAction.js';
import { DomainError, forbidden, notFound } from '../../../domain/errors.js';
import { pageZone } from '../../../lib/format.js';
import { getDebriefAction } from '../../../store/queries/debriefActions.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { show } from './debrief.js';
import { readLocal } from './maintenance.js';
import { plainErrors } from './plainErrors.js';
import type { Console } from './scope.js';
import { consoleScope } from './scope.js';

const LABELS = {
  text: 'What is to be done',
  owner_id: 'Owner',
  due_at: 'Due',
  note: 'Note',
  suggestion_id: 'From a suggestion',
};

const debriefPath = (incidentId: string) =>
  `/console/incidents/${encodeURIComponent(incidentId)}/debrief`;

function writer(c: Console, req: FastifyRequest) {
  const actor = c.session(req).actor;
  if (actor.scope === 'read')
    throw forbidden('only a write or admin token can change action items; sign in with one');
  return actor;
}

export const consoleDebriefActionRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.post<{ Params: { id: string } }>(
      '/console/incidents/:id/debrief/actions',
      async (req, reply: FastifyReply) => {
        const actor = writer(c, req);
        const form = formBody(req.body);
        const values: Record<string, string> = {};
        for (const k of ['text', 'owner_id', 'due_at', 'note', 'suggestion_id'])
          values[k] = one(form[k]).trim().slice(0, 5000);
        const zone = pageZone((await pageData(app)).page.time_zone);
        const due = readLocal(values.due_at, zone);
        if (!due)
          return show(c, req, reply, 400, null, {
            values,
            errors: { due_at: 'Due: enter a date and a time, e.g. 2026-12-10 17:00.' },
          });
        const done = `${debriefPath(req.params.id)}?done=action-added#action-items`;
        const claim = formClaim(form, actor.id);
        if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
          return reply;
        const ctx = withClaim(app.ctx(actor), claim);
        try {
          await createDebriefAction(ctx, req.params.id, {
            text: values.text,
            owner_id: values.owner_id,
            due_at: due,
            ...(values.note ? { note: values.note } : {}),
            ...(values.suggestion_id ? { suggestion_id: values.suggestion_id } : {}),
          });
        } catch (err) {
          if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
          const errors = plainErrors(err, LABELS);
          if (!values.owner_id) errors.owner_id = 'Owner: choose a person.';
          return show(c, req, reply, 400, null, { values, errors });
        }
        await keepAnswer(ctx, claim, 303, undefined, done);
        return reply.redirect(done, 303);
      },
    );

    scope.post<{ Params: { aid: string } }>(
      '/console/debrief/actions/:aid/done',
      async (req, reply) => {
        const actor = writer(c, req);
        const before = await getDebriefAction(app.store.db, req.params.aid);
        if (!before) throw notFound('action item', req.params.aid);
        const done = `${debriefPath(before.incident_id)}?done=action-done#action-items`;
        const claim = formClaim(formBody(req.body), actor.id);
        if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
          return reply;
        const ctx = withClaim(app.ctx(actor), claim);
        await updateDebriefAction(ctx, req.params.aid, { status: 'done' });
        await keepAnswer(ctx, claim, 303, undefined, done);
        return reply.redirect(done, 303);
      },
    );
  });
