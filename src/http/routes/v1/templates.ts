/**
 * /api/v1/templates: the message templates, one per lifecycle stage, with renderings per
 * channel and variants per locale. `:id` is a template id or a key (with `?locale=`).
 */
import { z } from 'zod';
import { createTemplate } from '../../../actions/createTemplate.js';
import { previewTemplate } from '../../../actions/previewTemplate.js';
import {
  createTemplateInput,
  previewTemplateInput,
  updateTemplateInput,
} from '../../../actions/templateInputs.js';
import { updateTemplate } from '../../../actions/updateTemplate.js';
import type { App } from '../../../app.js';
import { notFound } from '../../../domain/errors.js';
import { STAGES } from '../../../domain/templates.js';
import {
  findTemplate,
  getTemplateById,
  listTemplates,
  type StoredTemplate,
} from '../../../store/queries/templates.js';
import { apiModule, route } from '../../api.js';
import { presentTemplate, previewOut, templateOut } from '../../planSchemas.js';
import { idParams } from '../../schemas.js';

const tag = 'template';
const locale = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as en or fr');
const localeQuery = z
  .object({ locale: locale.optional().describe('with a key: the variant (default en)') })
  .strict();

/** The template with this id, or with this key in exactly this locale (an edit must not fall back). */
async function exactTemplate(app: App, idOrKey: string, loc = 'en'): Promise<StoredTemplate> {
  const t =
    (await getTemplateById(app.store.db, idOrKey)) ??
    (await listTemplates(app.store.db, { key: idOrKey, locale: loc }))[0];
  if (!t) throw notFound('template', idOrKey);
  return t;
}

export const templateRoutes = apiModule([
  route({
    id: 'listTemplates',
    method: 'GET',
    url: '/api/v1/templates',
    access: 'read',
    tag,
    summary: 'List the templates (built-in and your own), by key and locale',
    query: z.object({ locale: locale.optional(), stage: z.enum(STAGES).optional() }).strict(),
    response: z.object({ templates: z.array(templateOut) }),
    handler: async ({ app, query }) => {
      const all = await listTemplates(app.store.db, { locale: query.locale });
      const list = query.stage ? all.filter((t) => t.stage === query.stage) : all;
      return { templates: list.map(presentTemplate) };
    },
  }),
  route({
    id: 'getTemplate',
    method: 'GET',
    url: '/api/v1/templates/:id',
    access: 'read',
    tag,
    summary: 'Get a template by id, or by key in a locale (falling back to English)',
    params: idParams,
    query: localeQuery,
    response: templateOut,
    handler: async ({ app, params, query }) => {
      const t = await findTemplate(app.store.db, params.id, query.locale ?? 'en');
      if (!t) throw notFound('template', params.id);
      return presentTemplate(t);
    },
  }),
  route({
    id: 'createTemplate',
    method: 'POST',
    url: '/api/v1/templates',
    access: 'admin',
    tag,
    summary: 'Add a template, or a locale of one; every channel’s Liquid must parse',
    body: createTemplateInput,
    status: 201,
    response: templateOut,
    handler: async ({ ctx, body }) => presentTemplate(await createTemplate(ctx, body)),
  }),
  route({
    id: 'updateTemplate',
    method: 'PATCH',
    url: '/api/v1/templates/:id',
    access: 'admin',
    tag,
    summary:
      'Edit a template; a changed wording is no longer pre-approved unless `pre_approved: true` is sent',
    params: idParams,
    query: localeQuery,
    body: updateTemplateInput,
    response: templateOut,
    handler: async ({ app, ctx, params, query, body }) => {
      const t = await exactTemplate(app, params.id, query.locale);
      return presentTemplate(await updateTemplate(ctx, t.id, body));
    },
  }),
  route({
    id: 'previewTemplate',
    method: 'POST',
    url: '/api/v1/templates/:id/preview',
    access: 'read',
    tag,
    summary:
      'Render a template for a channel (or all), a locale, a time zone and a sample reader; lists the linter’s findings',
    params: idParams,
    query: localeQuery,
    body: previewTemplateInput,
    response: previewOut,
    handler: async ({ ctx, params, query, body }) =>
      previewTemplate(ctx, params.id, body, { locale: query.locale }),
  }),
]);
