/**
 * Changes a debrief action item (issue #14): its text, owner, due time or note, or marks it done
 * (recording who and when) or open again. A new owner is told on their internal channels; a new
 * owner or due time lets the overdue notice go out again. Audited with the before and after.
 */
import { invalid, notFound } from '../domain/errors.js';
import { type DebriefAction, getDebriefAction } from '../store/queries/debriefActions.js';
import { type Ctx, inTransaction } from './context.js';
import { type PatchDebriefActionInput, patchDebriefActionInput } from './debriefActionInputs.js';
import { parseInput } from './inputs.js';
import { resolveOwner, tellOwner } from './shared/debriefActions.js';

export async function updateDebriefAction(
  ctx: Ctx,
  id: string,
  raw: PatchDebriefActionInput | unknown,
): Promise<DebriefAction> {
  const input = parseInput(patchDebriefActionInput, raw);
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const before = await getDebriefAction(tx.db, id);
    if (!before) throw notFound('action item', id);
    const set: Record<string, string | null> = {};
    if (input.text !== undefined && input.text !== before.text) set.text = input.text;
    if (input.note !== undefined && (input.note || null) !== before.note)
      set.note = input.note || null;
    const owner =
      input.owner_id !== undefined ? await resolveOwner(tx.db, input.owner_id) : undefined;
    if (owner && owner.id !== before.owner_id) {
      set.owner_id = owner.id;
      set.assigned_notified_at = tx.at;
      set.overdue_notified_at = null;
    }
    if (input.due_at !== undefined) {
      const due = new Date(input.due_at).toISOString();
      if (due !== before.due_at) {
        if (Date.parse(due) <= Date.parse(tx.at))
          throw invalid({ due_at: 'must be in the future' });
        set.due_at = due;
        set.overdue_notified_at = null;
      }
    }
    if (input.status !== undefined && input.status !== before.status) {
      set.status = input.status;
      set.done_at = input.status === 'done' ? tx.at : null;
      set.done_by = input.status === 'done' ? ctx.actor.id : null;
    }
    if (!Object.keys(set).length) return before;
    set.updated_at = tx.at;
    await tx.db.updateTable('debrief_actions').set(set).where('id', '=', id).execute();
    const after = (await getDebriefAction(tx.db, id))!;
    if (set.owner_id && after.status === 'open')
      await tellOwner(ctx, tx.db, 'assigned', after, tx.at);
    await tx.audit({
      action: set.status === 'done' ? 'debrief.action.done' : 'debrief.action.update',
      entityType: 'debrief_action',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
