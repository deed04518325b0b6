/**
 * The Components screens' forms: add a component or a group, edit one, set its status (with
 * or without telling subscribers), move it up or down, and delete it after the confirm page.
 * Each write goes through its action, so it is validated and audited as the API's would be.
 */
import { createComponent } from '../../../actions/createComponent.js';
import { deleteComponent } from '../../../actions/deleteComponent.js';
import { moveComponent } from '../../../actions/moveComponent.js';
import { updateComponent } from '../../../actions/updateComponent.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { COMPONENT_STATUSES } from '../../../domain/types.js';
import { getComponent } from '../../../store/queries/components.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { showComponent, showComponents } from './components.js';
import { plainErrors } from './plainErrors.js';
import { consoleScope } from './scope.js';

const FORM_ERRORS = ['validation_failed', 'conflict'];

const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  group_id: 'Group',
  status: 'Status',
  showcase: 'Uptime history',
  only_show_if_degraded: 'Only show when not operational',
};

type Form = Record<string, string | string[]>;

function read(form: Form): Record<string, string> {
  const values: Record<string, string> = {};
  for (const k of ['kind', 'name', 'description', 'group_id'])
    values[k] = one(form[k]).trim().slice(0, 2000);
  for (const k of ['showcase', 'only_show_if_degraded'])
    values[k] = one(form[k]) === 'true' ? 'true' : '';
  return values;
}

const path = (id: string) => `/console/components/${encodeURIComponent(id)}`;

export const consoleComponentFormRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.post('/console/components', async (req, reply) => {
      const form = formBody(req.body);
      const values = read(form);
      const group = values.kind === 'group';
      const actor = c.session(req).actor;
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      try {
        const ctx = withClaim(app.ctx(actor), claim);
        await createComponent(ctx, {
          name: values.name,
          description: values.description || null,
          ...(group ? { group: true } : { group_id: values.group_id || null }),
          only_show_if_degraded: values.only_show_if_degraded === 'true',
        });
        const location = `/console/components?done=${group ? 'group' : 'added'}`;
        await keepAnswer(ctx, claim, 303, undefined, location);
        return reply.redirect(location, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || !FORM_ERRORS.includes(err.code)) throw err;
        return showComponents(c, req, reply, 400, { values, errors: plainErrors(err, LABELS) });
      }
    });

    scope.post<{ Params: { id: string } }>('/console/components/:id', async (req, reply) => {
      const values = read(formBody(req.body));
      const id = req.params.id;
      try {
        const current = await getComponent(app.store.db, id);
        if (!current) throw notFound('component', id);
        await updateComponent(app.ctx(c.session(req).actor), id, {
          name: values.name,
          description: values.description || null,
          ...(current.group ? {} : { group_id: values.group_id || null }),
          showcase: values.showcase === 'true',
          only_show_if_degraded: values.only_show_if_degraded === 'true',
        });
        return reply.redirect(`${path(id)}?done=saved`, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || !FORM_ERRORS.includes(err.code)) throw err;
        return showComponent(c, req, reply, id, 400, {
          values,
          errors: plainErrors(err, LABELS),
        });
      }
    });

    scope.post<{ Params: { id: string } }>('/console/components/:id/status', async (req, reply) => {
      const form = formBody(req.body);
      const status = one(form.status);
      const notify = one(form.notify) === 'true';
      const id = req.params.id;
      if (!(COMPONENT_STATUSES as readonly string[]).includes(status))
        return showComponent(c, req, reply, id, 400, undefined, {
          status: 'Status: choose one of the statuses listed.',
        });
      try {
        const before = await getComponent(app.store.db, id);
        if (!before) throw notFound('component', id);
        const after = await updateComponent(app.ctx(c.session(req).actor), id, {
          status: status as (typeof COMPONENT_STATUSES)[number],
          notify,
        });
        const done =
          status === before.status && after.status === before.status
            ? 'same'
            : after.status !== status
              ? 'held'
              : notify
                ? 'notified'
                : 'status';
        return reply.redirect(`${path(id)}?done=${done}`, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || !FORM_ERRORS.includes(err.code)) throw err;
        return showComponent(c, req, reply, id, 400, undefined, plainErrors(err, LABELS));
      }
    });

    scope.post<{ Params: { id: string } }>('/console/components/:id/move', async (req, reply) => {
      const direction = one(formBody(req.body).direction);
      await moveComponent(app.ctx(c.session(req).actor), req.params.id, direction);
      return reply.redirect('/console/components?done=moved', 303);
    });

    scope.post<{ Params: { id: string } }>('/console/components/:id/delete', async (req, reply) => {
      await deleteComponent(app.ctx(c.session(req).actor), req.params.id);
      return reply.redirect('/console/components?done=removed', 303);
    });
  });
