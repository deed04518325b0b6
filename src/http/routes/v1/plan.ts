/**
 * /api/v1/plan: the whole comms plan as one document (YAML, or JSON by Accept), its import
 * (PUT, YAML body, line-numbered errors), its versions, its settings and its readiness.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { importPlan } from '../../../actions/importPlan.js';
import { setPlanSetting } from '../../../actions/setPlanSetting.js';
import { invalid, notFound } from '../../../domain/errors.js';
import { PLAN_SETTING_KEYS } from '../../../domain/planSettings.js';
import { AREAS } from '../../../domain/readiness.js';
import { readiness } from '../../../domain/readinessRules.js';
import { maskPlanDocument } from '../../../present/mask.js';
import { type PlanDocument, planDocument } from '../../../present/planDocument.js';
import { planToYaml } from '../../../present/planYaml.js';
import { getPlanVersion, listPlanVersions, loadPlan } from '../../../store/queries/plan.js';
import { loadPlanSummary } from '../../../store/queries/readiness.js';
import { apiModule, route } from '../../api.js';
import type { RouteModule } from '../../registry.js';

const tag = 'plan';
const YAML_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'];
const YAML = 'application/yaml; charset=utf-8';

const wantsJson = (accept: string | undefined) =>
  Boolean(accept && /application\/json/.test(accept) && !/yaml/.test(accept));

const versionInfo = z.object({
  version: z.number().int(),
  changed_by: z.string(),
  summary: z.string(),
  at: z.iso.datetime({ offset: true }),
});

const gap = z.object({
  area: z.enum(Object.keys(AREAS) as [keyof typeof AREAS]),
  severity: z.enum(['critical', 'warning']),
  message: z.string(),
  fix: z.string(),
});

const importResult = z.object({
  dry_run: z.boolean(),
  changes: z.array(z.string()),
  summary: z.string(),
  version: z.number().int().nullable(),
});

const routes = apiModule([
  route({
    id: 'getPlan',
    method: 'GET',
    url: '/api/v1/plan',
    access: 'read',
    tag,
    summary: 'The whole plan as one document: YAML by default, JSON with Accept: application/json',
    content: {
      'application/yaml': {
        schema: { type: 'string', description: 'The plan document in YAML (the default)' },
      },
      'application/json': {
        schema: { type: 'object', description: 'The same document in JSON' },
      },
    },
    handler: async ({ app, actor, reply }) => {
      const full = planDocument(await loadPlan(app.store.db), process.env);
      // below write scope, no team addresses or chat webhook URLs (credentials)
      const doc = actor.scope === 'read' ? maskPlanDocument(full) : full;
      if (wantsJson(reply.request.headers.accept)) return doc;
      reply.type(YAML);
      return planToYaml(doc);
    },
  }),
  route({
    id: 'importPlan',
    method: 'PUT',
    url: '/api/v1/plan',
    access: 'admin',
    tag,
    summary:
      'Replace the plan with a YAML document (Content-Type: application/yaml); 400 names the line and field of every problem; ?dry_run=true changes nothing',
    query: z.object({ dry_run: z.enum(['true', 'false']).optional() }).strict(),
    response: importResult,
    handler: async ({ ctx, body, query }) => {
      if (typeof body !== 'string' || body.trim() === '')
        throw invalid({ '(body)': 'send the plan as YAML with Content-Type: application/yaml' });
      return importPlan(ctx, body, { dryRun: query.dry_run === 'true', file: 'plan.yaml' });
    },
  }),
  route({
    id: 'listPlanVersions',
    method: 'GET',
    url: '/api/v1/plan/versions',
    access: 'read',
    tag,
    summary: 'Plan versions, newest first: who changed what, and when',
    response: z.object({ versions: z.array(versionInfo) }),
    handler: async ({ app }) => ({ versions: await listPlanVersions(app.store.db) }),
  }),
  route({
    id: 'getPlanVersion',
    method: 'GET',
    url: '/api/v1/plan/versions/:n',
    access: 'read',
    tag,
    summary: 'One plan version with its whole document (YAML)',
    params: z.object({ n: z.coerce.number().int().min(1).max(1_000_000_000) }).strict(),
    response: versionInfo.extend({ document: z.string() }),
    handler: async ({ app, actor, params }) => {
      const v = await getPlanVersion(app.store.db, params.n);
      if (!v) throw notFound('plan version', String(params.n));
      if (actor.scope !== 'read') return v;
      const doc = parseYaml(v.document, { maxAliasCount: 0 }) as PlanDocument;
      return { ...v, document: planToYaml(maskPlanDocument(doc)) };
    },
  }),
  route({
    id: 'setPlanSetting',
    method: 'PUT',
    url: '/api/v1/plan/settings/:key',
    access: 'admin',
    tag,
    summary: `Set one plan setting (${PLAN_SETTING_KEYS.join(', ')}); a null or empty value clears it`,
    params: z.object({ key: z.string().min(1).max(100) }).strict(),
    body: z
      .object({ value: z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]) })
      .strict(),
    response: z.object({ key: z.string(), value: z.string().nullable() }),
    handler: async ({ ctx, params, body }) =>
      setPlanSetting(ctx, { key: params.key, ...(body as object) }),
  }),
  route({
    id: 'getPlanReadiness',
    method: 'GET',
    url: '/api/v1/plan/readiness',
    access: 'read',
    tag,
    summary:
      'Score the plan on the eight things a plan needs, with every gap in plain words and how to fix it',
    response: z.object({
      score: z.number().int(),
      ready: z.boolean(),
      areas: z.array(
        z.object({
          key: z.string(),
          title: z.string(),
          score: z.number().int(),
          gaps: z.array(gap),
        }),
      ),
      gaps: z.array(gap),
    }),
    handler: async ({ app }) => readiness(await loadPlanSummary(app.store.db, process.env)),
  }),
]);

/** The routes, with a YAML body parser for the plan import. */
export const planRoutes: RouteModule = (server, app) => {
  for (const type of YAML_TYPES) {
    if (!server.hasContentTypeParser(type))
      server.addContentTypeParser(
        type,
        { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 },
        (_req, body, done) => done(null, body),
      );
  }
  return routes(server, app);
};
