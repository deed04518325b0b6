import { conflict } from '../domain/errors.js';
import { newId } from '../lib/ids.js';
import { type Account, getAccount } from '../store/queries/accounts.js';
import { type CreateAccountInput, createAccountInput } from './accountInputs.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { checkAccountRefs, setFootprint } from './shared/accountChecks.js';

/** Adds an account (a customer): its tier, criticality, manager, tags and footprint. */
export async function createAccount(ctx: Ctx, raw: CreateAccountInput | unknown): Promise<Account> {
  const input = parseInput(createAccountInput, raw);
  const id = await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    await checkAccountRefs(tx.db, input);
    await assertExternalIdFree(tx.db, input.external_id ?? null, null);
    const row = {
      id: newId(),
      name: input.name,
      external_id: input.external_id ?? null,
      tier: input.tier,
      criticality: input.criticality,
      region: input.region ?? null,
      time_zone: input.time_zone ?? null,
      locale: input.locale ?? null,
      account_manager_id: input.account_manager_id ?? null,
      tags: JSON.stringify([...new Set(input.tags ?? [])]),
      mrr: input.mrr ?? null,
      sla_start: input.sla_start ?? null,
      created_at: tx.at,
      updated_at: tx.at,
    };
    await tx.db.insertInto('accounts').values(row).execute();
    const components = [...new Set(input.components ?? [])];
    await setFootprint(tx.db, row.id, components);
    await tx.audit({
      action: 'account.create',
      entityType: 'account',
      entityId: row.id,
      after: { ...row, tags: JSON.parse(row.tags), components },
    });
    return row.id;
  });
  return (await getAccount(ctx.store.db, id))!;
}

export async function assertExternalIdFree(
  db: Parameters<typeof getAccount>[0],
  externalId: string | null,
  self: string | null,
): Promise<void> {
  if (!externalId) return;
  const other = await db
    .selectFrom('accounts')
    .select('id')
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  if (other && other.id !== self)
    throw conflict(`external_id ${externalId} already belongs to account ${other.id}`, {
      external_id: `is already used by account ${other.id}`,
    });
}
