/**
 * Sets the plan's account tiers (highest first) and, optionally, which accounts are key. A
 * tier still held by an account or named by an audience cannot be dropped (409 names them).
 */
import type { KeyAccountRule } from '../domain/audience.js';
import { conflict, invalid } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import {
  getKeyRule,
  getTiers,
  KEY_RULE_SETTING,
  listAudiences,
  TIERS_SETTING,
} from '../store/queries/audiences.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type AccountTiersInput, accountTiersInput } from './planInputs.js';
import { recordPlanVersion } from './shared/planVersions.js';

export interface AccountTiers {
  tiers: string[];
  key_accounts: KeyAccountRule;
}

async function putJson(db: Db, key: string, value: unknown): Promise<void> {
  const v = JSON.stringify(value);
  await db
    .insertInto('plan_settings')
    .values({ key, value: v })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
    .execute();
}

export async function setAccountTiers(
  ctx: Ctx,
  raw: AccountTiersInput | unknown,
): Promise<AccountTiers> {
  const input = parseInput(accountTiersInput, raw);
  const tiers = input.tiers;
  const fields: Record<string, string> = {};
  (input.key_accounts?.tiers ?? []).forEach((t, i) => {
    if (!tiers.includes(t))
      fields[`key_accounts.tiers.${i}`] = `"${t}" is not one of the tiers (${tiers.join(', ')})`;
  });
  if (Object.keys(fields).length) throw invalid(fields);
  return inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before: AccountTiers = {
      tiers: await getTiers(tx.db),
      key_accounts: await getKeyRule(tx.db),
    };
    const stale = (await listAudiences(tx.db)).filter((a) =>
      (a.match.tiers ?? []).some((t) => !tiers.includes(t)),
    );
    if (stale.length)
      throw conflict(
        `audiences ${stale.map((a) => a.key).join(', ')} select tiers this list leaves out; change them first`,
        { tiers: `leaves out a tier that audience ${stale[0].key} selects` },
      );
    const held = await tx.db
      .selectFrom('accounts')
      .select(['tier', (e) => e.fn.countAll<number>().as('n')])
      .where('tier', 'not in', tiers)
      .groupBy('tier')
      .execute();
    if (held.length)
      throw conflict(
        `accounts still hold tiers this list leaves out: ${held.map((h) => `${h.tier} (${Number(h.n)})`).join(', ')}; move them first`,
        { tiers: `leaves out ${held[0].tier}, which accounts hold` },
      );
    await putJson(tx.db, TIERS_SETTING, tiers);
    if (input.key_accounts) await putJson(tx.db, KEY_RULE_SETTING, input.key_accounts);
    else {
      // a stored rule naming a tier now gone falls back to the default for the new tiers
      const rule = before.key_accounts;
      if (rule.tiers.some((t) => !tiers.includes(t)))
        await tx.db.deleteFrom('plan_settings').where('key', '=', KEY_RULE_SETTING).execute();
    }
    const after: AccountTiers = { tiers, key_accounts: await getKeyRule(tx.db) };
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await tx.audit({
        action: 'plan.tiers',
        entityType: 'plan',
        entityId: TIERS_SETTING,
        before,
        after,
      });
      await recordPlanVersion(tx, ctx, 'account tiers changed');
    }
    return after;
  });
}
