/**
 * POST /console/incidents/:id/update (from a template, or free text that may need approval)
 * and POST /console/incidents/:id/resolve (the resolved template). Each previews every channel
 * first when asked; a failed post shows the form again with the errors next to the fields.
 */

import type { FastifyReply, FastifyRequest } from 'fastify';
import { postTemplateUpdate } from '../../../actions/postTemplateUpdate.js';
import { DomainError } from '../../../domain/errors.js';
import { INCIDENT_STATUS_LABEL } from '../../../domain/status.js';
import { type Html, html } from '../../../lib/html.js';
import { freeTextPreview, previewPlaceholder } from '../../../pages/console/preview.js';
import type { FormState } from '../../../pages/console/updateForm.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one, sendHtml } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import {
  audienceInput,
  audienceProblem,
  formErrors,
  readAudienceForm,
  readMessageForm,
} from './forms.js';
import {
  audienceReach,
  cadenceMinutes,
  loadIncident,
  renderIncident,
  templatePreview,
} from './incidentScreen.js';
import { type Console, consoleScope } from './scope.js';

interface Req {
  Params: { id: string };
}

type Which = 'update' | 'resolve';

async function handle(c: Console, req: FastifyRequest<Req>, reply: FastifyReply, which: Which) {
  const l = await loadIncident(c, req, req.params.id);
  const form = formBody(req.body);
  const m = readMessageForm(form, l.data.components, [
    'mode',
    'template',
    'locale',
    'status',
    'body',
  ]);
  const text = which === 'update' && m.values.mode === 'text';
  const template = which === 'resolve' ? 'resolved' : m.values.template || 'identified';
  if (!l.data.locales.includes(m.values.locale)) m.values.locale = 'en';
  const locale = m.values.locale;
  const minutes = m.minutes ?? cadenceMinutes(l, c.app.clock.now());
  const audience =
    which === 'update'
      ? readAudienceForm(
          form,
          l.data.audiences.map((a) => a.key),
          l.severityAudiences,
        )
      : undefined;
  const state: FormState = {
    values: m.values,
    components: m.components,
    errors: { ...m.errors },
    preview: null,
    audience,
  };
  if (text && !m.values.body) state.errors.body = 'Write the update customers will read.';
  if (!text && !m.values.issue) state.errors.issue = 'Say what the issue is in a few words.';

  const draw = async (): Promise<Html | null> => {
    try {
      if (text) {
        if (!m.values.body) return null;
        const label =
          INCIDENT_STATUS_LABEL[m.values.status as keyof typeof INCIDENT_STATUS_LABEL] ??
          m.values.status;
        const p = freeTextPreview(m.values.body, label, l.data.approvalNote);
        return audience
          ? html`${p}${await audienceReach(c, l, audience, Object.keys(m.components))}`
          : p;
      }
      const final = template === 'resolved' || template === 'false_alarm';
      return await templatePreview(c, l, {
        template,
        locale,
        vars: m.vars,
        componentIds: Object.keys(m.components),
        minutes: final ? null : minutes,
        audience,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      Object.assign(state.errors, formErrors(err.fields));
      return null;
    }
  };
  const again = async (status: number) => {
    state.preview = await draw();
    if (which === 'resolve') Object.assign(state, { open: true, posted: true });
    return renderIncident(c, req, reply, status, l, { [which]: state });
  };

  const intent = m.intent;
  if (intent !== 'post' && intent !== 'resolve') {
    if (one(form.fragment) === '1') {
      const p = await draw();
      return sendHtml(reply, 200, (p ?? previewPlaceholder()).value);
    }
    return again(200);
  }
  // a second submit of this form (Back, reload) leads to the first one's result
  const actor = c.session(req).actor;
  const claim = formClaim(form, actor.id);
  if (claim && (await replayAnswer(c.app, reply, claim, { sameRequestOnly: false }))) return reply;
  const who = audience && audienceProblem(audience);
  if (who) state.errors.audiences = who;
  if (Object.keys(state.errors).length) return again(400);
  try {
    const to = audience ? audienceInput(audience) : l.resolveTo;
    const input = text
      ? {
          body: m.values.body,
          status: m.values.status,
          components: m.components,
          next_update_in_minutes: minutes,
          ...to,
        }
      : {
          template,
          locale,
          vars: m.vars,
          components: m.components,
          next_update_in_minutes: minutes,
          ...to,
        };
    const ctx = withClaim(c.app.ctx(actor), claim);
    const out = await postTemplateUpdate(ctx, l.incident.id, input);
    const closed =
      out.incident && (out.incident.status === 'resolved' || out.incident.status === 'postmortem');
    const done = out.approvalId ? 'awaiting' : closed ? 'resolved' : 'updated';
    const location = `/console/incidents/${encodeURIComponent(l.incident.id)}?done=${done}`;
    await keepAnswer(ctx, claim, 303, undefined, location);
    return reply.redirect(location, 303);
  } catch (err) {
    if (
      !(err instanceof DomainError) ||
      !['validation_failed', 'invalid_transition'].includes(err.code)
    )
      throw err;
    const fields = formErrors(err.fields);
    if (fields.status && !text) {
      fields.template = `This stage cannot follow "${INCIDENT_STATUS_LABEL[l.incident.status] ?? l.incident.status}": ${fields.status}`;
      delete fields.status;
    }
    if (which === 'resolve' && fields.template) {
      fields.issue = fields.template;
      delete fields.template;
    }
    state.errors = { ...state.errors, ...fields };
    return again(400);
  }
}

export const consoleIncidentUpdateRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.post<Req>('/console/incidents/:id/update', (req, reply) =>
      handle(c, req, reply, 'update'),
    );
    scope.post<Req>('/console/incidents/:id/resolve', (req, reply) =>
      handle(c, req, reply, 'resolve'),
    );
  });
