/**
 * /api/v1/social/:kind: the status page's Mastodon and Bluesky accounts, whose mentions become
 * enquiries (issue #11) and which later issues post to. Admin only; credentials are write-only.
 */
import { z } from 'zod';
import { deleteSocialAccount } from '../../../actions/deleteSocialAccount.js';
import { setSocialAccount } from '../../../actions/setSocialAccount.js';
import { socialAccountInput } from '../../../actions/socialInputs.js';
import { notFound } from '../../../domain/errors.js';
import { SOCIAL_KINDS } from '../../../domain/social.js';
import { getSocialAccount } from '../../../store/queries/social.js';
import { apiModule, Created, route } from '../../api.js';

const time = z.iso.datetime({ offset: true });
const tag = 'social';

export const socialAccountOut = z.object({
  kind: z.enum(SOCIAL_KINDS),
  url: z.string().nullable().describe('the Mastodon instance or Bluesky service'),
  handle: z.string().nullable(),
  settings_from: z
    .enum(['api', 'env'])
    .describe(
      'api: stored through this API (credentials encrypted); env: FLARE_MASTODON_* / FLARE_BLUESKY_*',
    ),
  has_credentials: z.boolean().describe('the token or app password itself is never shown'),
  enabled: z.boolean(),
  post_updates: z.boolean().describe('each public update is posted to this account'),
  poll_cursor: z
    .string()
    .nullable()
    .describe('the last mention read: a Mastodon notification id, a Bluesky indexedAt'),
  last_polled_at: time.nullable(),
  last_ok_at: time.nullable(),
  last_error: z.string().nullable().describe('why the last poll failed; the next one retries'),
  last_error_at: time.nullable(),
  created_at: time.nullable(),
  updated_at: time.nullable(),
});

const kindParams = z
  .object({
    kind: z.enum(SOCIAL_KINDS, { error: `must be one of ${SOCIAL_KINDS.join(', ')}` }),
  })
  .strict();

export const socialRoutes = apiModule([
  route({
    id: 'getSocialAccount',
    method: 'GET',
    url: '/api/v1/social/:kind',
    access: 'admin',
    tag,
    summary: 'A social account: where it is, whether it is polled, and how the last poll went',
    params: kindParams,
    response: socialAccountOut,
    handler: async ({ app, params }) => {
      const a = await getSocialAccount(app.store.db, params.kind, app.config.social?.[params.kind]);
      if (!a) throw notFound('social account', params.kind);
      return a;
    },
  }),
  route({
    id: 'setSocialAccount',
    method: 'PUT',
    url: '/api/v1/social/:kind',
    access: 'admin',
    tag,
    summary:
      'Create or replace a social account: Mastodon instance and access token, or Bluesky handle and app password (stored encrypted, never shown)',
    params: kindParams,
    body: socialAccountInput,
    response: socialAccountOut,
    creates: true,
    handler: async ({ app, ctx, params, body }) => {
      const r = await setSocialAccount(ctx, params.kind, body, app.config.social?.[params.kind]);
      return r.created ? new Created(r.account) : r.account;
    },
  }),
  route({
    id: 'deleteSocialAccount',
    method: 'DELETE',
    url: '/api/v1/social/:kind',
    access: 'admin',
    tag,
    summary:
      'Forget a social account’s stored settings and polling state (settings from the environment still apply)',
    params: kindParams,
    status: 204,
    handler: async ({ ctx, params }) => deleteSocialAccount(ctx, params.kind),
  }),
]);
