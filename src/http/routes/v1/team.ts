/**
 * /api/v1/people, /api/v1/roles and /api/v1/regions: the team, its roles and their on-call
 * rotations, and its regions with their working hours (follow the sun). Reading
 * needs the read scope; changing the team needs admin.
 */
import { z } from 'zod';
import { createPerson } from '../../../actions/createPerson.js';
import { createRole } from '../../../actions/createRole.js';
import { deletePerson } from '../../../actions/deletePerson.js';
import { deleteRole } from '../../../actions/deleteRole.js';
import { regionInput } from '../../../actions/handoverInputs.js';
import {
  createPersonInput,
  createRoleInput,
  rotationInput,
  updatePersonInput,
} from '../../../actions/planInputs.js';
import { deleteRegion, setRegion } from '../../../actions/setRegion.js';
import { setRotation } from '../../../actions/setRotation.js';
import { updatePerson } from '../../../actions/updatePerson.js';
import { onCallOrder } from '../../../domain/team.js';
import { maskPerson } from '../../../present/mask.js';
import { listRegions } from '../../../store/queries/handovers.js';
import { listPeople, listRoles, type Role } from '../../../store/queries/team.js';
import { apiModule, Created, route } from '../../api.js';
import { idParams } from '../../schemas.js';

const time = z.iso.datetime({ offset: true });

export const personOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  slack: z
    .string()
    .nullable()
    .describe('a Slack incoming-webhook URL (notified) or a handle (for reference only)'),
  teams: z
    .string()
    .nullable()
    .describe('a Teams incoming-webhook URL (notified) or a handle (for reference only)'),
  time_zone: z.string(),
  working_hours: z
    .string()
    .nullable()
    .describe('e.g. "09:00-17:30 Mon-Fri" or "24/7"; null: any time'),
  region: z
    .string()
    .nullable()
    .optional()
    .describe('a team region key; its hours apply when the person has none of their own'),
  created_at: time,
  updated_at: time,
});

export const roleOut = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  builtin: z.boolean(),
  position: z.number().int(),
  rotation: z
    .array(personOut.extend({ position: z.number().int() }))
    .describe('the on-call rotation in order; position 0 is on call first'),
  on_call_order: z
    .array(z.string())
    .describe('person ids in the order they would be assigned now: those in working hours first'),
});

const regionOut = z.object({
  key: z.string(),
  name: z.string(),
  time_zone: z.string(),
  hours: z
    .string()
    .describe('working hours in the region’s own time zone, e.g. "08:00-17:00 Mon-Fri"'),
});

const keyParams = z.object({ key: z.string().min(1).max(100) }).strict();
const forceQuery = z
  .object({
    force: z.enum(['true', 'false']).optional().describe('also take them out of rotations'),
  })
  .strict();

function presentRole(r: Role, now: Date): z.infer<typeof roleOut> {
  return { ...r, on_call_order: onCallOrder(r.rotation, now).map((p) => p.id) };
}

const people = 'person';
const roles = 'role';

export const teamRoutes = apiModule([
  route({
    id: 'listPeople',
    method: 'GET',
    url: '/api/v1/people',
    access: 'read',
    tag: people,
    summary: 'List the team, by name',
    response: z.object({ people: z.array(personOut) }),
    handler: async ({ app, actor }) => {
      const people = await listPeople(app.store.db);
      // below write scope, no addresses or chat webhook URLs (credentials)
      return { people: actor.scope === 'read' ? people.map((p) => maskPerson(p)) : people };
    },
  }),
  route({
    id: 'createPerson',
    method: 'POST',
    url: '/api/v1/people',
    access: 'admin',
    tag: people,
    summary:
      'Add a person; their email, phone and Slack or Teams webhook become internal subscriptions',
    body: createPersonInput,
    status: 201,
    response: personOut,
    handler: async ({ ctx, body }) => createPerson(ctx, body),
  }),
  route({
    id: 'updatePerson',
    method: 'PATCH',
    url: '/api/v1/people/:id',
    access: 'admin',
    tag: people,
    summary: 'Edit a person (null clears a field); their internal subscriptions follow',
    params: idParams,
    body: updatePersonInput,
    response: personOut,
    handler: async ({ ctx, params, body }) => updatePerson(ctx, params.id, body),
  }),
  route({
    id: 'deletePerson',
    method: 'DELETE',
    url: '/api/v1/people/:id',
    access: 'admin',
    tag: people,
    summary: 'Remove a person; refused (409) while they are in a rotation unless `force=true`',
    params: idParams,
    query: forceQuery,
    status: 204,
    handler: async ({ ctx, params, query }) =>
      deletePerson(ctx, params.id, { force: query.force === 'true' }),
  }),
  route({
    id: 'listRoles',
    method: 'GET',
    url: '/api/v1/roles',
    access: 'read',
    tag: roles,
    summary: 'List the roles, each with its on-call rotation and who would be assigned now',
    response: z.object({ roles: z.array(roleOut) }),
    handler: async ({ app }) => {
      const now = app.clock.now();
      return { roles: (await listRoles(app.store.db)).map((r) => presentRole(r, now)) };
    },
  }),
  route({
    id: 'createRole',
    method: 'POST',
    url: '/api/v1/roles',
    access: 'admin',
    tag: roles,
    summary: 'Add a custom role; its key is lowercase snake case, e.g. security_lead',
    body: createRoleInput,
    status: 201,
    response: roleOut,
    handler: async ({ app, ctx, body }) =>
      presentRole(await createRole(ctx, body), app.clock.now()),
  }),
  route({
    id: 'deleteRole',
    method: 'DELETE',
    url: '/api/v1/roles/:key',
    access: 'admin',
    tag: roles,
    summary: 'Delete a custom role and its rotation; built-in roles stay',
    params: keyParams,
    status: 204,
    handler: async ({ ctx, params }) => deleteRole(ctx, params.key),
  }),
  route({
    id: 'setRotation',
    method: 'PUT',
    url: '/api/v1/roles/:key/rotation',
    access: 'admin',
    tag: roles,
    summary: "Set a role's on-call rotation: person ids in order, the first on call first",
    params: keyParams,
    body: rotationInput,
    response: roleOut,
    handler: async ({ app, ctx, params, body }) =>
      presentRole(await setRotation(ctx, params.key, body), app.clock.now()),
  }),
  route({
    id: 'listRegions',
    method: 'GET',
    url: '/api/v1/regions',
    access: 'read',
    tag: 'region',
    summary: "The team's regions, each with working hours in its own time zone",
    response: z.object({ regions: z.array(regionOut) }),
    handler: async ({ app }) => ({ regions: await listRegions(app.store.db) }),
  }),
  route({
    id: 'setRegion',
    method: 'PUT',
    url: '/api/v1/regions/:key',
    access: 'admin',
    tag: 'region',
    summary: 'Add or change a region; a person in it without hours of their own works its hours',
    params: keyParams,
    body: regionInput,
    response: regionOut,
    creates: true,
    handler: async ({ ctx, params, body }) => {
      const r = await setRegion(ctx, params.key, body);
      return r.created ? new Created(r.region) : r.region;
    },
  }),
  route({
    id: 'deleteRegion',
    method: 'DELETE',
    url: '/api/v1/regions/:key',
    access: 'admin',
    tag: 'region',
    summary: 'Remove a region; refused (409) while people are in it',
    params: keyParams,
    status: 204,
    handler: async ({ ctx, params }) => deleteRegion(ctx, params.key),
  }),
]);
