/** GET/POST /console/declare: the form, its per-channel preview, declare-and-publish or draft. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { declareIncident } from '../../../actions/declareIncident.js';
import { composeForIncident } from '../../../actions/shared/templateMessage.js';
import { channelLabels } from '../../../channels/catalog.js';
import { DomainError } from '../../../domain/errors.js';
import { severityTargets } from '../../../domain/severity.js';
import { type Html, html } from '../../../lib/html.js';
import {
  type DeclareData,
  type DeclareState,
  declareBody,
} from '../../../pages/console/declare.js';
import { previewPanel, previewPlaceholder } from '../../../pages/console/preview.js';
import { listAudiences } from '../../../store/queries/audiences.js';
import { loadPlanSettings } from '../../../store/queries/plan.js';
import { listSeverities } from '../../../store/queries/team.js';
import { listTemplates } from '../../../store/queries/templates.js';
import { unexplainedProblems } from '../../../store/queries/unexplained.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one, pageData, sendHtml } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import {
  audienceInput,
  audienceProblem,
  capitalise,
  formErrors,
  readAudienceForm,
  readMessageForm,
} from './forms.js';
import { reachPreview } from './reach.js';
import { type Console, consoleScope } from './scope.js';

const DECLARE_STAGES = new Set(['investigating', 'identified', 'monitoring', 'interim']);

interface Loaded extends DeclareData {
  contact: string;
  /** the severity the plan names as its default, if it exists */
  defaultSeverity: string | undefined;
  /** components not operational with no open incident holding them there (by hand, an alert) */
  affected: Record<string, string>;
}

async function loadData(c: Console): Promise<Loaded> {
  const db = c.app.store.db;
  const [{ page, components }, severities, templates, audiences, settings] = await Promise.all([
    pageData(c.app),
    listSeverities(db),
    listTemplates(db),
    listAudiences(db),
    loadPlanSettings(db),
  ]);
  const affected = await unexplainedProblems(db, components);
  const known = new Set(audiences.map((a) => a.key));
  const seen = new Map<string, string>();
  for (const t of templates)
    if (DECLARE_STAGES.has(t.stage) && (!seen.has(t.key) || t.locale === 'en'))
      seen.set(t.key, t.name);
  const order = [...DECLARE_STAGES];
  const stageOf = new Map(templates.map((t) => [t.key, t.stage]));
  return {
    severities: severities.map((s) => ({
      key: s.key,
      name: s.name,
      description: s.description,
      cadenceMinutes: s.settings.cadence.firstMinutes,
      approvalRequired: s.settings.approvalRequired,
      audiences: severityTargets(s, audiences)
        .map((t) => t.audience)
        .filter((k) => known.has(k)),
    })),
    templates: [...seen]
      .map(([key, name]) => ({ key, name }))
      .sort((a, b) => order.indexOf(stageOf.get(a.key)!) - order.indexOf(stageOf.get(b.key)!)),
    locales: [...new Set(templates.map((t) => t.locale))].sort((a, b) =>
      a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b),
    ),
    components,
    audiences: audiences.map((a) => ({
      key: a.key,
      name: a.name,
      channels: a.channels,
      outreach: a.outreach,
    })),
    channelLabels: channelLabels(),
    contact: page.support_email ?? page.support_url ?? '',
    defaultSeverity: severities.find((x) => x.key === settings.default_severity)?.key,
    affected,
  };
}

async function preview(
  c: Console,
  d: DeclareData,
  s: DeclareState,
  vars: Record<string, string | boolean>,
  minutes: number,
): Promise<Html> {
  const v = s.values;
  const { composed } = await composeForIncident(c.app.store.db, {
    template: v.template || 'investigating',
    locale: v.locale || 'en',
    vars: {
      ...vars,
      next_update_at: new Date(c.app.clock.now().getTime() + minutes * 60_000).toISOString(),
    },
    incidentName: v.name || (v.issue ? capitalise(v.issue) : 'New incident'),
    componentIds: Object.keys(s.components).filter((id) => d.components.some((x) => x.id === id)),
    fallbackUrl: c.app.ctx().fallbackUrl,
  });
  const reach = await reachPreview(c, {
    severity: v.severity || null,
    audience: s.audience,
    audiences: d.audiences,
    components: s.components,
  });
  return html`${previewPanel({
    renderings: composed.renderings,
    findings: composed.findings,
    statusLabel: 'Investigating',
  })}${reach}`;
}

async function show(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  d: DeclareData,
  s: DeclareState,
  p: Html | null,
) {
  return c.render(req, reply, status, {
    title: 'Declare an incident',
    section: 'declare',
    body: declareBody(d, s, p, c.session(req).csrf),
  });
}

export const consoleDeclareRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/declare', async (req, reply) => {
      const d = await loadData(c);
      // no severity is chosen for the comms lead unless the plan names a default
      const sev = d.severities.find((x) => x.key === d.defaultSeverity);
      const minutes = sev?.cadenceMinutes ?? 20;
      const state: DeclareState = {
        values: {
          severity: sev?.key ?? '',
          template: 'investigating',
          locale: 'en',
          contact: d.contact,
          // empty until a severity is chosen: then it is that severity's cadence
          next_update_in_minutes: sev ? String(minutes) : '',
        },
        components: { ...d.affected },
        errors: {},
        autoMinutes: true,
        audience: { visibility: 'public', chosen: sev?.audiences ?? [], auto: true },
      };
      const vars: Record<string, string> = d.contact ? { contact: d.contact } : {};
      const p = sev ? await preview(c, d, state, vars, minutes) : null;
      return show(c, req, reply, 200, d, state, p);
    });

    scope.post('/console/declare', async (req, reply) => {
      const d = await loadData(c);
      const form = formBody(req.body);
      const m = readMessageForm(form, d.components, ['severity', 'template', 'locale', 'name']);
      const sev = d.severities.find((x) => x.key === m.values.severity);
      const errors = { ...m.errors };
      // a preview needs no severity; declaring does
      if (!sev && (m.intent === 'publish' || m.intent === 'draft'))
        errors.severity = 'Choose how bad it is.';
      if (!d.locales.includes(m.values.locale)) {
        if (m.values.locale) errors.locale = 'Choose one of the listed languages.';
        m.values.locale = 'en';
      }
      const minutes = m.minutes ?? sev?.cadenceMinutes ?? 20;
      const state: DeclareState = {
        values: m.values,
        components: m.components,
        errors,
        autoMinutes:
          !m.values.next_update_in_minutes ||
          m.values.next_update_in_minutes === String(sev?.cadenceMinutes),
        audience: readAudienceForm(
          form,
          d.audiences.map((a) => a.key),
          sev?.audiences ?? [],
        ),
      };
      const draw = async () => {
        try {
          return await preview(c, d, state, m.vars, minutes);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          Object.assign(state.errors, formErrors(err.fields));
          return null;
        }
      };
      if (m.intent !== 'publish' && m.intent !== 'draft') {
        const p = await draw();
        if (one(form.fragment) === '1')
          return sendHtml(reply, 200, (p ?? previewPlaceholder()).value);
        return show(c, req, reply, 200, d, state, p);
      }
      // a second submit of this form (Back, reload) leads to the first one's result
      const actor = c.session(req).actor;
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      if (!m.values.issue)
        state.errors.issue =
          'Describe the issue in a few words: it names the incident and fills in every channel.';
      const who = audienceProblem(state.audience);
      if (who) state.errors.audiences = who;
      if (Object.keys(state.errors).length) return show(c, req, reply, 400, d, state, await draw());
      try {
        const ctx = withClaim(app.ctx(actor), claim);
        const out = await declareIncident(ctx, {
          severity: m.values.severity,
          template: m.values.template || 'investigating',
          locale: m.values.locale || 'en',
          ...(m.values.name ? { name: m.values.name } : {}),
          vars: m.vars,
          components: m.components,
          next_update_in_minutes: minutes,
          publish: m.intent === 'publish',
          ...audienceInput(state.audience),
        });
        const done = out.approvalId ? 'awaiting' : m.intent === 'publish' ? 'declared' : 'drafted';
        const location = `/console/incidents/${encodeURIComponent(out.incident.id)}?done=${done}`;
        await keepAnswer(ctx, claim, 303, undefined, location);
        return reply.redirect(location, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        state.errors = { ...state.errors, ...formErrors(err.fields) };
        return show(c, req, reply, 400, d, state, await draw());
      }
    });
  });
