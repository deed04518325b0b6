/**
 * Declares an incident from the plan: picks the severity's template, assigns every role it
 * calls in from its rotation, tells the team on internal channels, opens the incident room,
 * and publishes. A pre-approved template goes out at once; free text waits for the approver
 * when the severity asks for it, within a time box.
 */
import { defaultNextUpdateMinutes } from '../domain/cadence.js';
import { invalid } from '../domain/errors.js';
import { deriveImpact } from '../domain/status.js';
import { STAGE_STATUS, type Stage } from '../domain/templates.js';
import type { Impact, IncidentStatus } from '../domain/types.js';
import { newId } from '../lib/ids.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { getRole, getSeverity } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { type DeclareIncidentInput, declareIncidentInput } from './declareInputs.js';
import { parseInput } from './inputs.js';
import { openApproval } from './shared/approvals.js';
import { refreshBriefingContacts } from './shared/briefing.js';
import { checkComponentIds, newIncidentRow, writeUpdate } from './shared/incidentWrites.js';
import {
  type Assignment,
  ackLink,
  addTimeline,
  notifyPeople,
  pickAssignee,
} from './shared/team.js';
import { assertPublishable, composeForIncident } from './shared/templateMessage.js';

export interface Declared {
  incident: Incident;
  assignments: Assignment[];
  /** set when the first post waits for approval */
  approvalId: string | null;
  findings: { rule: string; severity: string; message: string }[];
}

export async function declareIncident(
  ctx: Ctx,
  raw: DeclareIncidentInput | unknown,
): Promise<Declared> {
  const input = parseInput(declareIncidentInput, raw);
  const sev = await getSeverity(ctx.store.db, input.severity);
  if (!sev)
    throw invalid({
      severity: `no severity named ${JSON.stringify(input.severity)}; see GET /api/v1/severities`,
    });
  const now = ctx.clock.now();
  const minutes =
    input.next_update_in_minutes ??
    defaultNextUpdateMinutes(now.toISOString(), now, sev.settings.cadence);
  const nextUpdateAt = new Date(now.getTime() + minutes * 60_000).toISOString();
  const components = input.components ?? {};
  const name =
    input.name ?? (typeof input.vars.issue === 'string' ? capitalise(input.vars.issue) : undefined);
  if (!name)
    throw invalid({ name: 'is required (or give vars.issue to name the incident after it)' });
  const freeText = Boolean(input.body);
  const needsApproval = freeText && sev.settings.approvalRequired && input.publish && !input.drill;
  const publishNow = input.publish && !needsApproval && !input.drill;

  const out = await inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
    await checkComponentIds(tx.db, Object.keys(components), 'components');
    const id = newId();
    const vars = { ...input.vars, next_update_at: nextUpdateAt };
    const message = await composeForIncident(tx.db, {
      template: input.template,
      locale: input.locale,
      vars,
      incidentName: name,
      componentIds: Object.keys(components),
      incidentId: id,
      fallbackUrl: ctx.fallbackUrl,
    });
    if (!freeText) assertPublishable(message.composed.findings);
    const status = declaredStatus(message.template.stage);
    const row = newIncidentRow(tx.at, {
      id,
      kind: 'incident',
      name,
      status,
      // with no component marked yet, the severity says how bad it is
      impact: Object.keys(components).length
        ? deriveImpact(Object.values(components))
        : (SEVERITY_IMPACT[sev.key] ?? 'minor'),
      severity: sev.key,
      draft: publishNow ? 0 : 1,
      drill: input.drill ? 1 : 0,
      visibility: input.visibility,
    });
    await tx.db.insertInto('incidents').values(row).execute();
    await writeUpdate(tx.db, {
      incident: row,
      status,
      body: input.body ?? message.composed.renderings.page,
      components,
      nextUpdateAt,
      deliverNotifications: publishNow && input.deliver_notifications,
      at: tx.at,
      notificationKind: 'incident.created',
      template: freeText ? undefined : { key: message.template.key, vars: input.vars },
      audiences: input.audiences,
      visibility: input.visibility,
    });

    const assignments: Assignment[] = [];
    for (const roleKey of sev.settings.calledRoles) {
      const a = await pickAssignee(tx.db, roleKey, now, input.assign?.[roleKey]);
      if (!a) {
        // the role's name, as the Team screen shows it ("Customer liaison"), not its key
        const role = (await getRole(tx.db, roleKey))?.name ?? roleKey.replace(/_/g, ' ');
        await addTimeline(
          tx.db,
          id,
          'system',
          `Nobody is on call as ${role}: assign someone by hand.`,
          'flare',
          tx.at,
        );
        continue;
      }
      await tx.db
        .insertInto('incident_roles')
        .values({
          incident_id: id,
          role_key: roleKey,
          person_id: a.person_id,
          assigned_at: tx.at,
          acked_at: null,
          escalation_level: 0,
        })
        .execute();
      assignments.push(a);
    }
    const pageUrl = message.composed.vars.status_url as string;
    const label = `${input.drill ? '[DRILL] ' : ''}${sev.key}`;
    for (const a of assignments) {
      await notifyPeople(
        tx.db,
        [a.person_id],
        {
          subject: `${label}: ${name} — you are ${a.role_name}`,
          text: `${name} was declared ${sev.key} (${sev.name}). You are ${a.role_name}. ${publishNow ? 'The first public update is out.' : needsApproval ? 'The first public update waits for approval.' : 'Nothing has been published yet.'} Please acknowledge.`,
          action_url: ackLink(
            ctx.secretKey,
            pageUrl.replace(/\/incidents\/.*$/, ''),
            id,
            a.role_key,
            a.person_id,
          ),
          action_label: 'Acknowledge',
        },
        tx.at,
        id,
      );
    }
    const roles =
      assignments.map((a) => `${a.role_name}: ${a.person_name}`).join('; ') || 'none assigned';
    await addTimeline(
      tx.db,
      id,
      'system',
      `${ctx.actor.id} declared ${label} (${sev.name}). Roles: ${roles}.`,
      ctx.actor.id,
      tx.at,
    );
    await refreshBriefingContacts(tx.db, id, tx.at); // briefing (issue #11)
    let approvalId: string | null = null;
    if (needsApproval) {
      approvalId = await openApproval(tx.db, ctx, {
        incidentId: id,
        incidentName: name,
        severity: sev,
        request: { kind: 'publish_draft', incident_id: id },
        at: now,
        approverIds: assignments
          .filter((a) => a.role_key === 'incident_lead')
          .map((a) => a.person_id),
      });
    }
    await tx.audit({
      action: 'incident.declare',
      entityType: 'incident',
      entityId: id,
      after: {
        ...row,
        severity: sev.key,
        template: freeText ? null : message.template.key,
        vars: input.vars,
        assignments,
        approval: approvalId,
      },
    });
    return { id, assignments, approvalId, findings: message.composed.findings };
  });
  return {
    incident: (await getIncident(ctx.store.db, out.id))!,
    assignments: out.assignments,
    approvalId: out.approvalId,
    findings: out.findings,
  };
}

/** The impact a declared incident shows before any component is marked, by severity. */
const SEVERITY_IMPACT: Record<string, Impact> = { SEV1: 'critical', SEV2: 'major', SEV3: 'minor' };

/** An incident opens at its template's stage: investigating, identified or monitoring. */
function declaredStatus(stage: string): IncidentStatus {
  const status = STAGE_STATUS[stage as Stage];
  if (status === 'investigating' || status === 'identified' || status === 'monitoring')
    return status;
  throw invalid({
    template: `is a ${stage} template: declare with an investigating, identified or monitoring one`,
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
