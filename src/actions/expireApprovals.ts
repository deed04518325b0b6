import { DomainError } from '../domain/errors.js';
import { getSeverity } from '../store/queries/team.js';
import type { Ctx } from './context.js';
import { inTransaction } from './context.js';
import { writePostedUpdate } from './postUpdate.js';
import { type ApprovalRequest, publishDraft } from './shared/approvals.js';
import { addTimeline, notifyPeople } from './shared/team.js';

/**
 * Approvals past their time box escalate to the executive sponsor and the incident lead's
 * rotation; where the severity says so, the message then publishes by itself, so approval
 * never blocks the first post. Run by the scheduler.
 */
export async function expireApprovals(
  ctx: Ctx,
): Promise<{ escalated: string[]; published: string[] }> {
  const now = ctx.clock.now().toISOString();
  const due = await ctx.store.db
    .selectFrom('approvals')
    .selectAll()
    .where('state', '=', 'pending')
    .where('expires_at', '<=', now)
    .execute();
  const escalated: string[] = [];
  const published: string[] = [];
  for (const a of due) {
    const incident = a.incident_id
      ? await ctx.store.db
          .selectFrom('incidents')
          .select(['severity', 'name'])
          .where('id', '=', a.incident_id)
          .executeTakeFirst()
      : undefined;
    const sev = incident?.severity ? await getSeverity(ctx.store.db, incident.severity) : undefined;
    const auto = sev?.settings.autoPublishOnTimeout ?? false;
    const request = JSON.parse(a.request) as ApprovalRequest;
    const done = await inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
      const r = await tx.db
        .updateTable('approvals')
        .set(
          auto
            ? {
                state: 'auto_published',
                decided_by: 'system:timebox',
                decided_at: tx.at,
                escalated_at: tx.at,
              }
            : { escalated_at: tx.at, state: 'escalated' },
        )
        .where('id', '=', a.id)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) return false; // another scheduler got there first
      const people = await tx.db
        .selectFrom('incident_roles')
        .select('person_id')
        .where('incident_id', '=', a.incident_id ?? '')
        .where('role_key', 'in', ['incident_lead', 'executive_sponsor', 'comms_lead'])
        .execute();
      const what = auto
        ? 'It has been published by itself, as the plan says.'
        : 'It is still waiting: please decide now.';
      await notifyPeople(
        tx.db,
        people.map((p) => p.person_id),
        {
          subject: `Approval time box passed: ${incident?.name ?? 'incident'}`,
          text: `Nobody decided on a message within the time box. ${what}`,
        },
        tx.at,
        a.incident_id,
      );
      if (a.incident_id)
        await addTimeline(
          tx.db,
          a.incident_id,
          'system',
          `Approval time box passed. ${what}${people.length ? '' : ' Nobody holds the incident lead, comms lead or executive sponsor role, so nobody was told.'}`,
          'flare',
          tx.at,
        );
      if (auto && request.kind === 'publish_draft')
        await publishDraft(tx.db, request.incident_id, tx.at);
      if (auto && request.kind === 'post_update') {
        // published in the same transaction as the decision: both happen, or neither
        await writePostedUpdate(tx, 'incident', request.incident_id, request.update);
      }
      await tx.audit({
        action: auto ? 'approval.auto_publish' : 'approval.escalate',
        entityType: 'approval',
        entityId: a.id,
        before: { state: 'pending' },
        after: { state: auto ? 'auto_published' : 'escalated' },
      });
      return true;
    }).catch((err) => failApproval(ctx, a.id, a.incident_id, err));
    if (done === 'failed') continue;
    if (!done) continue;
    if (auto) published.push(a.id);
    else escalated.push(a.id);
  }
  return { escalated, published };
}

/** The approved message can no longer be posted (its incident moved on): say so, never retry forever. */
async function failApproval(
  ctx: Ctx,
  id: string,
  incidentId: string | null,
  err: unknown,
): Promise<'failed'> {
  if (!(err instanceof DomainError)) throw err;
  await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    await tx.db
      .updateTable('approvals')
      .set({ state: 'failed', decided_by: 'system:timebox', decided_at: tx.at, note: err.message })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .execute();
    if (incidentId)
      await addTimeline(
        tx.db,
        incidentId,
        'system',
        `A message waiting for approval could not be published: ${err.message}`,
        'flare',
        tx.at,
      );
    await tx.audit({
      action: 'approval.fail',
      entityType: 'approval',
      entityId: id,
      after: { state: 'failed', reason: err.message },
    });
  });
  return 'failed';
}
