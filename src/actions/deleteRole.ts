import { conflict, notFound } from '../domain/errors.js';
import { listSeverities } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { recordPlanVersion } from './shared/planVersions.js';

/**
 * Deletes a custom role and its rotation. Built-in roles stay. A role that a severity calls in
 * is refused (409, naming the severities) until those severities stop calling it.
 */
export async function deleteRole(ctx: Ctx, key: string): Promise<void> {
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('roles')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    if (!before) throw notFound('role', key);
    if (Number(before.builtin) === 1)
      throw conflict(`${before.name} is a built-in role and cannot be deleted`, {
        key: 'is a built-in role',
      });
    const callers = (await listSeverities(tx.db))
      .filter((s) => s.settings.calledRoles?.includes(key))
      .map((s) => s.key);
    if (callers.length)
      throw conflict(
        `${before.name} is called in by ${callers.join(', ')}; remove it from those severities first`,
        { key: `is called in by ${callers.join(', ')}` },
      );
    const rotation = await tx.db
      .selectFrom('rotation_members')
      .select('person_id')
      .where('role_key', '=', key)
      .orderBy('position')
      .execute();
    await tx.db.deleteFrom('rotation_members').where('role_key', '=', key).execute();
    await tx.db.deleteFrom('roles').where('key', '=', key).execute();
    await tx.audit({
      action: 'role.delete',
      entityType: 'role',
      entityId: key,
      before: { ...before, rotation: rotation.map((r) => r.person_id) },
    });
    await recordPlanVersion(tx, ctx, `-role ${key}`);
  });
}
