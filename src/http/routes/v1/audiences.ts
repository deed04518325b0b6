/**
 * /api/v1/audiences: the plan's named audiences (which contacts each selects, on which
 * channels), the preview of who a notice would reach, and /api/v1/plan/tiers: the account
 * tiers and which accounts are key.
 */
import { z } from 'zod';
import { deleteAudience } from '../../../actions/deleteAudience.js';
import {
  accountTiersInput,
  audienceInput,
  audienceMatchInput,
  keyRuleInput,
} from '../../../actions/planInputs.js';
import { audiencePreviewInput, previewAudiences } from '../../../actions/previewAudiences.js';
import { setAccountTiers } from '../../../actions/setAccountTiers.js';
import { upsertAudience } from '../../../actions/upsertAudience.js';
import { notFound } from '../../../domain/errors.js';
import {
  getAudience,
  getKeyRule,
  getTiers,
  listAudiences,
} from '../../../store/queries/audiences.js';
import { apiModule, Created, route } from '../../api.js';

export const audienceOut = z.object({
  key: z.string(),
  name: z.string(),
  match: audienceMatchInput,
  channels: z.array(z.string()),
  outreach: z.boolean(),
  private_page: z.boolean(),
});

const accountTiersOut = z.object({ tiers: z.array(z.string()), key_accounts: keyRuleInput });

const previewOut = z.object({
  total: z.number().int().describe('contacts reached, each once'),
  audiences: z.array(z.object({ key: z.string(), contacts: z.number().int() })),
  channels: z.record(z.string(), z.number().int()).describe('contacts reached per channel'),
  key_accounts: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .describe('key accounts with a contact reached, by name (at most 100)'),
  key_accounts_total: z.number().int(),
});

const keyParams = z.object({ key: z.string().min(1).max(100) }).strict();
const tag = 'audience';

export const audienceRoutes = apiModule([
  route({
    id: 'listAudiences',
    method: 'GET',
    url: '/api/v1/audiences',
    access: 'read',
    tag,
    summary: 'List the plan’s audiences: the contacts each selects and the channels it uses',
    response: z.object({ audiences: z.array(audienceOut) }),
    handler: async ({ app }) => ({ audiences: await listAudiences(app.store.db) }),
  }),
  route({
    id: 'previewAudiences',
    method: 'POST',
    url: '/api/v1/audiences/preview',
    access: 'write',
    tag,
    summary:
      'How many contacts a notice would reach (in all, per audience, per channel) and which key accounts; changes nothing',
    body: audiencePreviewInput,
    response: previewOut,
    handler: async ({ ctx, body }) => previewAudiences(ctx, body),
  }),
  route({
    id: 'getAudience',
    method: 'GET',
    url: '/api/v1/audiences/:key',
    access: 'read',
    tag,
    summary: 'One audience',
    params: keyParams,
    response: audienceOut,
    handler: async ({ app, params }) => {
      const a = await getAudience(app.store.db, params.key);
      if (!a) throw notFound('audience', params.key);
      return a;
    },
  }),
  route({
    id: 'upsertAudience',
    method: 'PUT',
    url: '/api/v1/audiences/:key',
    access: 'admin',
    tag,
    summary: 'Create (201) or replace (200) an audience: its rule, channels, outreach and page',
    params: keyParams,
    body: audienceInput,
    response: audienceOut,
    creates: true,
    handler: async ({ ctx, params, body }) => {
      const r = await upsertAudience(ctx, params.key, body);
      return r.created ? new Created(r.audience) : r.audience;
    },
  }),
  route({
    id: 'deleteAudience',
    method: 'DELETE',
    url: '/api/v1/audiences/:key',
    access: 'admin',
    tag,
    summary: 'Delete an audience; refused (409, naming them) while a severity notifies it',
    params: keyParams,
    status: 204,
    handler: async ({ ctx, params }) => deleteAudience(ctx, params.key),
  }),
  route({
    id: 'getAccountTiers',
    method: 'GET',
    url: '/api/v1/plan/tiers',
    access: 'read',
    tag,
    summary: 'The account tiers, highest first, and which accounts are key',
    response: accountTiersOut,
    handler: async ({ app }) => ({
      tiers: await getTiers(app.store.db),
      key_accounts: await getKeyRule(app.store.db),
    }),
  }),
  route({
    id: 'setAccountTiers',
    method: 'PUT',
    url: '/api/v1/plan/tiers',
    access: 'admin',
    tag,
    summary:
      'Set the account tiers (highest first) and, optionally, which accounts are key; 409 when an account or audience still uses a tier left out',
    body: accountTiersInput,
    response: accountTiersOut,
    handler: async ({ ctx, body }) => setAccountTiers(ctx, body),
  }),
]);
