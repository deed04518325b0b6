/** Checks and writes shared by the account actions: tiers, managers, footprints and contacts. */
import { invalid } from '../../domain/errors.js';
import type { Db } from '../../store/db.js';
import { getTiers } from '../../store/queries/audiences.js';
import type { SubscriberTable } from '../../store/schema.js';
import type { Tx } from '../context.js';
import { checkComponents } from '../createSubscriber.js';

/** Throws a validation error naming tier, account_manager_id or components.N when they are unknown. */
export async function checkAccountRefs(
  db: Db,
  v: { tier?: string; account_manager_id?: string | null; components?: string[] },
): Promise<void> {
  const fields: Record<string, string> = {};
  if (v.tier !== undefined) {
    const tiers = await getTiers(db);
    if (!tiers.includes(v.tier))
      fields.tier = `"${v.tier}" is not a tier of the plan (${tiers.join(', ')})`;
  }
  if (v.account_manager_id) {
    const p = await db
      .selectFrom('people')
      .select('id')
      .where('id', '=', v.account_manager_id)
      .executeTakeFirst();
    if (!p) fields.account_manager_id = `${v.account_manager_id} is not a known person id`;
  }
  if (Object.keys(fields).length) throw invalid(fields);
  await checkComponents(db, v.components ?? []);
}

/** Replaces an account's footprint. */
export async function setFootprint(db: Db, accountId: string, components: string[]) {
  await db.deleteFrom('account_components').where('account_id', '=', accountId).execute();
  const unique = [...new Set(components)];
  if (unique.length)
    await db
      .insertInto('account_components')
      .values(unique.map((component_id) => ({ account_id: accountId, component_id })))
      .execute();
}

/** Where a contact row came from when it was created as a contact (not linked from a subscriber). */
export const CONTACT_SOURCE = 'contact';

/**
 * Takes contacts off their account: those created as contacts are deleted with their choices;
 * subscribers that existed before and were linked are only unlinked, and keep their subscription.
 */
export async function removeContacts(
  tx: Tx,
  rows: SubscriberTable[],
): Promise<{ deleted: string[]; unlinked: string[] }> {
  const deleted = rows.filter((r) => r.source === CONTACT_SOURCE).map((r) => r.id);
  const unlinked = rows.filter((r) => r.source !== CONTACT_SOURCE).map((r) => r.id);
  for (let i = 0; i < deleted.length; i += 500) {
    const ids = deleted.slice(i, i + 500);
    await tx.db.deleteFrom('subscriber_components').where('subscriber_id', 'in', ids).execute();
    await tx.db.deleteFrom('audience_sessions').where('subscriber_id', 'in', ids).execute();
    await tx.db.deleteFrom('subscribers').where('id', 'in', ids).execute();
  }
  for (let i = 0; i < unlinked.length; i += 500)
    await tx.db
      .updateTable('subscribers')
      .set({ account_id: null, contact_role: null, contact_name: null, updated_at: tx.at })
      .where('id', 'in', unlinked.slice(i, i + 500))
      .execute();
  return { deleted, unlinked };
}
