/**
 * GET and POST /console/settings: the status page's settings, saved through updatePage (so
 * validated and audited as the API's PATCH is). A problem shows the form again with every
 * value as typed and the field named; a save redirects with a flash.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { updatePage } from '../../../actions/updatePage.js';
import { DomainError } from '../../../domain/errors.js';
import { PAGE_LOCALES } from '../../../domain/locale.js';
import type { Flash } from '../../../pages/console/layout.js';
import type { Errors, Values } from '../../../pages/console/parts.js';
import { SETTINGS_LABELS, settingsBody, settingsValues } from '../../../pages/console/settings.js';
import type { Page } from '../../../store/queries/models.js';
import { formBody, many, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { plainErrors } from './plainErrors.js';
import { type Console, consoleScope } from './scope.js';

const FLASH: Record<string, Flash> = {
  saved: { tone: 'ok', text: 'Settings saved. The status page shows them now.' },
  same: { tone: 'ok', text: 'Nothing to save: the settings are as they were.' },
};

const TEXT = ['name', 'description', 'url', 'support_url', 'support_email', 'logo_url'];

/** The form as typed (values, kept on error) and as the action's input. */
export function readSettings(form: Record<string, string | string[]>): {
  values: Values;
  input: Record<string, string | string[] | null>;
} {
  const values: Values = {};
  // long enough that nothing typed within the fields' limits is cut
  for (const k of TEXT) values[k] = one(form[k]).trim().slice(0, 4000);
  // the picker works without the script: a changed picker wins over hex text left as it was
  const text = one(form.brand_color).trim().slice(0, 100);
  const pick = one(form.brand_color_pick);
  const was = one(form.brand_color_was);
  values.brand_color = text === was && pick && pick !== was ? pick : text;
  values.time_zone = one(form.time_zone).trim().slice(0, 100);
  const main = one(form.main_language);
  const ticked = many(form.languages).slice(0, 20);
  const languages = [
    main,
    ...PAGE_LOCALES.filter((l) => l !== main && ticked.includes(l)),
    ...ticked.filter((l) => !(PAGE_LOCALES as readonly string[]).includes(l)),
  ];
  values.main_language = main;
  values.languages = languages.join(',');
  const orNull = (v: string) => v || null;
  return {
    values,
    input: {
      name: values.name,
      description: values.description,
      url: values.url,
      support_url: orNull(values.support_url),
      support_email: orNull(values.support_email),
      logo_url: orNull(values.logo_url),
      brand_color: values.brand_color,
      time_zone: values.time_zone,
      languages,
    },
  };
}

function unchanged(page: Page, values: Values): boolean {
  const saved = settingsValues(page);
  return Object.keys(saved).every((k) => saved[k] === values[k]);
}

async function showSettings(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form?: { values: Values; errors: Errors },
): Promise<FastifyReply> {
  const { page } = await pageData(c.app);
  const done = (req.query as Record<string, unknown> | undefined)?.done;
  return c.render(req, reply, status, {
    title: 'Settings',
    section: 'settings',
    flash: status === 200 && typeof done === 'string' ? (FLASH[done] ?? null) : null,
    body: settingsBody({
      page,
      values: form?.values ?? settingsValues(page),
      errors: form?.errors ?? {},
      csrf: c.session(req).csrf,
      canEdit: c.session(req).actor.scope === 'admin',
    }),
  });
}

export const consoleSettingsRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/settings', (req, reply) => showSettings(c, req, reply, 200));

    scope.post('/console/settings', async (req, reply) => {
      const { values, input } = readSettings(formBody(req.body));
      const { page } = await pageData(app);
      if (unchanged(page, values)) return reply.redirect('/console/settings?done=same', 303);
      try {
        await updatePage(app.ctx(c.session(req).actor), input);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        return showSettings(c, req, reply, 400, {
          values,
          errors: plainErrors(err, SETTINGS_LABELS),
        });
      }
      return reply.redirect('/console/settings?done=saved', 303);
    });
  });
