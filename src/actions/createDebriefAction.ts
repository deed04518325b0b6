/**
 * Adds an action item to an incident's debrief (issue #14): what is to be done, by whom, by
 * when; optionally from one of the debrief's suggestions. The owner is told on their internal
 * channels at once. Audited.
 */
import { invalid, notFound } from '../domain/errors.js';
import { newId } from '../lib/ids.js';
import { type DebriefAction, getDebriefAction } from '../store/queries/debriefActions.js';
import { loadDebrief } from './applyDebriefSuggestion.js';
import { type Ctx, inTransaction } from './context.js';
import { type CreateDebriefActionInput, createDebriefActionInput } from './debriefActionInputs.js';
import { parseInput } from './inputs.js';
import { resolveOwner, tellOwner } from './shared/debriefActions.js';

export async function createDebriefAction(
  ctx: Ctx,
  incidentId: string,
  raw: CreateDebriefActionInput | unknown,
): Promise<DebriefAction> {
  const input = parseInput(createDebriefActionInput, raw);
  if (Date.parse(input.due_at) <= ctx.clock.now().getTime())
    throw invalid({ due_at: 'must be in the future' });
  if (input.suggestion_id) {
    // only a suggestion the debrief makes now (this also finds the incident)
    const d = await loadDebrief(ctx, incidentId);
    if (!d.suggestions.some((s) => s.id === input.suggestion_id))
      throw invalid({
        suggestion_id: `${input.suggestion_id} is not one of this debrief's suggestions`,
      });
  }
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const incident = await tx.db
      .selectFrom('incidents')
      .select('id')
      .where('id', '=', incidentId)
      .executeTakeFirst();
    if (!incident) throw notFound('incident', incidentId);
    const owner = await resolveOwner(tx.db, input.owner_id);
    const id = newId();
    const row = {
      id,
      incident_id: incidentId,
      text: input.text,
      owner_id: owner.id,
      due_at: new Date(input.due_at).toISOString(),
      status: 'open',
      done_at: null,
      done_by: null,
      note: input.note || null,
      suggestion_id: input.suggestion_id ?? null,
      created_at: tx.at,
      created_by: ctx.actor.id,
      updated_at: tx.at,
      assigned_notified_at: tx.at,
      overdue_notified_at: null,
    };
    await tx.db.insertInto('debrief_actions').values(row).execute();
    await tellOwner(ctx, tx.db, 'assigned', row, tx.at);
    const after = (await getDebriefAction(tx.db, id))!;
    await tx.audit({
      action: 'debrief.action.create',
      entityType: 'debrief_action',
      entityId: id,
      after,
    });
    return after;
  });
}
