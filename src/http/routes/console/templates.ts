/**
 * GET /console/templates (the list), GET/POST /console/templates/:id (the editor: preview,
 * live as a fragment for the console script, and save as a new version), POST
 * /console/templates/:id/locales (add a language) and GET /console/templates/:id/diff.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createTemplate } from '../../../actions/createTemplate.js';
import { previewTemplate } from '../../../actions/previewTemplate.js';
import { updateTemplate } from '../../../actions/updateTemplate.js';
import { DomainError, invalid, notFound } from '../../../domain/errors.js';
import { STAGE_STATUS } from '../../../domain/templates.js';
import { pageZone } from '../../../lib/format.js';
import { type Html, html } from '../../../lib/html.js';
import type { Flash } from '../../../pages/console/layout.js';
import { LOCALE_NAMES } from '../../../pages/console/parts.js';
import { previewPanel } from '../../../pages/console/preview.js';
import { templateDiffBody } from '../../../pages/console/templateDiff.js';
import { templateEditBody } from '../../../pages/console/templateEdit.js';
import { templatesBody } from '../../../pages/console/templates.js';
import {
  getTemplateById,
  listTemplates,
  type StoredTemplate,
} from '../../../store/queries/templates.js';
import {
  getTemplateVersion,
  listTemplateVersions,
} from '../../../store/queries/templateVersions.js';
import { formBody, one, pageData, sendHtml } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope, flashOf } from './scope.js';
import {
  checkTemplateForm,
  draftOf,
  isFormError,
  readTemplateForm,
  sampleVars,
  saveInput,
  templateErrors,
  unchanged,
  valuesOf,
} from './templateForm.js';

const FLASH: Record<string, Flash> = {
  saved: { tone: 'ok', text: 'Saved as a new version. Messages from now on use this wording.' },
  unchanged: { tone: 'warn', text: 'Nothing changed, so no new version was stored.' },
  locale: { tone: 'ok', text: 'Language added with the same wording: translate it, then save.' },
};

async function load(c: Console, id: string): Promise<StoredTemplate> {
  const t = await getTemplateById(c.app.store.db, id);
  if (!t) throw notFound('template', id);
  return t;
}

/** The per-channel preview of the form's wording, with sample details; errors go on `errors`. */
async function preview(
  c: Console,
  req: FastifyRequest,
  t: StoredTemplate,
  values: Record<string, string>,
  errors: Record<string, string>,
): Promise<Html> {
  const { page } = await pageData(c.app);
  const contact = page.support_email ?? page.support_url ?? 'support@example.com';
  try {
    const draft = draftOf(t, values);
    const p = await previewTemplate(
      c.app.ctx(c.session(req).actor),
      t.id,
      { locale: t.locale, vars: sampleVars(c.app.clock.now(), contact) },
      { draft },
    );
    const status = STAGE_STATUS[draft.stage];
    return html`${previewPanel({
      renderings: p.renderings as Parameters<typeof previewPanel>[0]['renderings'],
      findings: p.findings,
      statusLabel: status.charAt(0).toUpperCase() + status.slice(1).replace('_', ' '),
    })}<p class="chint">Filled in with sample details: the issue “failed logins for some customers”, the next update in 30 minutes, and your contact ${contact}.</p>`;
  } catch (err) {
    if (!isFormError(err)) throw err;
    Object.assign(errors, templateErrors(err));
    return html`<div class="preview-inner preview-empty"><h2>Preview</h2><div class="form-alert" role="alert">The preview cannot be shown yet: ${Object.values(templateErrors(err)).join(' ')}</div></div>`;
  }
}

async function showEditor(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  t: StoredTemplate,
  status: number,
  s: {
    values?: Record<string, string>;
    errors?: Record<string, string>;
    preview?: Html | null;
  } = {},
): Promise<FastifyReply> {
  const db = c.app.store.db;
  const [{ page }, variants, versions] = await Promise.all([
    pageData(c.app),
    listTemplates(db, { key: t.key }),
    listTemplateVersions(db, t.id),
  ]);
  const taken = new Set(variants.map((v) => v.locale));
  const offered = [...new Set([...page.languages.split(','), ...Object.keys(LOCALE_NAMES)])]
    .map((l) => l.trim())
    .filter((l) => l && !taken.has(l));
  const done = (req.query as Record<string, unknown>)?.done;
  return c.render(req, reply, status, {
    title: `Template: ${t.name}`,
    section: 'templates',
    flash: typeof done === 'string' ? (FLASH[done] ?? null) : null,
    body: templateEditBody({
      template: t,
      variants,
      addable: offered,
      versions,
      values: s.values ?? valuesOf(t),
      errors: s.errors ?? {},
      preview: s.preview ?? null,
      csrf: c.session(req).csrf,
      zone: pageZone(page.time_zone),
      canSave: c.session(req).actor.scope === 'admin',
    }),
  });
}

const versionNumber = (v: unknown) =>
  typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : 0;

export const consoleTemplateRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/templates', async (req, reply) => {
      const [{ page }, templates] = await Promise.all([pageData(app), listTemplates(app.store.db)]);
      return c.render(req, reply, 200, {
        title: 'Templates',
        section: 'templates',
        flash: flashOf(req),
        body: templatesBody(templates, pageZone(page.time_zone)),
      });
    });

    scope.get<{ Params: { id: string } }>('/console/templates/:id', async (req, reply) =>
      showEditor(c, req, reply, await load(c, req.params.id), 200),
    );

    scope.post<{ Params: { id: string } }>('/console/templates/:id', async (req, reply) => {
      const t = await load(c, req.params.id);
      const form = formBody(req.body);
      const values = readTemplateForm(form);
      const errors = checkTemplateForm(values);
      if (one(form.intent) !== 'save') {
        const p = await preview(c, req, t, values, errors);
        if (one(form.fragment) === '1') return sendHtml(reply, 200, p.value);
        return showEditor(c, req, reply, t, 200, { values, errors, preview: p });
      }
      const again = (status: number) =>
        showEditor(c, req, reply, t, status, { values, errors, preview: null });
      if (Object.keys(errors).length) return again(400);
      const id = encodeURIComponent(t.id);
      if (unchanged(t, values))
        return reply.redirect(`/console/templates/${id}?done=unchanged`, 303);
      try {
        await updateTemplate(app.ctx(c.session(req).actor), t.id, saveInput(t, values));
      } catch (err) {
        if (!isFormError(err)) throw err;
        Object.assign(errors, templateErrors(err));
        return again(400);
      }
      return reply.redirect(`/console/templates/${id}?done=saved`, 303);
    });

    scope.post<{ Params: { id: string } }>('/console/templates/:id/locales', async (req, reply) => {
      const t = await load(c, req.params.id);
      const locale = one(formBody(req.body).locale).trim();
      try {
        if (!/^[a-z]{2}(-[A-Z]{2})?$/.test(locale))
          throw invalid({ locale: 'must be a language code such as fr or de' });
        const {
          id: _id,
          locale: _l,
          builtin: _b,
          updated_at: _u,
          key,
          stage,
          name,
          pre_approved,
          ...renderings
        } = t;
        const added = await createTemplate(app.ctx(c.session(req).actor), {
          key,
          stage,
          name,
          locale,
          pre_approved: false,
          renderings,
        });
        return reply.redirect(
          `/console/templates/${encodeURIComponent(added.id)}?done=locale`,
          303,
        );
      } catch (err) {
        if (!(err instanceof DomainError) || !['validation_failed', 'conflict'].includes(err.code))
          throw err;
        const locale =
          err.code === 'conflict'
            ? 'This template already exists in that language: open it from the list above.'
            : (templateErrors(err).locale ?? Object.values(templateErrors(err)).join(' '));
        return showEditor(c, req, reply, t, 400, { errors: { locale } });
      }
    });

    scope.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
      '/console/templates/:id/diff',
      async (req, reply) => {
        const t = await load(c, req.params.id);
        const from = versionNumber(req.query.from);
        const to = versionNumber(req.query.to);
        if (!from || !to)
          throw invalid(
            { from: 'choose two versions to compare' },
            'Choose two versions to compare.',
          );
        const db = app.store.db;
        const [a, b, { page }] = await Promise.all([
          getTemplateVersion(db, t.id, from),
          getTemplateVersion(db, t.id, to),
          pageData(app),
        ]);
        if (!a || !b) throw notFound('template version', String(!a ? from : to));
        return c.render(req, reply, 200, {
          title: `Changes to ${t.name}`,
          section: 'templates',
          body: templateDiffBody(t, a, b, pageZone(page.time_zone)),
        });
      },
    );
  });
