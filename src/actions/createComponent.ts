import { invalid } from '../domain/errors.js';
import { newId } from '../lib/ids.js';
import { getComponent } from '../store/queries/components.js';
import type { Component } from '../store/queries/models.js';
import { type Ctx, inTransaction } from './context.js';
import { type CreateComponentInput, createComponentInput, parseInput } from './inputs.js';
import { checkGroupId } from './shared/componentChecks.js';

/** Adds a component, or a group when `group: true`. A child names its `group_id`. */
export async function createComponent(
  ctx: Ctx,
  raw: CreateComponentInput | unknown,
): Promise<Component> {
  const input = parseInput(createComponentInput, raw);
  if (input.group && input.group_id)
    throw invalid({ group_id: 'a group cannot belong to another group (two levels at most)' });
  if (input.group && input.status && input.status !== 'operational') {
    throw invalid({ status: 'a group takes its status from its components' });
  }
  const id = await inTransaction(ctx, { scope: 'write', changes: 'component' }, async (tx) => {
    if (input.group_id) await checkGroupId(tx.db, input.group_id);
    let position = input.position;
    if (position === undefined) {
      const r = await tx.db
        .selectFrom('components')
        .select((e) => e.fn.max('position').as('p'))
        .executeTakeFirst();
      position = Number(r?.p ?? 0) + 1;
    }
    const row = {
      id: newId(),
      name: input.name,
      description: input.description ?? null,
      status: input.status ?? 'operational',
      manual_status: input.status ?? 'operational',
      position,
      group_id: input.group_id ?? null,
      is_group: input.group ? 1 : 0,
      showcase: input.showcase === false ? 0 : 1,
      only_show_if_degraded: input.only_show_if_degraded ? 1 : 0,
      start_date: input.start_date ?? null,
      created_at: tx.at,
      updated_at: tx.at,
    };
    await tx.db.insertInto('components').values(row).execute();
    await tx.db
      .insertInto('component_status_history')
      .values({
        id: newId(),
        component_id: row.id,
        status: row.status,
        previous_status: null,
        at: tx.at,
        cause_type: 'created',
        cause_id: null,
      })
      .execute();
    await tx.audit({
      action: 'component.create',
      entityType: 'component',
      entityId: row.id,
      after: row,
    });
    return row.id;
  });
  return (await getComponent(ctx.store.db, id))!;
}
