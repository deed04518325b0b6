import { notFound } from '../domain/errors.js';
import { type Account, getAccount, toAccount } from '../store/queries/accounts.js';
import { type UpdateAccountInput, updateAccountInput } from './accountInputs.js';
import { type Ctx, inTransaction } from './context.js';
import { assertExternalIdFree } from './createAccount.js';
import { parseInput } from './inputs.js';
import { checkAccountRefs, setFootprint } from './shared/accountChecks.js';

/** Changes the fields given (PATCH); null clears an optional field; `components` replaces the footprint. */
export async function updateAccount(
  ctx: Ctx,
  id: string,
  raw: UpdateAccountInput | unknown,
): Promise<Account> {
  const input = parseInput(updateAccountInput, raw);
  await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const before = await getAccount(tx.db, id);
    if (!before) throw notFound('account', id);
    await checkAccountRefs(tx.db, input);
    if (input.external_id !== undefined) await assertExternalIdFree(tx.db, input.external_id, id);
    const { components, tags, ...rest } = input;
    const set = {
      ...rest,
      ...(tags !== undefined ? { tags: JSON.stringify([...new Set(tags)]) } : {}),
      updated_at: tx.at,
    };
    if (set.name === undefined) delete set.name;
    await tx.db.updateTable('accounts').set(set).where('id', '=', id).execute();
    if (components !== undefined) await setFootprint(tx.db, id, components);
    const after = await tx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await tx.audit({
      action: 'account.update',
      entityType: 'account',
      entityId: id,
      before,
      after: toAccount(after, components ? [...new Set(components)] : before.components),
    });
  });
  return (await getAccount(ctx.store.db, id))!;
}
