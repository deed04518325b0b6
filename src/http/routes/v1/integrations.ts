/**
 * /api/v1/integrations: the monitors connected to Flare (issue #13 part 1). Creating one
 * answers its intake URL with the secret in it and, for PagerDuty, its signing secret; they are
 * never shown again (PATCH with rotate_secret makes new ones). Admin; audited. The intake
 * itself is http/routes/alertIntake.ts.
 */
import { z } from 'zod';
import {
  alertMapping,
  createIntegrationInput,
  updateIntegrationInput,
} from '../../../actions/alertInputs.js';
import { createIntegration } from '../../../actions/createIntegration.js';
import { deleteIntegration } from '../../../actions/deleteIntegration.js';
import { updateIntegration } from '../../../actions/updateIntegration.js';
import type { App } from '../../../app.js';
import { ALERT_KINDS } from '../../../domain/alerts.js';
import { notFound } from '../../../domain/errors.js';
import {
  type AlertIntegration,
  getIntegration,
  listAlertGroups,
  listIntegrations,
} from '../../../store/queries/alertIntegrations.js';
import { getPage } from '../../../store/queries/page.js';
import { apiModule, route } from '../../api.js';
import { idParams } from '../../schemas.js';

const tag = 'integration';

export const integrationOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  mapping: alertMapping,
  signed: z.boolean().describe('true when the vendor signs each request (PagerDuty)'),
  created_at: z.string(),
  updated_at: z.string(),
});

const created = integrationOut.extend({
  url: z.string().describe('the full intake URL, with its secret: give it to the monitor'),
  secret: z.string().describe('the URL secret (shown only now)'),
  signing_secret: z
    .string()
    .optional()
    .describe('PagerDuty: the signing secret to check X-PagerDuty-Signature with (shown only now)'),
});

const alertGroupOut = z.object({
  id: z.string(),
  group_key: z.string(),
  state: z
    .string()
    .describe('held (in its flap window), opening, declaring, open, flapped or closed'),
  incident_id: z.string().nullable(),
  title: z.string(),
  severity: z.string().nullable(),
  template: z.string(),
  components: z.record(z.string(), z.string()),
  alert_count: z.number(),
  firing: z.number(),
  hold_until: z.string().nullable(),
  resolution_proposed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const intakePath = (id: string, secret: string) =>
  `/api/v1/alerts/${encodeURIComponent(id)}/${encodeURIComponent(secret)}`;

export async function intakeBase(app: App) {
  return ((await getPage(app.store.db))?.url ?? app.ctx().fallbackUrl ?? '').replace(/\/+$/, '');
}

const present = (i: AlertIntegration) => ({
  id: i.id,
  name: i.name,
  kind: i.kind as (typeof ALERT_KINDS)[number],
  mapping: i.mapping,
  signed: !!i.signing_secret_sealed,
  created_at: i.created_at,
  updated_at: i.updated_at,
});

async function found(app: App, id: string) {
  const i = await getIntegration(app.store.db, id);
  if (!i) throw notFound('integration', id);
  return i;
}

export const integrationRoutes = apiModule([
  route({
    id: 'listIntegrations',
    method: 'GET',
    url: '/api/v1/integrations',
    access: 'admin',
    tag,
    summary: 'The connected monitors and their mapping rules (never their secrets)',
    response: z.object({ integrations: z.array(integrationOut) }),
    handler: async ({ app }) => ({
      integrations: (await listIntegrations(app.store.db)).map(present),
    }),
  }),
  route({
    id: 'createIntegration',
    method: 'POST',
    url: '/api/v1/integrations',
    access: 'admin',
    tag,
    status: 201,
    summary:
      'Connect a monitor: answers its intake URL (with a random secret) and, for PagerDuty, its signing secret, shown only in this answer. Its alerts open draft incidents by its mapping rules',
    body: createIntegrationInput,
    response: created,
    handler: async ({ app, ctx, body }) => {
      const out = await createIntegration(ctx, body);
      const i = (await getIntegration(app.store.db, out.id))!;
      return {
        ...present(i),
        url: `${await intakeBase(app)}${intakePath(out.id, out.secret)}`,
        secret: out.secret,
        ...(out.signing_secret ? { signing_secret: out.signing_secret } : {}),
      };
    },
  }),
  route({
    id: 'getIntegration',
    method: 'GET',
    url: '/api/v1/integrations/:id',
    access: 'admin',
    tag,
    summary: 'One connected monitor (never its secrets)',
    params: idParams,
    response: integrationOut,
    handler: async ({ app, params }) => present(await found(app, params.id)),
  }),
  route({
    id: 'listIntegrationGroups',
    method: 'GET',
    url: '/api/v1/integrations/:id/groups',
    access: 'read',
    tag,
    summary:
      'The alert groups of a monitor, newest first: each one’s state, its draft or incident, how many alerts fire, and any resolution proposed',
    params: idParams,
    response: z.object({ groups: z.array(alertGroupOut) }),
    handler: async ({ app, params }) => {
      await found(app, params.id);
      const rows = await listAlertGroups(app.store.db, { integrationId: params.id });
      return {
        groups: rows.map((g) => ({
          id: g.id,
          group_key: g.group_key,
          state: g.state,
          incident_id: g.incident_id,
          title: g.title,
          severity: g.severity,
          template: g.template,
          components: JSON.parse(g.components) as Record<string, string>,
          alert_count: Number(g.alert_count),
          firing: Number(g.firing),
          hold_until: g.hold_until,
          resolution_proposed_at: g.resolution_proposed_at,
          created_at: g.created_at,
          updated_at: g.updated_at,
        })),
      };
    },
  }),
  route({
    id: 'updateIntegration',
    method: 'PATCH',
    url: '/api/v1/integrations/:id',
    access: 'admin',
    tag,
    summary:
      'Rename a monitor, change its mapping rules, or rotate its secrets (`rotate_secret: true` answers the new URL and signing secret, once)',
    params: idParams,
    body: updateIntegrationInput,
    response: integrationOut.extend({
      url: z.string().optional(),
      secret: z.string().optional(),
      signing_secret: z.string().optional(),
    }),
    handler: async ({ app, ctx, params, body }) => {
      const secrets = await updateIntegration(ctx, params.id, body);
      const i = await found(app, params.id);
      return {
        ...present(i),
        ...(secrets
          ? {
              url: `${await intakeBase(app)}${intakePath(i.id, secrets.secret)}`,
              secret: secrets.secret,
              ...(secrets.signing_secret ? { signing_secret: secrets.signing_secret } : {}),
            }
          : {}),
      };
    },
  }),
  route({
    id: 'deleteIntegration',
    method: 'DELETE',
    url: '/api/v1/integrations/:id',
    access: 'admin',
    tag,
    summary: 'Disconnect a monitor: its URL stops working; the drafts and incidents it opened stay',
    params: idParams,
    status: 204,
    handler: async ({ ctx, params }) => deleteIntegration(ctx, params.id),
  }),
]);
