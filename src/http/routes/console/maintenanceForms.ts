/**
 * The Maintenance screens' forms: schedule one, change its plan, post an update, complete it.
 * They call the same actions as /api/v1/maintenances (scheduleMaintenance, postUpdate) and
 * editMaintenance, so each write is validated and audited the same way.
 */
import { AUTO_COMPLETE_BODY } from '../../../actions/advanceMaintenances.js';
import { editMaintenance } from '../../../actions/editMaintenance.js';
import { postUpdate } from '../../../actions/postUpdate.js';
import { scheduleMaintenance } from '../../../actions/scheduleMaintenance.js';
import { badTransition, DomainError, type FieldErrors } from '../../../domain/errors.js';
import { MAINTENANCE_STATUSES, type MaintenanceStatus } from '../../../domain/types.js';
import { pageZone } from '../../../lib/format.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, many, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { findMaintenance, readLocal, showMaintenance, showMaintenances } from './maintenance.js';
import { plainErrors } from './plainErrors.js';
import { consoleScope } from './scope.js';

const FORM_ERRORS = ['validation_failed', 'conflict'];

/** A form of a completed maintenance is stale: the error page says so (409). */
async function stillOpen(c: Parameters<typeof findMaintenance>[0], id: string) {
  const m = await findMaintenance(c, id);
  if (m.status === 'completed')
    throw badTransition('This maintenance is already completed, so it can no longer be changed.');
  return m;
}

const LABELS: Record<string, string> = {
  name: 'Title',
  body: 'Message',
  status: 'Status',
  scheduled_for: 'Start',
  scheduled_until: 'End',
  components: 'Components',
  auto_transition: 'Start and complete by itself',
};

type Form = Record<string, string | string[]>;

function errorsOf(err: DomainError): FieldErrors {
  const errors = plainErrors(err, LABELS);
  if (errors.components && Object.keys(err.fields).some((k) => k.startsWith('components.')))
    errors.components =
      'One of the components chosen no longer exists or is a group. Reload the page and choose again.';
  if (errors.scheduled_until && /after/.test(errors.scheduled_until))
    errors.scheduled_until = 'End must be after the start.';
  return errors;
}

/** The plan fields of the schedule and edit forms, with the window read in the page's zone. */
function readPlan(form: Form, zone: string) {
  const values: Record<string, string> = {};
  for (const k of ['name', 'body', 'scheduled_for', 'scheduled_until'])
    values[k] = one(form[k]).trim().slice(0, 20000);
  for (const k of ['auto_transition', 'deliver_notifications'])
    values[k] = one(form[k]) === 'true' ? 'true' : '';
  const components = many(form.components).slice(0, 500);
  const errors: FieldErrors = {};
  const from = readLocal(values.scheduled_for, zone);
  const until = readLocal(values.scheduled_until, zone);
  if (!from) errors.scheduled_for = 'Start: enter a date and a time, e.g. 2026-12-03 22:00.';
  if (!until) errors.scheduled_until = 'End: enter a date and a time, e.g. 2026-12-04 01:00.';
  if (from && until && Date.parse(until) <= Date.parse(from))
    errors.scheduled_until = 'End must be after the start.';
  if (!values.name) errors.name = 'Title must not be empty.';
  return { values, components, errors, from: from ?? '', until: until ?? '' };
}

const path = (id: string) => `/console/maintenance/${encodeURIComponent(id)}`;

export const consoleMaintenanceFormRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    const zone = async () => pageZone((await pageData(app)).page.time_zone);

    scope.post('/console/maintenance', async (req, reply) => {
      const form = formBody(req.body);
      const plan = readPlan(form, await zone());
      const { values, components } = plan;
      if (!values.body) plan.errors.body = 'What will happen must not be empty.';
      if (Object.keys(plan.errors).length)
        return showMaintenances(c, req, reply, 400, { values, components, errors: plan.errors });
      const actor = c.session(req).actor;
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      try {
        const ctx = withClaim(app.ctx(actor), claim);
        const m = await scheduleMaintenance(ctx, {
          name: values.name,
          body: values.body,
          scheduled_for: plan.from,
          scheduled_until: plan.until,
          components,
          auto_transition: values.auto_transition === 'true',
          deliver_notifications: values.deliver_notifications === 'true',
        });
        const location = `${path(m.id)}?done=scheduled`;
        await keepAnswer(ctx, claim, 303, undefined, location);
        return reply.redirect(location, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || !FORM_ERRORS.includes(err.code)) throw err;
        const errors = errorsOf(err);
        if (errors.body) errors.body = errors.body.replace(/^Message/, 'What will happen');
        return showMaintenances(c, req, reply, 400, { values, components, errors });
      }
    });

    scope.post<{ Params: { id: string } }>('/console/maintenance/:id', async (req, reply) => {
      const id = req.params.id;
      const m = await stillOpen(c, id);
      const plan = readPlan(formBody(req.body), await zone());
      const { values, components } = plan;
      if (Object.keys(plan.errors).length)
        return showMaintenance(c, req, reply, id, 400, {
          edit: { values, components, errors: plan.errors },
        });
      try {
        await editMaintenance(app.ctx(c.session(req).actor), id, {
          name: values.name,
          scheduled_for: plan.from,
          scheduled_until: plan.until,
          auto_transition: values.auto_transition === 'true',
          // a started maintenance's components are fixed: its form sends none
          ...(m.status === 'scheduled' ? { components } : {}),
        });
        return reply.redirect(`${path(id)}?done=saved`, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || !FORM_ERRORS.includes(err.code)) throw err;
        return showMaintenance(c, req, reply, id, 400, {
          edit: { values, components, errors: errorsOf(err) },
        });
      }
    });

    const post = (kind: 'updates' | 'complete') =>
      scope.post<{ Params: { id: string } }>(
        `/console/maintenance/:id/${kind}`,
        async (req, reply) => {
          const id = req.params.id;
          await stillOpen(c, id);
          const form = formBody(req.body);
          const values = {
            status: kind === 'complete' ? 'completed' : one(form.status),
            body:
              one(form.body).trim().slice(0, 20000) ||
              (kind === 'complete' ? AUTO_COMPLETE_BODY : ''),
            deliver_notifications: one(form.deliver_notifications) === 'true' ? 'true' : '',
          };
          const fail = (errors: FieldErrors) =>
            showMaintenance(
              c,
              req,
              reply,
              id,
              400,
              kind === 'complete' ? { completeErrors: errors } : { update: { values, errors } },
            );
          if (!(MAINTENANCE_STATUSES as readonly string[]).includes(values.status))
            return fail({ status: 'Status: choose one of the statuses listed.' });
          if (!values.body) return fail({ body: 'Message must not be empty.' });
          const actor = c.session(req).actor;
          const claim = formClaim(form, actor.id);
          if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
            return reply;
          try {
            const ctx = withClaim(app.ctx(actor), claim);
            await postUpdate(ctx, 'maintenance', id, {
              status: values.status as MaintenanceStatus,
              body: values.body,
              deliver_notifications: values.deliver_notifications === 'true',
            });
            const location = `${path(id)}?done=${kind === 'complete' ? 'completed' : 'updated'}`;
            await keepAnswer(ctx, claim, 303, undefined, location);
            return reply.redirect(location, 303);
          } catch (err) {
            if (!(err instanceof DomainError) || !FORM_ERRORS.includes(err.code)) throw err;
            return fail(errorsOf(err));
          }
        },
      );
    post('updates');
    post('complete');
  });
