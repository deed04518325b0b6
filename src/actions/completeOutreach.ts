import { conflict, notFound } from '../domain/errors.js';
import { getOutreachTask, type OutreachTask } from '../store/queries/outreach.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type CompleteOutreachInput, completeOutreachInput } from './outreachInputs.js';
import { addTimeline } from './shared/team.js';

const OUTCOME_TEXT = { reached: 'reached', left_message: 'left a message', no_answer: 'no answer' };

/**
 * Records how an outreach call went (reached, left a message, no answer), which closes the
 * task. An escalated task can still be completed; a completed one cannot be again. Audited.
 */
export async function completeOutreach(
  ctx: Ctx,
  taskId: string,
  raw: CompleteOutreachInput | unknown,
): Promise<OutreachTask> {
  const input = parseInput(completeOutreachInput, raw);
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const before = await getOutreachTask(tx.db, taskId);
    if (!before) throw notFound('outreach task', taskId);
    if (before.status === 'done')
      throw conflict(
        `this outreach task was already completed (${before.outcome}) at ${before.completed_at}`,
        { outcome: `already recorded as ${before.outcome}` },
      );
    const done = await tx.db
      .updateTable('outreach_tasks')
      .set({
        status: 'done',
        outcome: input.outcome,
        note: input.note ?? null,
        completed_at: tx.at,
        completed_by: ctx.actor.id,
      })
      .where('id', '=', taskId)
      .where('status', '<>', 'done')
      .executeTakeFirst();
    // completed by someone else between the read and the write
    if (Number(done.numUpdatedRows) !== 1)
      throw conflict('this outreach task was just completed by someone else', {
        outcome: 'already recorded',
      });
    await addTimeline(
      tx.db,
      before.incident_id,
      'system',
      `Outreach to ${before.account_name}: ${OUTCOME_TEXT[input.outcome]} (recorded by ${ctx.actor.id}).${input.note ? ` ${input.note}` : ''}`,
      ctx.actor.id,
      tx.at,
    );
    const after = (await getOutreachTask(tx.db, taskId))!;
    const audited = ({ contacts: _c, talking_points: _t, ...rest }: OutreachTask) => rest;
    await tx.audit({
      action: 'outreach.complete',
      entityType: 'outreach_task',
      entityId: taskId,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}
