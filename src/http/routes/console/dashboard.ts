/** GET /console (the dashboard) and POST /console/approvals/:id (approve, edit or reject inline). */

import { decideApproval } from '../../../actions/decideApproval.js';
import { channelLabels } from '../../../channels/catalog.js';
import { DomainError } from '../../../domain/errors.js';
import { readiness } from '../../../domain/readinessRules.js';
import { pageZone } from '../../../lib/format.js';
import { html } from '../../../lib/html.js';
import { actorLabel } from '../../../pages/console/actor.js';
import { dashboardBody, type OpenIncident } from '../../../pages/console/dashboard.js';
import { listApprovals } from '../../../store/queries/approvals.js';
import {
  deliveryHealth,
  firstUpdateBody,
  subscriberCounts,
} from '../../../store/queries/consoleReads.js';
import { listIncidentRoles } from '../../../store/queries/incidentRoom.js';
import { listIncidents } from '../../../store/queries/incidents.js';
import { loadPlanSettings } from '../../../store/queries/plan.js';
import { isNewWorkspace } from '../../../store/queries/planBuilder.js';
import { loadPlanSummary } from '../../../store/queries/readiness.js';
import { listPeople } from '../../../store/queries/team.js';
import { formBody, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { plainProblem } from './plainErrors.js';
import { consoleScope, errorBody, flashOf } from './scope.js';

const DAY = 24 * 3600_000;

export const consoleDashboardRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<{ Querystring: { dashboard?: string } }>('/console', async (req, reply) => {
      const db = app.store.db;
      // a new workspace starts with its plan; ?dashboard=1 (the menu's link) shows the dashboard
      if (req.query.dashboard === undefined && (await isNewWorkspace(db)))
        return reply.redirect('/console/plan', 303);
      const now = app.clock.now();
      const [{ page }, incidents, maintenance, approvals, health, subscribers, people] =
        await Promise.all([
          pageData(app),
          listIncidents(db, { kind: 'incident', unresolved: true, limit: 100 }),
          listIncidents(db, {
            kind: 'maintenance',
            statuses: ['scheduled', 'in_progress', 'verifying'],
            limit: 20,
          }),
          listApprovals(db, 'open'),
          deliveryHealth(db, new Date(now.getTime() - DAY).toISOString()),
          subscriberCounts(db),
          listPeople(db),
        ]);
      const plan = readiness(await loadPlanSummary(db, process.env));
      const selfApproval = (await loadPlanSettings(db)).allow_self_approval === 'true';
      const withRoles: OpenIncident[] = [];
      for (const incident of incidents)
        withRoles.push({ incident, roles: await listIncidentRoles(db, incident.id) });
      const pending = [];
      for (const approval of approvals) {
        const r = approval.request as {
          kind?: string;
          update?: { body?: string; status?: string };
        };
        const what =
          r.kind === 'post_update'
            ? `A free-text update${r.update?.status ? ` (${r.update.status})` : ''}`
            : 'The first post of a new incident';
        const body =
          r.kind === 'post_update'
            ? (r.update?.body ?? '')
            : approval.incident_id
              ? ((await firstUpdateBody(db, approval.incident_id)) ?? '')
              : '';
        const roles = withRoles.find((o) => o.incident.id === approval.incident_id)?.roles ?? [];
        const requester = actorLabel(approval.requested_by, { roles, people });
        pending.push({ approval, body, what, requester });
      }
      maintenance.sort((a, b) => (a.scheduled_for ?? '').localeCompare(b.scheduled_for ?? ''));
      return c.render(req, reply, 200, {
        title: 'Dashboard',
        section: 'dashboard',
        flash: flashOf(req),
        body: dashboardBody({
          channelLabels: channelLabels(),
          open: withRoles.filter((o) => !o.incident.draft),
          drafts: withRoles.filter((o) => o.incident.draft),
          approvals: pending,
          maintenance,
          health,
          subscribers,
          readiness: { score: plan.score, ready: plan.ready, gaps: plan.gaps },
          zone: pageZone(page.time_zone),
          now,
          csrf: c.session(req).csrf,
          viewer: c.session(req).actor.id,
          selfApproval,
        }),
      });
    });

    scope.post<{ Params: { id: string } }>('/console/approvals/:id', async (req, reply) => {
      const form = formBody(req.body);
      const decision = one(form.decision);
      const body = one(form.body).trim();
      const note = one(form.note).trim();
      const input: Record<string, string> = { decision };
      if (decision === 'edit') input.body = body;
      if (note) input.note = note;
      try {
        const out = await decideApproval(app.ctx(c.session(req).actor), req.params.id, input);
        const done =
          decision === 'reject' ? 'rejected' : decision === 'edit' ? 'edited' : 'approved';
        const to = out.incident_id
          ? `/console/incidents/${encodeURIComponent(out.incident_id)}`
          : '/console';
        return reply.redirect(`${to}?done=${done}`, 303);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'forbidden' && err.fields.decision)
          return c.render(req, reply, 403, {
            title: 'Another person must approve',
            section: 'dashboard',
            body: html`<section class="card-pad notice-card"><h1>You cannot approve your own message</h1><p>You asked for this approval, and the plan says a second person must approve: the incident lead on call, or anyone else signed in. Nothing was published. You can still reject it.</p><p>A team of one can change this rule under <a href="/console/severities#approval-rule">Severities → Who approves</a>.</p><p class="notice-actions"><a class="cbutton cbutton-quiet" href="/console">Back to the dashboard</a></p></section>`,
          });
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        const why = Object.entries(err.fields)
          .map(([k, v]) =>
            k === 'body'
              ? `The edited wording ${v}.`
              : k === 'decision'
                ? 'Choose approve, edit or reject.'
                : plainProblem(k, v),
          )
          .join(' ');
        return c.render(req, reply, 400, {
          title: 'Approval',
          section: 'dashboard',
          body: errorBody(400, why),
        });
      }
    });
  });
