/**
 * One person's page (GET and POST /console/team/people/:id), removing a person, and deleting a
 * custom role, each deletion behind a confirmation page that says what else changes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deletePerson } from '../../../actions/deletePerson.js';
import { deleteRole } from '../../../actions/deleteRole.js';
import { updatePerson } from '../../../actions/updatePerson.js';
import { notFound } from '../../../domain/errors.js';
import { canonicalHours } from '../../../domain/team.js';
import { type Html, html } from '../../../lib/html.js';
import { personBody } from '../../../pages/console/person.js';
import { confirmBody, type PersonFormState } from '../../../pages/console/teamForms.js';
import {
  getPerson,
  getRole,
  listSeverities,
  rotationRolesOf,
} from '../../../store/queries/team.js';
import { formBody } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope } from './scope.js';
import { errorsOf, personState, readPerson } from './teamInput.js';

type IdReq = FastifyRequest<{ Params: { id: string } }>;

async function showPerson(
  c: Console,
  req: IdReq,
  reply: FastifyReply,
  status: number,
  form?: PersonFormState,
): Promise<FastifyReply> {
  const db = c.app.store.db;
  const p = await getPerson(db, req.params.id);
  if (!p) throw notFound('person', req.params.id);
  const rotations = (await rotationRolesOf(db, p.id)).map((r) => r.name);
  return c.render(req, reply, status, {
    title: p.name,
    section: 'team',
    body: personBody({
      id: p.id,
      name: p.name,
      rotations,
      form: form ?? personState(p),
      csrf: c.session(req).csrf,
    }),
  });
}

export const consoleTeamPeopleRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<{ Params: { id: string } }>('/console/team/people/:id', (req, reply) =>
      showPerson(c, req, reply, 200),
    );

    scope.post<{ Params: { id: string } }>('/console/team/people/:id', async (req, reply) => {
      const before = await getPerson(app.store.db, req.params.id);
      if (!before) throw notFound('person', req.params.id);
      const { state, fields } = readPerson(formBody(req.body));
      if (Object.keys(state.errors).length) return showPerson(c, req, reply, 400, state);
      const input: Record<string, string | null> = { ...fields };
      // "any time" is the same whether it was stored as nothing or as 24/7: leave it be
      const wasAlways = !before.working_hours || canonicalHours(before.working_hours) === '24/7';
      if (fields.working_hours === null && wasAlways) delete input.working_hours;
      try {
        await updatePerson(app.ctx(c.session(req).actor), before.id, input);
      } catch (err) {
        return showPerson(c, req, reply, 400, { ...state, errors: errorsOf(err) });
      }
      return reply.redirect('/console/team?done=person_saved', 303);
    });

    scope.get<{ Params: { id: string } }>('/console/team/people/:id/delete', async (req, reply) => {
      const p = await getPerson(app.store.db, req.params.id);
      if (!p) throw notFound('person', req.params.id);
      const roles = (await rotationRolesOf(app.store.db, p.id)).map((r) => r.name);
      const id = encodeURIComponent(p.id);
      return c.render(req, reply, 200, {
        title: `Remove ${p.name}`,
        section: 'team',
        body: confirmBody({
          title: `Remove ${p.name} from the team?`,
          lines: [
            roles.length
              ? `They are on call for ${roles.join(', ')}; removing them takes them out of those rotations too.`
              : 'They are not on call for any role.',
            'They stop receiving internal notices. Past incidents keep their name in the history.',
          ],
          action: `/console/team/people/${id}/delete`,
          button: `Remove ${p.name}`,
          back: `/console/team/people/${id}`,
          csrf: c.session(req).csrf,
        }),
      });
    });

    scope.post<{ Params: { id: string } }>(
      '/console/team/people/:id/delete',
      async (req, reply) => {
        await deletePerson(app.ctx(c.session(req).actor), req.params.id, { force: true });
        return reply.redirect('/console/team?done=person_removed', 303);
      },
    );

    scope.get<{ Params: { key: string } }>(
      '/console/team/roles/:key/delete',
      async (req, reply) => {
        const role = await getRole(app.store.db, req.params.key);
        if (!role) throw notFound('role', req.params.key);
        const callers = (await listSeverities(app.store.db))
          .filter((s) => s.settings.calledRoles.includes(role.key))
          .map((s) => s.key);
        const key = encodeURIComponent(role.key);
        const blocked = role.builtin || callers.length > 0;
        return c.render(req, reply, blocked ? 409 : 200, {
          title: `Delete ${role.name}`,
          section: 'team',
          body: blocked
            ? confirmBlocked(
                role.builtin
                  ? `${role.name} is one of the built-in roles, so it stays.`
                  : `${callers.join(', ')} call${callers.length === 1 ? 's' : ''} in ${role.name}. Untick it under Severities first, then delete it.`,
              )
            : confirmBody({
                title: `Delete the role ${role.name}?`,
                lines: [
                  role.rotation.length
                    ? `Its rotation (${role.rotation.map((p) => p.name).join(', ')}) goes with it; the people stay on the team.`
                    : 'Nobody is on call for it.',
                ],
                action: `/console/team/roles/${key}/delete`,
                button: `Delete ${role.name}`,
                back: `/console/team#role-${key}`,
                csrf: c.session(req).csrf,
              }),
        });
      },
    );

    scope.post<{ Params: { key: string } }>(
      '/console/team/roles/:key/delete',
      async (req, reply) => {
        try {
          await deleteRole(app.ctx(c.session(req).actor), req.params.key);
        } catch (err) {
          const why = Object.values(errorsOf(err)).join(' ');
          return c.render(req, reply, 409, {
            title: 'The role stays',
            section: 'team',
            body: confirmBlocked(why),
          });
        }
        return reply.redirect('/console/team?done=role_deleted', 303);
      },
    );
  });

function confirmBlocked(why: string): Html {
  return html`<section class="card-pad notice-card"><h1>This role cannot be deleted now</h1><p>${why}</p><p class="notice-actions"><a class="cbutton cbutton-quiet" href="/console/team">Back to the team</a> <a class="cbutton cbutton-quiet" href="/console/severities">Severities</a></p></section>`;
}
