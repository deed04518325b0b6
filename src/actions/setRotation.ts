import { invalid, notFound } from '../domain/errors.js';
import { getRole, type Role } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type RotationInput, rotationInput } from './planInputs.js';
import { recordPlanVersion } from './shared/planVersions.js';

/**
 * Sets a role's on-call rotation: the people in order, the first on call first. An empty list
 * clears it.
 */
export async function setRotation(
  ctx: Ctx,
  roleKey: string,
  raw: RotationInput | unknown,
): Promise<Role> {
  const { person_ids } = parseInput(rotationInput, raw);
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const role = await tx.db
      .selectFrom('roles')
      .select('key')
      .where('key', '=', roleKey)
      .executeTakeFirst();
    if (!role) throw notFound('role', roleKey);
    if (person_ids.length) {
      const found = await tx.db
        .selectFrom('people')
        .select('id')
        .where('id', 'in', person_ids)
        .execute();
      const have = new Set(found.map((p) => p.id));
      const fields: Record<string, string> = {};
      person_ids.forEach((p, i) => {
        if (!have.has(p)) fields[`person_ids.${i}`] = `${p} is not a known person id`;
      });
      if (Object.keys(fields).length) throw invalid(fields);
    }
    const before = await tx.db
      .selectFrom('rotation_members')
      .select('person_id')
      .where('role_key', '=', roleKey)
      .orderBy('position')
      .execute();
    await tx.db.deleteFrom('rotation_members').where('role_key', '=', roleKey).execute();
    if (person_ids.length) {
      await tx.db
        .insertInto('rotation_members')
        .values(
          person_ids.map((person_id, position) => ({ role_key: roleKey, person_id, position })),
        )
        .execute();
    }
    await tx.audit({
      action: 'role.rotation',
      entityType: 'role',
      entityId: roleKey,
      before: { person_ids: before.map((b) => b.person_id) },
      after: { person_ids },
    });
    await recordPlanVersion(tx, ctx, `${roleKey} rotation changed`);
  });
  return (await getRole(ctx.store.db, roleKey))!;
}
