/**
 * Creates or replaces one of the plan's SLA policies: which tiers or accounts it covers, the
 * monthly target, the credit tiers, how partial outages and maintenance count, and goodwill.
 */
import { invalid } from '../domain/errors.js';
import type { SlaPolicy } from '../domain/sla.js';
import { getSlaPolicy } from '../store/queries/sla.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { slaPolicyProblems, slaPolicyRow } from './shared/planSla.js';
import { recordPlanVersion } from './shared/planVersions.js';
import { type SlaPolicyInput, slaPolicyInput, slaPolicyKey } from './slaInputs.js';

export async function upsertSlaPolicy(
  ctx: Ctx,
  key: string,
  raw: SlaPolicyInput | unknown,
): Promise<{ policy: SlaPolicy; created: boolean }> {
  const k = slaPolicyKey.safeParse(key);
  if (!k.success) throw invalid({ key: k.error.issues[0].message });
  const input = parseInput(slaPolicyInput, raw);
  const created = await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const problems = await slaPolicyProblems(tx.db, input);
    if (Object.keys(problems).length) throw invalid(problems);
    const before = await getSlaPolicy(tx.db, key);
    if (before) {
      const { position: _keep, ...row } = slaPolicyRow(input, 0, tx.at);
      await tx.db.updateTable('sla_policies').set(row).where('key', '=', key).execute();
    } else {
      const last = await tx.db
        .selectFrom('sla_policies')
        .select((e) => e.fn.max('position').as('p'))
        .executeTakeFirst();
      const position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
      await tx.db
        .insertInto('sla_policies')
        .values({ key, ...slaPolicyRow(input, position, tx.at), created_at: tx.at })
        .execute();
    }
    const after = await getSlaPolicy(tx.db, key);
    await tx.audit({
      action: before ? 'sla_policy.update' : 'sla_policy.create',
      entityType: 'sla_policy',
      entityId: key,
      before,
      after,
    });
    await recordPlanVersion(tx, ctx, before ? `SLA policy ${key} changed` : `+SLA policy ${key}`);
    return !before;
  });
  return { policy: (await getSlaPolicy(ctx.store.db, key))!, created };
}
