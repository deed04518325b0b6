import { invalid, notFound } from '../domain/errors.js';
import { getComponent } from '../store/queries/components.js';
import type { Component } from '../store/queries/models.js';
import { recomputeComponentStatuses } from '../store/writes/componentStatus.js';
import { enqueueNotification } from '../store/writes/outbox.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput, type UpdateComponentInput, updateComponentInput } from './inputs.js';
import { checkGroupId } from './shared/componentChecks.js';

/** Edits a component. A status change is recorded in its history and, with `notify`, queued to subscribers. */
export async function updateComponent(
  ctx: Ctx,
  id: string,
  raw: UpdateComponentInput | unknown,
): Promise<Component> {
  const input = parseInput(updateComponentInput, raw);
  await inTransaction(ctx, { scope: 'write', changes: 'component' }, async (tx) => {
    const before = await tx.db
      .selectFrom('components')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw notFound('component', id);
    if (input.group_id) {
      if (before.is_group)
        throw invalid({ group_id: 'a group cannot belong to another group (two levels at most)' });
      await checkGroupId(tx.db, input.group_id, id);
    }
    if (input.status && before.is_group && input.status !== before.status) {
      throw invalid({ status: 'a group takes its status from its components' });
    }
    const set: Record<string, unknown> = { updated_at: tx.at };
    for (const k of ['name', 'description', 'position', 'group_id', 'start_date'] as const) {
      if (input[k] !== undefined) set[k] = input[k];
    }
    if (input.showcase !== undefined) set.showcase = input.showcase ? 1 : 0;
    if (input.only_show_if_degraded !== undefined)
      set.only_show_if_degraded = input.only_show_if_degraded ? 1 : 0;
    await tx.db.updateTable('components').set(set).where('id', '=', id).execute();
    if (input.status && !before.is_group) {
      // the status set by hand; the public one is the worst of it and the open incidents'
      await tx.db
        .updateTable('components')
        .set({ manual_status: input.status })
        .where('id', '=', id)
        .execute();
      const [change] = await recomputeComponentStatuses(
        tx.db,
        [id],
        { type: 'manual', id: null },
        tx.at,
      );
      if (input.notify && change.old_status !== change.new_status) {
        await enqueueNotification(tx.db, {
          kind: 'component.updated',
          componentId: id,
          payload: change,
          at: tx.at,
        });
      }
    }
    const after = await tx.db
      .selectFrom('components')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    await tx.audit({
      action: 'component.update',
      entityType: 'component',
      entityId: id,
      before,
      after,
    });
  });
  return (await getComponent(ctx.store.db, id))!;
}
