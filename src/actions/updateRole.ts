import type { z } from 'zod';
import { conflict, notFound } from '../domain/errors.js';
import { getRole, type Role } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { createRoleInput } from './planInputs.js';
import { recordPlanVersion } from './shared/planVersions.js';

/** A custom role's name and description; its key stays, so rotations and severities keep it. */
export const updateRoleInput = createRoleInput.omit({ key: true });
export type UpdateRoleInput = z.input<typeof updateRoleInput>;

/**
 * Renames a custom role or changes its description. Built-in roles keep their names (the plan
 * document does not carry them), so they are refused (409).
 */
export async function updateRole(
  ctx: Ctx,
  key: string,
  raw: UpdateRoleInput | unknown,
): Promise<Role> {
  const input = parseInput(updateRoleInput, raw);
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('roles')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    if (!before) throw notFound('role', key);
    if (Number(before.builtin) === 1)
      throw conflict(`${before.name} is a built-in role; its name and description stay`, {
        name: 'is the name of a built-in role, which stays as it is',
      });
    const after = { name: input.name, description: input.description ?? '' };
    if (after.name === before.name && after.description === before.description) return;
    await tx.db.updateTable('roles').set(after).where('key', '=', key).execute();
    await tx.audit({
      action: 'role.update',
      entityType: 'role',
      entityId: key,
      before,
      after: { ...before, ...after },
    });
    await recordPlanVersion(tx, ctx, `role ${key} changed`);
  });
  return (await getRole(ctx.store.db, key))!;
}
