import { conflict } from '../domain/errors.js';
import { getRole, type Role } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type CreateRoleInput, createRoleInput } from './planInputs.js';
import { recordPlanVersion } from './shared/planVersions.js';

/** Adds a custom role (e.g. security_lead), after the others, with an empty rotation. */
export async function createRole(ctx: Ctx, raw: CreateRoleInput | unknown): Promise<Role> {
  const input = parseInput(createRoleInput, raw);
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const existing = await tx.db
      .selectFrom('roles')
      .select('key')
      .where('key', '=', input.key)
      .executeTakeFirst();
    if (existing) throw conflict(`the role ${input.key} already exists`, { key: 'is taken' });
    const last = await tx.db
      .selectFrom('roles')
      .select((e) => e.fn.max('position').as('p'))
      .executeTakeFirst();
    const row = {
      key: input.key,
      name: input.name,
      description: input.description ?? '',
      builtin: 0,
      position: Number(last?.p ?? 0) + 1,
    };
    await tx.db.insertInto('roles').values(row).execute();
    await tx.audit({ action: 'role.create', entityType: 'role', entityId: row.key, after: row });
    await recordPlanVersion(tx, ctx, `+role ${row.key}`);
  });
  return (await getRole(ctx.store.db, input.key))!;
}
