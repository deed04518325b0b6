/**
 * The Monitors screens (admins): GET /console/monitors (every connected monitor with its rules
 * and latest alerts, and the connect form); POST /console/monitors connects one and shows its
 * intake URL in that response only (a resend of the form gets the list, never the secret);
 * GET|POST /console/monitors/:id edits a monitor's name and rules; …/rotate and …/disconnect ask
 * first, then make a new secret (shown once) or disconnect it. Each form carries a one-time
 * token. The actions are the API's own (createIntegration, updateIntegration,
 * deleteIntegration), so every change is validated and audited the same way.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createIntegration } from '../../../actions/createIntegration.js';
import { deleteIntegration } from '../../../actions/deleteIntegration.js';
import { updateIntegration } from '../../../actions/updateIntegration.js';
import type { AlertMapping } from '../../../domain/alerts.js';
import { DomainError, forbidden, invalid, notFound } from '../../../domain/errors.js';
import { ALERT_SOURCES, alertSource } from '../../../inbound/alerts/registry.js';
import type { Flash } from '../../../pages/console/layout.js';
import {
  componentField,
  MONITOR_LABELS,
  type MonitorCard,
  type MonitorsData,
  mappingValues,
  monitorConfirmBody,
  monitorEditBody,
  monitorSecretBody,
  monitorsBody,
  monitorsRefusedBody,
  STATUS_CHOICES,
} from '../../../pages/console/monitors.js';
import type { Errors, Values } from '../../../pages/console/parts.js';
import {
  type AlertIntegration,
  getIntegration,
  listAlertGroups,
  listIntegrations,
} from '../../../store/queries/alertIntegrations.js';
import { listComponents } from '../../../store/queries/components.js';
import { listSeverities } from '../../../store/queries/team.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { intakeBase, intakePath } from '../v1/integrations.js';
import { plainErrors } from './plainErrors.js';
import { type Console, consoleScope } from './scope.js';

const ONLY_ADMINS = 'only an admin token can connect monitors; sign in with one';
const LIST = '/console/monitors';
const GROUPS_SHOWN = 5;

const FLASH: Record<string, Flash> = {
  saved: { tone: 'ok', text: 'Saved. The next alert follows the new rules.' },
  disconnected: {
    tone: 'ok',
    text: 'Disconnected. Its address is refused from now on; the drafts and incidents it opened stay.',
  },
  resent: {
    tone: 'warn',
    text: 'That form was already sent, so nothing was done twice. A new address was shown once, after the first send; if it was not copied, make a new secret.',
  },
};

type Form = Record<string, string | string[]>;

const isAdmin = (c: Console, req: FastifyRequest) => c.session(req).actor.scope === 'admin';

function guard(c: Console, req: FastifyRequest) {
  if (!isAdmin(c, req)) throw forbidden(ONLY_ADMINS);
}

async function found(c: Console, id: string): Promise<AlertIntegration> {
  const i = await getIntegration(c.app.store.db, id);
  if (!i) throw notFound('monitor', id);
  return i;
}

/** What the forms need: the components to map, the severities, the tools, and no monitor cards. */
async function formData(c: Console, req: FastifyRequest): Promise<MonitorsData> {
  const db = c.app.store.db;
  const { page } = await pageData(c.app);
  return {
    monitors: [],
    kinds: ALERT_SOURCES.map((s) => ({ kind: s.kind, title: s.title })),
    components: (await listComponents(db))
      .filter((x) => !x.group)
      .map((x) => ({ id: x.id, name: x.name })),
    severities: (await listSeverities(db)).map((s) => ({ key: s.key, name: s.name })),
    zone: page.time_zone,
    csrf: c.session(req).csrf,
  };
}

/** The whole screen: the forms' data and a card per monitor with its latest alerts. */
async function screenData(c: Console, req: FastifyRequest): Promise<MonitorsData> {
  const d = await formData(c, req);
  for (const i of await listIntegrations(c.app.store.db)) d.monitors.push(await card(c, i));
  return d;
}

async function card(c: Console, i: AlertIntegration): Promise<MonitorCard> {
  const groups = await listAlertGroups(c.app.store.db, {
    integrationId: i.id,
    limit: GROUPS_SHOWN,
  });
  return {
    id: i.id,
    name: i.name,
    kind: i.kind,
    kindTitle: alertSource(i.kind).title,
    signed: !!i.signing_secret_sealed,
    mapping: i.mapping,
    created_at: i.created_at,
    groups: groups.map((g) => ({
      id: g.id,
      title: g.title,
      state: g.state,
      incident_id: g.incident_id,
      firing: Number(g.firing),
      alert_count: Number(g.alert_count),
      updated_at: g.updated_at,
    })),
  };
}

/**
 * The form's fields as a mapping: each component's comma-separated label values, the status,
 * the severity and the publish box; what the form does not show (matchers, grouping, a
 * template, a per-alert-severity table kept with `__api`) is kept from `before`.
 */
export function mappingFromForm(
  form: Form,
  components: { id: string; name: string }[],
  before: AlertMapping = {},
): AlertMapping {
  const fields: Record<string, string> = {};
  const map: Record<string, string> = {};
  const owner = new Map<string, string>();
  for (const comp of components) {
    const key = componentField(comp.id);
    for (const value of one(form[key])
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)) {
      const first = owner.get(value);
      if (first && first !== comp.name)
        fields[key] =
          `lists “${value}”, which is already listed under ${first}: one value names one component`;
      else if (value.length > 500) fields[key] = 'has a value longer than 500 characters';
      owner.set(value, comp.name);
      map[value] = comp.id;
    }
  }
  const status = one(form.status) || 'partial_outage';
  if (!STATUS_CHOICES.some((s) => s.value === status))
    fields.status = 'choose one of the listed statuses';
  if (Object.keys(fields).length) throw invalid(fields);
  const severity = one(form.severity);
  const { rules, group_by, group, template } = before;
  return {
    label: one(form.label).trim() || 'service',
    ...(Object.keys(map).length ? { components: map } : {}),
    status: status as AlertMapping['status'],
    ...(severity === '__api'
      ? before.severity && typeof before.severity === 'object'
        ? { severity: before.severity }
        : {}
      : severity
        ? { severity }
        : {}),
    ...(one(form.publish) === '1' ? { publish: true } : {}),
    ...(rules ? { rules } : {}),
    ...(group_by ? { group_by } : {}),
    ...(group ? { group } : {}),
    ...(template ? { template } : {}),
  };
}

/** An action's problems keyed by the form's fields ("mapping.components.checkout" → that component's field). */
function formErrors(err: unknown, mapping: AlertMapping | null, d: MonitorsData): Errors {
  if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
  const labels: Record<string, string> = { ...MONITOR_LABELS };
  for (const comp of d.components)
    labels[componentField(comp.id)] = `Label values for ${comp.name}`;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(err.fields ?? {})) {
    let key = k.replace(/^mapping\./, '');
    const value = /^components\.(.+)$/.exec(key)?.[1];
    if (value !== undefined) key = componentField(mapping?.components?.[value] ?? '');
    fields[key] = fields[key] ? `${fields[key]} ${v}` : v;
  }
  return plainErrors(new DomainError('validation_failed', err.message, fields), labels);
}

const valuesOf = (form: Form, d: MonitorsData): Values => {
  const v: Values = {};
  for (const k of ['name', 'kind', 'label', 'status', 'severity', 'publish'])
    v[k] = one(form[k]).slice(0, 2000);
  for (const comp of d.components)
    v[componentField(comp.id)] = one(form[componentField(comp.id)]).slice(0, 2000);
  return v;
};

async function claimed(c: Console, req: FastifyRequest, reply: FastifyReply, form: Form) {
  const actor = c.session(req).actor;
  const claim = formClaim(form, actor.id);
  const replayed = !!claim && (await replayAnswer(c.app, reply, claim, { sameRequestOnly: false }));
  return { claim, replayed, ctx: withClaim(c.app.ctx(actor), claim) };
}

export const consoleMonitorRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    const render = (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      title: string,
      body: ReturnType<typeof monitorsBody>,
      flash: Flash | null = null,
    ) => c.render(req, reply, status, { title, section: 'monitors', flash, body });

    scope.get(LIST, async (req, reply) => {
      if (!isAdmin(c, req)) return render(req, reply, 403, 'Monitors', monitorsRefusedBody());
      const done = (req.query as Record<string, unknown> | undefined)?.done;
      const flash = typeof done === 'string' ? (FLASH[done] ?? null) : null;
      return render(req, reply, 200, 'Monitors', monitorsBody(await screenData(c, req)), flash);
    });

    scope.post(LIST, async (req, reply) => {
      guard(c, req);
      const form = formBody(req.body);
      const { claim, replayed, ctx } = await claimed(c, req, reply, form);
      if (replayed) return reply;
      const d = await formData(c, req);
      let mapping: AlertMapping | null = null;
      let out: Awaited<ReturnType<typeof createIntegration>>;
      try {
        mapping = mappingFromForm(form, d.components);
        out = await createIntegration(ctx, { name: one(form.name), kind: one(form.kind), mapping });
      } catch (err) {
        const errors = formErrors(err, mapping, d);
        const screen = await screenData(c, req);
        return render(
          req,
          reply,
          400,
          'Monitors',
          monitorsBody({ ...screen, form: { values: valuesOf(form, d), errors } }),
        );
      }
      // the kept answer is the list, never the secret
      await keepAnswer(ctx, claim, 303, undefined, `${LIST}?done=resent`);
      const source = alertSource(one(form.kind));
      return render(
        req,
        reply,
        201,
        'Monitor connected',
        monitorSecretBody({
          name: one(form.name).trim(),
          kindTitle: source.title,
          url: `${await intakeBase(app)}${intakePath(out.id, out.secret)}`,
          signingSecret: out.signing_secret,
          signingName: source.signing?.name ?? null,
          rotated: false,
        }),
      );
    });

    scope.get<{ Params: { id: string } }>(`${LIST}/:id`, async (req, reply) => {
      guard(c, req);
      const i = await found(c, req.params.id);
      const d = await formData(c, req);
      const m = await card(c, i);
      return render(
        req,
        reply,
        200,
        `Rules of ${i.name}`,
        monitorEditBody(d, m, { values: mappingValues(i.mapping, i.name), errors: {} }),
      );
    });

    scope.post<{ Params: { id: string } }>(`${LIST}/:id`, async (req, reply) => {
      guard(c, req);
      const i = await found(c, req.params.id);
      const form = formBody(req.body);
      const { claim, replayed, ctx } = await claimed(c, req, reply, form);
      if (replayed) return reply;
      const d = await formData(c, req);
      let mapping: AlertMapping | null = null;
      try {
        mapping = mappingFromForm(form, d.components, i.mapping);
        await updateIntegration(ctx, i.id, { name: one(form.name), mapping });
      } catch (err) {
        const errors = formErrors(err, mapping, d);
        const m = await card(c, i);
        return render(
          req,
          reply,
          400,
          `Rules of ${i.name}`,
          monitorEditBody(d, m, { values: valuesOf(form, d), errors }),
        );
      }
      const done = `${LIST}?done=saved#m-${i.id}`;
      await keepAnswer(ctx, claim, 303, undefined, done);
      return reply.redirect(done, 303);
    });

    scope.get<{ Params: { id: string } }>(`${LIST}/:id/rotate`, async (req, reply) => {
      guard(c, req);
      const i = await found(c, req.params.id);
      return render(
        req,
        reply,
        200,
        `New secret for ${i.name}?`,
        monitorConfirmBody({
          title: `Make a new secret for ${i.name}?`,
          text: `Flare makes a new address${i.signing_secret_sealed ? ' and signing secret' : ''} and shows it once. The old address stops working at once, so ${alertSource(i.kind).title} is refused until you paste the new one.`,
          action: `${LIST}/${encodeURIComponent(i.id)}/rotate`,
          button: 'Yes, make a new secret',
          csrf: c.session(req).csrf,
        }),
      );
    });

    scope.post<{ Params: { id: string } }>(`${LIST}/:id/rotate`, async (req, reply) => {
      guard(c, req);
      const i = await found(c, req.params.id);
      const form = formBody(req.body);
      if (one(form.confirm) !== 'yes')
        return reply.redirect(`${LIST}/${encodeURIComponent(i.id)}/rotate`, 303);
      const { claim, replayed, ctx } = await claimed(c, req, reply, form);
      if (replayed) return reply;
      const secrets = (await updateIntegration(ctx, i.id, { rotate_secret: true }))!;
      await keepAnswer(ctx, claim, 303, undefined, `${LIST}?done=resent`);
      const source = alertSource(i.kind);
      return render(
        req,
        reply,
        201,
        'New secret',
        monitorSecretBody({
          name: i.name,
          kindTitle: source.title,
          url: `${await intakeBase(app)}${intakePath(i.id, secrets.secret)}`,
          signingSecret: secrets.signing_secret,
          signingName: source.signing?.name ?? null,
          rotated: true,
        }),
      );
    });

    scope.get<{ Params: { id: string } }>(`${LIST}/:id/disconnect`, async (req, reply) => {
      guard(c, req);
      const i = await found(c, req.params.id);
      return render(
        req,
        reply,
        200,
        `Disconnect ${i.name}?`,
        monitorConfirmBody({
          title: `Disconnect ${i.name}?`,
          text: `Its address is refused from then on, so its alerts open no more drafts. The drafts and incidents it opened stay. To connect it again, connect it as a new monitor and paste the new address into ${alertSource(i.kind).title}.`,
          action: `${LIST}/${encodeURIComponent(i.id)}/disconnect`,
          button: 'Yes, disconnect it',
          csrf: c.session(req).csrf,
        }),
      );
    });

    scope.post<{ Params: { id: string } }>(`${LIST}/:id/disconnect`, async (req, reply) => {
      guard(c, req);
      const form = formBody(req.body);
      if (one(form.confirm) !== 'yes')
        return reply.redirect(`${LIST}/${encodeURIComponent(req.params.id)}/disconnect`, 303);
      await deleteIntegration(app.ctx(c.session(req).actor), req.params.id).catch((err) => {
        // disconnected already (a second click, another admin): nothing left to do
        if (!(err instanceof DomainError) || err.code !== 'not_found') throw err;
      });
      return reply.redirect(`${LIST}?done=disconnected`, 303);
    });
  });
