/** /api/v1/components: list, create (a group with `group: true`), edit and delete components. */
import { z } from 'zod';
import { createComponent } from '../../../actions/createComponent.js';
import { deleteComponent } from '../../../actions/deleteComponent.js';
import { createComponentInput, updateComponentInput } from '../../../actions/inputs.js';
import { updateComponent } from '../../../actions/updateComponent.js';
import { notFound } from '../../../domain/errors.js';
import { apiModule, route } from '../../api.js';
import { presentComponent, presentComponents, presentContext } from '../../present.js';
import { componentOut, idParams } from '../../schemas.js';

const tag = 'component';

export const componentRoutes = apiModule([
  route({
    id: 'listComponents',
    method: 'GET',
    url: '/api/v1/components',
    access: 'read',
    tag,
    summary: 'List components in page order: each group followed by its components',
    response: z.object({ components: z.array(componentOut) }),
    handler: async ({ app }) => ({ components: presentComponents(await presentContext(app)) }),
  }),
  route({
    id: 'createComponent',
    method: 'POST',
    url: '/api/v1/components',
    access: 'write',
    tag,
    summary:
      'Add a component, or a group with `group: true`; a component joins a group by `group_id`',
    body: createComponentInput,
    status: 201,
    response: componentOut,
    handler: async ({ app, ctx, body }) => {
      const c = await createComponent(ctx, body);
      return presentComponent(c, await presentContext(app));
    },
  }),
  route({
    id: 'getComponent',
    method: 'GET',
    url: '/api/v1/components/:id',
    access: 'read',
    tag,
    summary: 'Get one component',
    params: idParams,
    response: componentOut,
    handler: async ({ app, params }) => {
      const ctx = await presentContext(app);
      const c = ctx.components.get(params.id);
      if (!c) throw notFound('component', params.id);
      return presentComponent(c, ctx);
    },
  }),
  route({
    id: 'updateComponent',
    method: 'PATCH',
    url: '/api/v1/components/:id',
    access: 'write',
    tag,
    summary:
      'Edit a component; a status change is kept in its history (`notify` tells subscribers)',
    params: idParams,
    body: updateComponentInput,
    response: componentOut,
    handler: async ({ app, ctx, params, body }) => {
      const c = await updateComponent(ctx, params.id, body);
      return presentComponent(c, await presentContext(app));
    },
  }),
  route({
    id: 'deleteComponent',
    method: 'DELETE',
    url: '/api/v1/components/:id',
    access: 'write',
    tag,
    summary: "Delete a component; a group's components move to the top level",
    params: idParams,
    status: 204,
    handler: async ({ ctx, params }) => deleteComponent(ctx, params.id),
  }),
]);
