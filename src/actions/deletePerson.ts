import { conflict, notFound } from '../domain/errors.js';
import { rotationRolesOf } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { removePersonSubscribers } from './shared/personSubscribers.js';
import { recordPlanVersion } from './shared/planVersions.js';

/**
 * Removes a person and their internal subscriptions. A person still in an on-call rotation is
 * refused (409, naming the roles) unless `force` is set, which takes them out of those
 * rotations too. Past incident assignments stay, as history.
 */
export async function deletePerson(
  ctx: Ctx,
  id: string,
  opts: { force?: boolean } = {},
): Promise<void> {
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw notFound('person', id);
    const roles = await rotationRolesOf(tx.db, id);
    if (roles.length && !opts.force) {
      const names = roles.map((r) => `${r.name} (${r.key})`).join(', ');
      throw conflict(
        `${before.name} is in the on-call rotation for ${names}; take them out of those rotations first, or delete with force`,
        { id: `is in the rotation for ${names}` },
      );
    }
    await tx.db.deleteFrom('rotation_members').where('person_id', '=', id).execute();
    await removePersonSubscribers(tx.db, id);
    await tx.db.deleteFrom('people').where('id', '=', id).execute();
    await tx.audit({
      action: 'person.delete',
      entityType: 'person',
      entityId: id,
      before: { ...before, rotations: roles.map((r) => r.key) },
    });
    await recordPlanVersion(tx, ctx, `-person ${before.name}`);
  });
}
