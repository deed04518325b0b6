/**
 * GET /console/team and its forms: add a person, add a role, rename a custom role, set a role's
 * rotation, and the acknowledgement time-outs. Every write goes through the plan's actions
 * (audited); a form with a problem shows again with the message next to its field.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createPerson } from '../../../actions/createPerson.js';
import { createRole } from '../../../actions/createRole.js';
import { setRotation } from '../../../actions/setRotation.js';
import { updateRole } from '../../../actions/updateRole.js';
import { upsertSeverity } from '../../../actions/upsertSeverity.js';
import { onCallOrder } from '../../../domain/team.js';
import type { Flash } from '../../../pages/console/layout.js';
import { type TeamData, teamBody } from '../../../pages/console/team.js';
import { listPeople, listRoles, listSeverities } from '../../../store/queries/team.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, many, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope, flashOf } from './scope.js';
import { blankPerson, errorsOf, readPerson } from './teamInput.js';

export const TEAM_FLASH: Record<string, Flash> = {
  person: { tone: 'ok', text: 'Person added. Put them on call under a role below.' },
  person_saved: { tone: 'ok', text: 'Changes saved.' },
  person_removed: { tone: 'ok', text: 'Removed from the team and from every rotation.' },
  role: { tone: 'ok', text: 'Role added. Choose who is on call for it.' },
  role_saved: { tone: 'ok', text: 'Role saved.' },
  role_deleted: { tone: 'ok', text: 'Role deleted.' },
  rotation: {
    tone: 'ok',
    text: 'Rotation saved: the first person inside their hours is called first.',
  },
  ack: { tone: 'ok', text: 'Acknowledgement time-outs saved.' },
};

export const canEdit = (c: Console, req: FastifyRequest) => c.session(req).actor.scope === 'admin';

export async function showTeam(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  extra: Partial<Pick<TeamData, 'person' | 'role' | 'edit' | 'ack'>> = {},
): Promise<FastifyReply> {
  const db = c.app.store.db;
  const [people, roles, severities] = await Promise.all([
    listPeople(db),
    listRoles(db),
    listSeverities(db),
  ]);
  const now = c.app.clock.now();
  const onCall = new Map<string, string>();
  for (const r of roles) {
    const first = onCallOrder(r.rotation, now)[0];
    if (first) onCall.set(r.key, first.name);
  }
  const done = (req.query as Record<string, unknown>)?.done;
  return c.render(req, reply, status, {
    title: 'Team',
    section: 'team',
    flash: status === 200 ? (typeof done === 'string' && TEAM_FLASH[done]) || flashOf(req) : null,
    body: teamBody({
      people,
      roles,
      severities,
      onCall,
      csrf: c.session(req).csrf,
      canEdit: canEdit(c, req),
      person: extra.person ?? blankPerson(),
      role: extra.role ?? { values: {}, errors: {} },
      edit: extra.edit ?? null,
      ack: extra.ack ?? { values: {}, errors: {} },
    }),
  });
}

/** A role key from its name: "Security lead" → security_lead. */
export function roleKeyOf(name: string): string {
  const key = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return /^[a-z]/.test(key) ? key : `role_${key}`.replace(/_+$/, '');
}

export const consoleTeamRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/team', (req, reply) => showTeam(c, req, reply, 200));

    scope.post('/console/team/people', async (req, reply) => {
      const { state, fields } = readPerson(formBody(req.body));
      if (Object.keys(state.errors).length) return showTeam(c, req, reply, 400, { person: state });
      const input = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
      // a second submit of this form (Back, reload) leads to the first one's result
      const actor = c.session(req).actor;
      const claim = formClaim(formBody(req.body), actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      const location = '/console/team?done=person#add-person';
      try {
        const ctx = withClaim(app.ctx(actor), claim);
        await createPerson(ctx, input);
        await keepAnswer(ctx, claim, 303, undefined, location);
      } catch (err) {
        return showTeam(c, req, reply, 400, { person: { ...state, errors: errorsOf(err) } });
      }
      return reply.redirect(location, 303);
    });

    scope.post('/console/team/roles', async (req, reply) => {
      const form = formBody(req.body);
      const values = {
        name: one(form.name).trim().slice(0, 200),
        description: one(form.description).trim().slice(0, 1000),
      };
      const back = (errors: Record<string, string>) =>
        showTeam(c, req, reply, 400, { role: { values, errors } });
      if (!values.name) return back({ name: 'Give the role a name, e.g. Security lead.' });
      try {
        await createRole(app.ctx(c.session(req).actor), {
          key: roleKeyOf(values.name),
          name: values.name,
          ...(values.description ? { description: values.description } : {}),
        });
      } catch (err) {
        const errors = errorsOf(err, (k) => (k === 'key' ? 'name' : k));
        if (errors.name?.startsWith('Is taken'))
          errors.name = 'A role with this name already exists.';
        else if (errors.name && !form.name) errors.name = 'Give the role a name.';
        return back(errors);
      }
      return reply.redirect(`/console/team?done=role#role-${roleKeyOf(values.name)}`, 303);
    });

    scope.post<{ Params: { key: string } }>('/console/team/roles/:key', async (req, reply) => {
      const form = formBody(req.body);
      const key = req.params.key;
      const values = {
        name: one(form.name).trim().slice(0, 200),
        description: one(form.description).trim().slice(0, 1000),
      };
      try {
        await updateRole(app.ctx(c.session(req).actor), key, values);
      } catch (err) {
        return showTeam(c, req, reply, 400, { edit: { key, values, errors: errorsOf(err) } });
      }
      return reply.redirect(`/console/team?done=role_saved#role-${encodeURIComponent(key)}`, 303);
    });

    scope.post<{ Params: { key: string } }>(
      '/console/team/roles/:key/rotation',
      async (req, reply) => {
        const key = req.params.key;
        const slots = many(formBody(req.body).slot).slice(0, 100);
        const ids = slots.filter(Boolean);
        const people = await listPeople(app.store.db);
        const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
        const back = (errors: Record<string, string>) =>
          showTeam(c, req, reply, 400, { edit: { key, values: {}, errors, slots } });
        if (twice.length) {
          const names = [...new Set(twice)].map(
            (id) => people.find((p) => p.id === id)?.name ?? id,
          );
          return back({
            rotation: `${names.join(' and ')} appear${names.length === 1 ? 's' : ''} twice: name each person once.`,
          });
        }
        try {
          await setRotation(app.ctx(c.session(req).actor), key, { person_ids: ids });
        } catch (err) {
          return back({
            rotation: Object.values(errorsOf(err)).join(' ') || 'That rotation could not be saved.',
          });
        }
        return reply.redirect(`/console/team?done=rotation#role-${encodeURIComponent(key)}`, 303);
      },
    );

    scope.post('/console/team/ack', async (req, reply) => {
      const form = formBody(req.body);
      const severities = await listSeverities(app.store.db);
      const values: Record<string, string> = {};
      const errors: Record<string, string> = {};
      const changed: [(typeof severities)[number], number][] = [];
      for (const s of severities) {
        const k = `ack_${s.key}`;
        values[k] = one(form[k]).trim().slice(0, 10);
        const n = Number(values[k]);
        if (!/^\d{1,4}$/.test(values[k]) || n < 1 || n > 120)
          errors[k] = 'Enter a whole number of minutes from 1 to 120.';
        else if (n !== s.settings.ackTimeoutMinutes) changed.push([s, n]);
      }
      if (Object.keys(errors).length)
        return showTeam(c, req, reply, 400, { ack: { values, errors } });
      const ctx = app.ctx(c.session(req).actor);
      for (const [s, n] of changed) {
        try {
          await upsertSeverity(ctx, s.key, {
            name: s.name,
            description: s.description,
            settings: { ...s.settings, ackTimeoutMinutes: n },
          });
        } catch (err) {
          const why = Object.values(errorsOf(err)).join(' ');
          return showTeam(c, req, reply, 400, {
            ack: { values, errors: { [`ack_${s.key}`]: `${s.key} could not be saved: ${why}` } },
          });
        }
      }
      return reply.redirect('/console/team?done=ack#ack', 303);
    });
  });
