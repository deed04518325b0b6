/**
 * Posts an incident update from a template (or free text): the template's stage gives the
 * status, Flare fills in what it knows and the promised next update (the severity's cadence
 * unless set by hand), and the linter must pass. A pre-approved template publishes at once;
 * free text, or an edited wording, waits for the approver when the severity asks for it.
 */
import { DEFAULT_CADENCE, defaultNextUpdateMinutes } from '../domain/cadence.js';
import { invalid } from '../domain/errors.js';
import { assertTransition, isFinal } from '../domain/lifecycle.js';
import { STAGE_STATUS } from '../domain/templates.js';
import { type ComponentStatus, INCIDENT_STATUSES, type IncidentStatus } from '../domain/types.js';
import { incidentDowntime } from '../store/queries/downtime.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { getSeverity, isTopSeverity } from '../store/queries/team.js';
import { findTemplate } from '../store/queries/templates.js';
import { type Ctx, inTransaction } from './context.js';
import { type TemplateUpdateInput, templateUpdateInput } from './declareInputs.js';
import { parseInput } from './inputs.js';
import { openApproval } from './shared/approvals.js';
import { checkComponentIds, loadIncidentRow, writeUpdate } from './shared/incidentWrites.js';
import { assertPublishable, composeForIncident } from './shared/templateMessage.js';

export interface TemplateUpdateResult {
  /** the incident after the update; null when the update waits for approval */
  incident: Incident | null;
  /** set when the update waits for the approver */
  approvalId: string | null;
  findings: { rule: string; severity: string; message: string; channel?: string }[];
}

export async function postTemplateUpdate(
  ctx: Ctx,
  incidentId: string,
  raw: TemplateUpdateInput | unknown,
): Promise<TemplateUpdateResult> {
  const input = parseInput(templateUpdateInput, raw);
  if (
    input.status !== undefined &&
    !(INCIDENT_STATUSES as readonly string[]).includes(input.status)
  )
    throw invalid({ status: `must be one of ${INCIDENT_STATUSES.join(', ')}` });
  const now = ctx.clock.now();
  const out = await inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
    const before = await loadIncidentRow(tx.db, incidentId, 'incident');
    const sev = before.severity ? await getSeverity(tx.db, before.severity) : undefined;
    const components: Record<string, ComponentStatus> = input.components ?? {};
    await checkComponentIds(tx.db, Object.keys(components), 'components');
    const linked = await tx.db
      .selectFrom('incident_components')
      .select('component_id')
      .where('incident_id', '=', incidentId)
      .execute();

    const template = input.template
      ? await findTemplate(tx.db, input.template, input.locale)
      : undefined;
    if (input.template && !template)
      throw invalid({ template: `no template named ${JSON.stringify(input.template)}` });
    const status = (input.status ?? (template ? STAGE_STATUS[template.stage] : undefined)) as
      | IncidentStatus
      | undefined;
    if (!status)
      throw invalid({ status: 'is required with a free-text body (or give a template)' });
    if (!(INCIDENT_STATUSES as readonly string[]).includes(status))
      throw invalid({
        template: `is a ${template?.stage} template: for maintenances, not incidents`,
      });
    assertTransition('incident', before.status as IncidentStatus, status);
    const final = isFinal(status);
    const minutes =
      input.next_update_in_minutes ??
      defaultNextUpdateMinutes(before.started_at, now, sev?.settings.cadence ?? DEFAULT_CADENCE);
    const nextUpdateAt = final ? null : new Date(now.getTime() + minutes * 60_000).toISOString();

    // Flare fills in the promised time, so every channel says when the next update comes; a
    // closing update also gets how long the outage lasted (`downtime`, issue #12)
    const filled = {
      ...input.vars,
      ...(final ? { downtime: await incidentDowntime(tx.db, before, now) } : {}),
    };
    const composed = template
      ? await composeForIncident(tx.db, {
          template: template.id,
          locale: input.locale,
          severityTop: sev ? await isTopSeverity(tx.db, sev.key) : false,
          vars: { ...filled, ...(nextUpdateAt ? { next_update_at: nextUpdateAt } : {}) },
          incidentName: before.name,
          componentIds: [
            ...new Set([...linked.map((l) => l.component_id), ...Object.keys(components)]),
          ],
          incidentId,
          fallbackUrl: ctx.fallbackUrl,
          changes: components,
        })
      : undefined;
    const freeText = Boolean(input.body);
    if (composed && !freeText) assertPublishable(composed.composed.findings);
    const findings = composed?.composed.findings ?? [];
    const body = input.body ?? composed!.composed.renderings.page;
    const edited = composed ? !composed.template.pre_approved : false;
    const needsApproval =
      Boolean(sev?.settings.approvalRequired) && (freeText || edited) && !before.drill;

    if (needsApproval) {
      const leads = await tx.db
        .selectFrom('incident_roles')
        .select('person_id')
        .where('incident_id', '=', incidentId)
        .where('role_key', '=', 'incident_lead')
        .execute();
      const approvalId = await openApproval(tx.db, ctx, {
        incidentId,
        incidentName: before.name,
        severity: sev!,
        request: {
          kind: 'post_update',
          incident_id: incidentId,
          update: {
            status,
            body,
            components: input.components,
            ...(final ? {} : { next_update_in_minutes: minutes }),
            deliver_notifications: input.deliver_notifications,
            ...(input.audiences ? { audiences: input.audiences } : {}),
            ...(input.visibility === 'audiences' ? { visibility: 'audiences' } : {}),
            ...(input.compensation ? { compensation: input.compensation } : {}),
          },
        },
        at: now,
        approverIds: leads.map((l) => l.person_id),
      });
      await tx.audit({
        action: 'incident.update.request_approval',
        entityType: 'incident',
        entityId: incidentId,
        after: { approval_id: approvalId, status, body, template: composed?.template.key ?? null },
      });
      return { approvalId, findings };
    }

    // a draft is not public yet: nobody outside hears of it; a drill tells the team only
    const deliver = input.deliver_notifications && (!before.draft || Boolean(before.drill));
    const written = await writeUpdate(tx.db, {
      incident: before,
      status,
      body,
      components,
      nextUpdateAt,
      deliverNotifications: deliver,
      at: tx.at,
      notificationKind: 'incident.updated',
      template:
        composed && !freeText
          ? {
              key: composed.template.key,
              // a closing message names the components back to normal, read by every channel
              vars:
                final && input.vars.components === undefined
                  ? { ...filled, components: composed.componentNames }
                  : filled,
            }
          : undefined,
      audience: before.drill ? 'internal' : 'public',
      audiences: input.audiences,
      visibility: input.visibility,
      compensation: input.compensation,
    });
    await tx.audit({
      action: 'incident.update',
      entityType: 'incident',
      entityId: incidentId,
      before,
      after: {
        ...written.after,
        update_id: written.updateId,
        body,
        template: composed && !freeText ? composed.template.key : null,
        vars: input.vars,
        affected_components: written.affected,
      },
    });
    return { approvalId: null, findings };
  });
  return {
    incident: out.approvalId ? null : ((await getIncident(ctx.store.db, incidentId)) ?? null),
    approvalId: out.approvalId,
    findings: out.findings,
  };
}
