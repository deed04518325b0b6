/**
 * /api/v1/inbound: the inbound sources' settings. Which are configured and from where (api or
 * env), and setting or clearing a source's secret (admin; audited; the secret is never shown).
 * The vendor webhooks themselves are http/routes/inbound.ts.
 */
import { z } from 'zod';
import { clearInboundSecret } from '../../../actions/clearInboundSecret.js';
import { setInboundSecretInput } from '../../../actions/enquiryInputs.js';
import { setInboundSecret } from '../../../actions/setInboundSecret.js';
import type { App } from '../../../app.js';
import { notFound } from '../../../domain/errors.js';
import { INBOUND_NAMES, INBOUND_SOURCES, inboundSource } from '../../../inbound/registry.js';
import type { InboundSource } from '../../../inbound/types.js';
import { getInboundSecret } from '../../../store/queries/inboundSources.js';
import { getPage } from '../../../store/queries/page.js';
import { apiModule, route } from '../../api.js';

const tag = 'inbound';

export const inboundSourceOut = z.object({
  name: z.enum(INBOUND_NAMES as [string, ...string[]]),
  title: z.string(),
  url: z.string().describe('the URL to give the vendor'),
  configured: z.boolean(),
  from: z
    .enum(['api', 'env'])
    .nullable()
    .describe('where the secret comes from: set through this API, or the environment variable'),
  env: z.string().describe('the environment variable the secret may come from instead'),
  secret: z.string().describe('what the secret is on the vendor’s side (never its value)'),
  updated_at: z.iso.datetime({ offset: true }).nullable(),
});

const sourceParams = z.object({ source: z.string().min(1).max(100) }).strict();

async function present(app: App, d: InboundSource) {
  const row = await getInboundSecret(app.store.db, d.name);
  const env = !!app.config.inboundSecrets?.[d.name];
  const base = ((await getPage(app.store.db))?.url ?? app.ctx().fallbackUrl ?? '').replace(
    /\/+$/,
    '',
  );
  return {
    name: d.name,
    title: d.title,
    url: `${base}/api/v1/inbound/${d.name}`,
    configured: !!row || env,
    from: row ? ('api' as const) : env ? ('env' as const) : null,
    env: d.env,
    secret: d.secretName,
    updated_at: row?.updated_at ?? null,
  };
}

function known(name: string): InboundSource {
  const d = inboundSource(name);
  if (!d) throw notFound('inbound source', name);
  return d;
}

export const inboundSourceRoutes = apiModule([
  route({
    id: 'listInboundSources',
    method: 'GET',
    url: '/api/v1/inbound',
    access: 'admin',
    tag,
    summary:
      'The inbound sources (vendor webhooks that become enquiries): each one’s URL, whether it has a secret and from where (never the secret)',
    response: z.object({ sources: z.array(inboundSourceOut) }),
    handler: async ({ app }) => ({
      sources: await Promise.all(INBOUND_SOURCES.map((d) => present(app, d))),
    }),
  }),
  route({
    id: 'setInboundSecret',
    method: 'PUT',
    url: '/api/v1/inbound/:source',
    access: 'admin',
    tag,
    summary:
      'Set an inbound source’s secret (the vendor’s signing secret, client secret or auth token); kept encrypted, never shown again, and used instead of its environment variable',
    params: sourceParams,
    body: setInboundSecretInput,
    response: inboundSourceOut,
    handler: async ({ app, ctx, params, body }) => {
      const d = known(params.source);
      await setInboundSecret(ctx, d.name, body);
      return present(app, d);
    },
  }),
  route({
    id: 'clearInboundSecret',
    method: 'DELETE',
    url: '/api/v1/inbound/:source',
    access: 'admin',
    tag,
    summary:
      'Remove the secret set through the API; the source’s environment variable applies again, if set',
    params: sourceParams,
    status: 204,
    handler: async ({ ctx, params }) => clearInboundSecret(ctx, known(params.source).name),
  }),
]);
