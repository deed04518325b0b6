import { notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';
import { removeContacts } from './shared/accountChecks.js';

/**
 * Takes a contact off an account: deleted when it was added as a contact, only unlinked when it
 * was a subscriber of its own before (it keeps its subscription).
 */
export async function deleteContact(
  ctx: Ctx,
  accountId: string,
  contactId: string,
): Promise<{ deleted: boolean }> {
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const row = await tx.db
      .selectFrom('subscribers')
      .selectAll()
      .where('id', '=', contactId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row) throw notFound('contact', contactId);
    const { deleted } = await removeContacts(tx, [row]);
    const { secret: _s, confirm_code_hash: _c, ...shown } = row;
    await tx.audit({
      action: deleted.length ? 'account.contact.delete' : 'account.contact.unlink',
      entityType: 'subscriber',
      entityId: contactId,
      before: shown,
    });
    return { deleted: deleted.length > 0 };
  });
}
