import { conflict, forbidden, notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';
import { decideApprovalInput } from './declareInputs.js';
import { parseInput } from './inputs.js';
import { writePostedUpdate } from './postUpdate.js';
import { type ApprovalRequest, publishDraft } from './shared/approvals.js';
import { addTimeline } from './shared/team.js';

/** The approver approves, edits or rejects a waiting message in one step. Audited. */
export async function decideApproval(
  ctx: Ctx,
  approvalId: string,
  raw: unknown,
): Promise<{ state: string; incident_id: string | null }> {
  const input = parseInput(decideApprovalInput, raw);
  const result = await inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
    const a = await tx.db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', approvalId)
      .executeTakeFirst();
    if (!a) throw notFound('approval', approvalId);
    if (a.state !== 'pending' && a.state !== 'escalated')
      throw conflict(`this approval was already ${a.state.replace('_', ' ')}`, {
        decision: `the request is ${a.state}`,
      });
    if (input.decision !== 'reject' && a.requested_by === ctx.actor.id) {
      // a second pair of eyes, unless the plan says one person may do both
      const self = await tx.db
        .selectFrom('plan_settings')
        .select('value')
        .where('key', '=', 'allow_self_approval')
        .executeTakeFirst();
      if (self?.value !== 'true')
        throw forbidden(
          `${ctx.actor.id} asked for this approval and may not approve it too: another approver must (or set the plan setting allow_self_approval: true)`,
          {
            decision:
              'the approver may not be the requester (the plan setting allow_self_approval is off)',
          },
        );
    }
    const request = JSON.parse(a.request) as ApprovalRequest;
    const state = input.decision === 'reject' ? 'rejected' : 'approved';
    await tx.db
      .updateTable('approvals')
      .set({ state, decided_by: ctx.actor.id, decided_at: tx.at, note: input.note ?? null })
      .where('id', '=', approvalId)
      .execute();
    if (input.decision !== 'reject' && request.kind === 'publish_draft') {
      if (input.body) {
        const first = await tx.db
          .selectFrom('incident_updates')
          .select('id')
          .where('incident_id', '=', request.incident_id)
          .orderBy('created_at')
          .limit(1)
          .executeTakeFirst();
        if (first)
          await tx.db
            .updateTable('incident_updates')
            .set({ body: input.body, updated_at: tx.at })
            .where('id', '=', first.id)
            .execute();
      }
      await publishDraft(tx.db, request.incident_id, tx.at);
    }
    if (input.decision !== 'reject' && request.kind === 'post_update') {
      // the decision and the message it approves commit together, or not at all
      await writePostedUpdate(tx, 'incident', request.incident_id, {
        ...request.update,
        body: input.body ?? request.update.body,
      });
    }
    const verb =
      input.decision === 'reject'
        ? 'rejected'
        : input.decision === 'edit'
          ? 'edited and approved'
          : 'approved';
    if (a.incident_id)
      await addTimeline(
        tx.db,
        a.incident_id,
        'decision',
        `${ctx.actor.id} ${verb} the message${input.note ? `: ${input.note}` : '.'}`,
        ctx.actor.id,
        tx.at,
      );
    await tx.audit({
      action: `approval.${input.decision}`,
      entityType: 'approval',
      entityId: approvalId,
      before: a,
      after: { state, body: input.body ?? null, note: input.note ?? null },
    });
    return { state, request };
  });
  return { state: result.state, incident_id: result.request.incident_id };
}
