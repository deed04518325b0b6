/** Removes one of the plan's SLA policies; its accounts then have none (unless another applies). */
import { notFound } from '../domain/errors.js';
import { getSlaPolicy } from '../store/queries/sla.js';
import { type Ctx, inTransaction } from './context.js';
import { recordPlanVersion } from './shared/planVersions.js';

export async function deleteSlaPolicy(ctx: Ctx, key: string): Promise<void> {
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await getSlaPolicy(tx.db, key);
    if (!before) throw notFound('sla_policy', key);
    await tx.db.deleteFrom('sla_policies').where('key', '=', key).execute();
    await tx.audit({
      action: 'sla_policy.delete',
      entityType: 'sla_policy',
      entityId: key,
      before,
    });
    await recordPlanVersion(tx, ctx, `-SLA policy ${key}`);
  });
}
