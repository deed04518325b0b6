/**
 * The plan builder's forms, each through the same action as the API (audited there): add a
 * person, fill or trim a rotation, add a role, add or change a severity (the fields of the step
 * it is on), restore the built-in templates, set a plan setting, and start a drill. A failed
 * form shows its step again with what was typed and the errors next to the fields.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createPerson } from '../../../actions/createPerson.js';
import { createRole } from '../../../actions/createRole.js';
import { ensureTemplateLibrary } from '../../../actions/ensureTemplateLibrary.js';
import { setPlanSetting } from '../../../actions/setPlanSetting.js';
import { setRotation } from '../../../actions/setRotation.js';
import { startDrill } from '../../../actions/startDrill.js';
import { upsertSeverity } from '../../../actions/upsertSeverity.js';
import { DomainError, type FieldErrors, notFound } from '../../../domain/errors.js';
import type { PlanSettingKey } from '../../../domain/planSettings.js';
import { DEFAULT_SEVERITIES } from '../../../domain/severity.js';
import { getRole, listSeverities } from '../../../store/queries/team.js';
import { formBody } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { showPlanStep } from './plan.js';
import { changed, echo, FORM_ERRORS, fieldsOf, text } from './planFormInputs.js';
import { type Console, consoleScope } from './scope.js';

/** Runs a write; on a form error shows step `n` again with the form's values and errors. */
async function attempt(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  o: { n: number; form: string; values: Record<string, string>; rename?: Record<string, string> },
  write: () => Promise<string>,
): Promise<FastifyReply> {
  try {
    return reply.redirect(await write(), 303);
  } catch (err) {
    if (!(err instanceof DomainError) || !FORM_ERRORS.includes(err.code)) throw err;
    return showPlanStep(c, req, reply, o.n, 400, {
      form: o.form,
      values: o.values,
      errors: fieldsOf(err, o.rename),
    });
  }
}

const SETTINGS: Partial<Record<PlanSettingKey, { step: number; anchor: string }>> = {
  allow_self_approval: { step: 5, anchor: 'approvals' },
  static_export_target: { step: 6, anchor: 'backup' },
  briefing_owner: { step: 7, anchor: 'briefing' },
  debrief_owner: { step: 8, anchor: 'debrief' },
};

export const consolePlanFormRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    const ctxOf = (req: FastifyRequest) => app.ctx(c.session(req).actor);

    scope.post('/console/plan/1/person', async (req, reply) => {
      const form = formBody(req.body);
      const values = echo(form, ['name', 'email', 'phone', 'slack', 'role']);
      return attempt(c, req, reply, { n: 1, form: 'add-person', values }, async () => {
        const role = values.role ? await getRole(app.store.db, values.role) : undefined;
        if (values.role && !role)
          throw new DomainError('validation_failed', 'unknown role', {
            role: 'choose a role from the list',
          });
        const opt = (k: string) => (values[k] ? { [k]: values[k] } : {});
        const ctx = ctxOf(req);
        const p = await createPerson(ctx, {
          name: values.name,
          ...opt('email'),
          ...opt('phone'),
          ...opt('slack'),
        });
        if (role)
          await setRotation(ctx, role.key, {
            person_ids: [...role.rotation.map((m) => m.id), p.id],
          });
        return '/console/plan/1?done=person#rotations';
      });
    });

    for (const action of ['add', 'remove'] as const)
      scope.post(
        `/console/plan/1/rotation${action === 'remove' ? '/remove' : ''}`,
        async (req, reply) => {
          const form = formBody(req.body);
          const values = echo(form, ['role', 'person']);
          const rename = { person_ids: 'person' };
          return attempt(c, req, reply, { n: 1, form: 'rotations', values, rename }, async () => {
            const role = await getRole(app.store.db, values.role);
            if (!role)
              throw new DomainError('validation_failed', 'unknown role', {
                role: 'choose a role from the list',
              });
            const ids = role.rotation.map((m) => m.id).filter((id) => id !== values.person);
            if (action === 'add') {
              if (!values.person)
                throw new DomainError('validation_failed', 'no person', {
                  person: 'choose a person',
                });
              if (ids.length < role.rotation.length)
                throw new DomainError('validation_failed', 'already on it', {
                  person: `they are already on the ${role.name} rotation`,
                });
              ids.push(values.person);
            }
            await setRotation(ctxOf(req), role.key, { person_ids: ids });
            return '/console/plan/1?done=rotation#rotations';
          });
        },
      );

    scope.post('/console/plan/1/role', async (req, reply) => {
      const values = echo(formBody(req.body), ['key', 'name', 'description']);
      return attempt(c, req, reply, { n: 1, form: 'add-role', values }, async () => {
        await createRole(ctxOf(req), {
          key: values.key,
          name: values.name,
          ...(values.description ? { description: values.description } : {}),
        });
        return '/console/plan/1?done=role#rotations';
      });
    });

    scope.post('/console/plan/2/severity', async (req, reply) => {
      const values = echo(formBody(req.body), ['key', 'name', 'description']);
      return attempt(c, req, reply, { n: 2, form: 'add-severity', values }, async () => {
        const sevs = await listSeverities(app.store.db);
        if (sevs.some((x) => x.key === values.key))
          throw new DomainError('conflict', 'taken', {
            key: `${values.key} already exists; change it above`,
          });
        const base =
          sevs.at(-1)?.settings ?? DEFAULT_SEVERITIES[DEFAULT_SEVERITIES.length - 1].settings;
        await upsertSeverity(ctxOf(req), values.key, {
          name: values.name,
          description: values.description,
          settings: base,
        });
        return `/console/plan/2?done=severity#sev-${encodeURIComponent(values.key)}`;
      });
    });

    scope.post<{ Params: { n: string; key: string } }>(
      '/console/plan/:n/severity/:key',
      async (req, reply) => {
        const n = Number(req.params.n);
        if (![2, 3, 5, 8].includes(n)) throw notFound('plan step', req.params.n);
        const sev = (await listSeverities(app.store.db)).find((x) => x.key === req.params.key);
        if (!sev) throw notFound('severity', req.params.key);
        const form = formBody(req.body);
        const keys = [
          'name',
          'description',
          'approvalRequired',
          'approvalTimeBoxMinutes',
          'autoPublishOnTimeout',
          'firstMinutes',
          'laterMinutes',
          'interimAfterMinutes',
        ];
        const values = echo(form, keys, ['calledRoles', 'public', 'internal']);
        const id = `sev-${sev.key}`;
        return attempt(c, req, reply, { n, form: id, values }, async () => {
          const errors: FieldErrors = {};
          const settings = changed(n, form, sev.settings, errors);
          if (Object.keys(errors).length)
            throw new DomainError('validation_failed', 'form', errors);
          const named =
            n === 2
              ? { name: values.name, description: values.description }
              : { name: sev.name, description: sev.description };
          await upsertSeverity(ctxOf(req), sev.key, { ...named, settings });
          return `/console/plan/${n}?done=severity#${id}`;
        });
      },
    );

    scope.post('/console/plan/4/restore', async (req, reply) => {
      await ensureTemplateLibrary(ctxOf(req));
      return reply.redirect('/console/plan/4?done=templates#templates', 303);
    });

    scope.post('/console/plan/setting', async (req, reply) => {
      const form = formBody(req.body);
      const key = text(form, 'key') as PlanSettingKey;
      const where = SETTINGS[key];
      if (!where) throw notFound('plan setting', key);
      const values = echo(form, ['value']);
      return attempt(c, req, reply, { n: where.step, form: where.anchor, values }, async () => {
        await setPlanSetting(ctxOf(req), { key, value: values.value || null });
        return `/console/plan/${where.step}?done=setting#${where.anchor}`;
      });
    });

    scope.post('/console/plan/drill', async (req, reply) => {
      const severity = text(formBody(req.body), 'severity', 20);
      const d = await startDrill(ctxOf(req), severity ? { severity } : {});
      return reply.redirect(`/console/incidents/${encodeURIComponent(d.id)}`, 303);
    });
  });
