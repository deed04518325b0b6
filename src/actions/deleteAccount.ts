import { notFound } from '../domain/errors.js';
import { getAccount } from '../store/queries/accounts.js';
import { type Ctx, inTransaction } from './context.js';
import { removeContacts } from './shared/accountChecks.js';

/**
 * Deletes an account with its footprint. Its contacts go with it: those added as contacts are
 * deleted (past deliveries stay as the record); subscribers that were linked to it keep their
 * own subscription and are only unlinked. The audit entry lists both.
 */
export async function deleteAccount(
  ctx: Ctx,
  id: string,
): Promise<{ deleted_contacts: string[]; unlinked_contacts: string[] }> {
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const before = await getAccount(tx.db, id);
    if (!before) throw notFound('account', id);
    const contacts = await tx.db
      .selectFrom('subscribers')
      .selectAll()
      .where('account_id', '=', id)
      .execute();
    const { deleted, unlinked } = await removeContacts(tx, contacts);
    await tx.db.deleteFrom('account_components').where('account_id', '=', id).execute();
    await tx.db.deleteFrom('accounts').where('id', '=', id).execute();
    await tx.audit({
      action: 'account.delete',
      entityType: 'account',
      entityId: id,
      before: { ...before, contacts: contacts.map((c) => ({ id: c.id, address: c.address })) },
      after: { deleted_contacts: deleted, unlinked_contacts: unlinked },
    });
    return { deleted_contacts: deleted, unlinked_contacts: unlinked };
  });
}
