/**
 * /console/severities: the list, add (GET …/new, POST), edit (GET and POST …/:key), delete
 * behind a confirmation, and the plan's approval rule (may the writer approve their own
 * message). Writes go through upsertSeverity, deleteSeverity and setPlanSetting (audited).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deleteSeverity } from '../../../actions/deleteSeverity.js';
import { setPlanSetting } from '../../../actions/setPlanSetting.js';
import { upsertSeverity } from '../../../actions/upsertSeverity.js';
import { CHANNEL_NAMES, channelLabels } from '../../../channels/catalog.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { AUDIENCE_CHANNELS } from '../../../domain/severity.js';
import { html } from '../../../lib/html.js';
import type { Flash } from '../../../pages/console/layout.js';
import { severitiesBody } from '../../../pages/console/severities.js';
import {
  type Matrix,
  type SeverityFormState,
  severityFormBody,
} from '../../../pages/console/severityForm.js';
import { confirmBody } from '../../../pages/console/teamForms.js';
import { listAudiences } from '../../../store/queries/audiences.js';
import { loadPlanSettings } from '../../../store/queries/plan.js';
import { getSeverity, listRoles, listSeverities } from '../../../store/queries/team.js';
import { formBody, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope } from './scope.js';
import { readSeverity, severityField, severityState } from './severityInput.js';
import { canEdit } from './team.js';
import { errorsOf } from './teamInput.js';

const FLASH: Record<string, Flash> = {
  added: { tone: 'ok', text: 'Severity added. It is offered when you declare an incident.' },
  saved: { tone: 'ok', text: 'Severity saved. New incidents and updates follow it from now on.' },
  deleted: { tone: 'ok', text: 'Severity deleted.' },
  rule: { tone: 'ok', text: 'Approval rule saved.' },
};

const ALLOWED: Matrix = {
  public: [...new Set<string>([...AUDIENCE_CHANNELS.public, ...CHANNEL_NAMES])],
  internal: [...AUDIENCE_CHANNELS.internal],
  key_accounts: [...AUDIENCE_CHANNELS.key_accounts],
};

const labels = () => ({
  status_page: 'Status page',
  social: 'Social',
  outreach: 'Account-manager call',
  ...channelLabels(),
});

async function showForm(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form: SeverityFormState,
): Promise<FastifyReply> {
  const db = c.app.store.db;
  const [roles, audiences] = await Promise.all([listRoles(db), listAudiences(db)]);
  return c.render(req, reply, status, {
    title: form.isNew ? 'Add a severity' : `Edit ${form.values.key}`,
    section: 'severities',
    body: severityFormBody({
      form,
      roles: roles.map((r) => ({ key: r.key, name: r.name })),
      audiences,
      allowed: ALLOWED,
      labels: labels(),
      csrf: c.session(req).csrf,
    }),
  });
}

/** Saves the form as severity `key` (new or existing), or shows it again with its errors. */
async function save(c: Console, req: FastifyRequest, reply: FastifyReply, key: string | null) {
  const db = c.app.store.db;
  const form = formBody(req.body);
  const before = key ? await getSeverity(db, key) : undefined;
  if (key && !before) throw notFound('severity', key);
  const audiences = await listAudiences(db);
  const { state, input } = readSeverity(form, before, audiences, ALLOWED);
  const target = key ?? state.values.key;
  if (!key && target && (await getSeverity(db, target)))
    state.errors.key = `${target} already exists: edit it from the list instead.`;
  if (!key && !target) state.errors.key = 'Give it a short name, e.g. SEV4.';
  if (Object.keys(state.errors).length) return showForm(c, req, reply, 400, state);
  try {
    await upsertSeverity(c.app.ctx(c.session(req).actor), target, input);
  } catch (err) {
    return showForm(c, req, reply, 400, { ...state, errors: errorsOf(err, severityField) });
  }
  return reply.redirect(`/console/severities?done=${key ? 'saved' : 'added'}#sev-${target}`, 303);
}

export const consoleSeverityRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/severities', async (req, reply) => {
      const db = app.store.db;
      const [severities, roles, audiences, settings] = await Promise.all([
        listSeverities(db),
        listRoles(db),
        listAudiences(db),
        loadPlanSettings(db),
      ]);
      const done = (req.query as Record<string, unknown>)?.done;
      return c.render(req, reply, 200, {
        title: 'Severities',
        section: 'severities',
        flash: typeof done === 'string' ? (FLASH[done] ?? null) : null,
        body: severitiesBody({
          severities,
          roleNames: new Map(roles.map((r) => [r.key, r.name])),
          audienceNames: new Map(audiences.map((a) => [a.key, a.name])),
          labels: labels(),
          allowSelfApproval: settings.allow_self_approval === 'true',
          canEdit: canEdit(c, req),
          csrf: c.session(req).csrf,
        }),
      });
    });

    scope.get('/console/severities/new', async (req, reply) => {
      const db = app.store.db;
      const form = severityState(undefined, await listAudiences(db));
      // the plan's default interim time is what a new severity starts with
      const interim = (await loadPlanSettings(db)).interim_after_minutes;
      if (interim) form.values.interim_after = interim;
      return showForm(c, req, reply, 200, form);
    });
    scope.post('/console/severities', (req, reply) => save(c, req, reply, null));

    scope.post('/console/severities/approval-rule', async (req, reply) => {
      const on = one(formBody(req.body).allow_self_approval) === 'true';
      await setPlanSetting(app.ctx(c.session(req).actor), {
        key: 'allow_self_approval',
        value: on ? 'true' : 'false',
      });
      return reply.redirect('/console/severities?done=rule#approval-rule', 303);
    });

    scope.get<{ Params: { key: string } }>('/console/severities/:key', async (req, reply) => {
      const db = app.store.db;
      const sev = await getSeverity(db, req.params.key);
      if (!sev) throw notFound('severity', req.params.key);
      return showForm(c, req, reply, 200, severityState(sev, await listAudiences(db)));
    });
    scope.post<{ Params: { key: string } }>('/console/severities/:key', (req, reply) =>
      save(c, req, reply, req.params.key),
    );

    scope.get<{ Params: { key: string } }>(
      '/console/severities/:key/delete',
      async (req, reply) => {
        const sev = await getSeverity(app.store.db, req.params.key);
        if (!sev) throw notFound('severity', req.params.key);
        const key = encodeURIComponent(sev.key);
        return c.render(req, reply, 200, {
          title: `Delete ${sev.key}`,
          section: 'severities',
          body: confirmBody({
            title: `Delete ${sev.key} · ${sev.name}?`,
            lines: [
              'It will no longer be offered when you declare an incident. Past incidents keep their severity in the history.',
              'An incident still open with this severity must be resolved first.',
            ],
            action: `/console/severities/${key}/delete`,
            button: `Delete ${sev.key}`,
            back: `/console/severities#sev-${key}`,
            csrf: c.session(req).csrf,
          }),
        });
      },
    );
    scope.post<{ Params: { key: string } }>(
      '/console/severities/:key/delete',
      async (req, reply) => {
        try {
          await deleteSeverity(app.ctx(c.session(req).actor), req.params.key);
        } catch (err) {
          if (!(err instanceof DomainError) || err.code !== 'conflict') throw err;
          return c.render(req, reply, 409, {
            title: 'The severity stays',
            section: 'severities',
            body: html`<section class="card-pad notice-card confirm"><h1>${req.params.key} cannot be deleted now</h1><p>An incident that is still open has this severity. Resolve it (or give it another severity) first, then delete ${req.params.key}.</p><p class="notice-actions"><a class="cbutton cbutton-quiet" href="/console/severities">Back to severities</a></p></section>`,
          });
        }
        return reply.redirect('/console/severities?done=deleted', 303);
      },
    );
  });
