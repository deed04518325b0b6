/**
 * GET /console/components (the list, in page order, with the add form), GET
 * /console/components/:id (status, edit, delete) and GET /console/components/:id/delete (the
 * confirmation step). The forms that write are in componentForms.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../domain/errors.js';
import { componentBody, confirmDeleteBody, editValues } from '../../../pages/console/component.js';
import { type ComponentFormState, componentsBody } from '../../../pages/console/components.js';
import type { Flash } from '../../../pages/console/layout.js';
import type { Errors, Values } from '../../../pages/console/parts.js';
import { orderComponents } from '../../../present/v2.js';
import { listComponents } from '../../../store/queries/components.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope } from './scope.js';

/** The flashes these screens show after a write (`?done=`). */
const FLASH: Record<string, Flash> = {
  added: { tone: 'ok', text: 'Added. It is on the status page now.' },
  group: { tone: 'ok', text: 'Group added. Put components in it from their Edit page.' },
  saved: { tone: 'ok', text: 'Changes saved.' },
  status: { tone: 'ok', text: 'Status changed. Subscribers were not told.' },
  notified: { tone: 'ok', text: 'Status changed. Subscribers are being told.' },
  same: { tone: 'warn', text: 'That is already its status: nothing changed.' },
  held: {
    tone: 'warn',
    text: 'Saved, but an open incident or maintenance still holds it at a worse status: the page shows that one until it ends.',
  },
  moved: { tone: 'ok', text: 'Order saved.' },
  removed: { tone: 'ok', text: 'Deleted. It is no longer on the status page.' },
};

export function componentFlash(req: FastifyRequest): Flash | null {
  const done = (req.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? (FLASH[done] ?? null) : null;
}

export async function showComponents(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form: ComponentFormState = { values: { kind: 'component' }, errors: {} },
): Promise<FastifyReply> {
  const components = orderComponents(await listComponents(c.app.store.db));
  return c.render(req, reply, status, {
    title: 'Components',
    section: 'components',
    flash: status === 200 ? componentFlash(req) : null,
    body: componentsBody({ components, csrf: c.session(req).csrf, form }),
  });
}

export async function showComponent(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
  status = 200,
  edit?: { values: Values; errors: Errors },
  statusErrors: Errors = {},
): Promise<FastifyReply> {
  const all = orderComponents(await listComponents(c.app.store.db));
  const component = all.find((k) => k.id === id);
  if (!component) throw notFound('component', id);
  return c.render(req, reply, status, {
    title: component.name,
    section: 'components',
    flash: status === 200 ? componentFlash(req) : null,
    body: componentBody({
      component,
      all,
      csrf: c.session(req).csrf,
      edit: edit ?? { values: editValues(component), errors: {} },
      statusErrors,
    }),
  });
}

export const consoleComponentRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/components', (req, reply) => showComponents(c, req, reply, 200));
    scope.get<{ Params: { id: string } }>('/console/components/:id', (req, reply) =>
      showComponent(c, req, reply, req.params.id),
    );
    scope.get<{ Params: { id: string } }>('/console/components/:id/delete', async (req, reply) => {
      const all = await listComponents(app.store.db);
      const component = all.find((k) => k.id === req.params.id);
      if (!component) throw notFound('component', req.params.id);
      return c.render(req, reply, 200, {
        title: `Delete ${component.name}?`,
        section: 'components',
        body: confirmDeleteBody(
          component,
          all.filter((k) => k.group_id === component.id).length,
          c.session(req).csrf,
        ),
      });
    });
  });
