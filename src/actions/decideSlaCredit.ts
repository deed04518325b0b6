/**
 * Finance's decision on an account's SLA credit for a month: approve the computed credit (plus
 * any goodwill) or adjust it to another amount, with a note. A decision can be changed later;
 * each one is audited with the figures it was made on.
 */
import { invalid, notFound } from '../domain/errors.js';
import { money } from '../domain/sla.js';
import { getCreditDecision } from '../store/queries/sla.js';
import { loadSlaMonth, slaReportRows } from '../store/queries/slaReport.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type CreditDecisionInput, creditDecisionInput, slaMonth } from './slaInputs.js';

export async function decideSlaCredit(
  ctx: Ctx,
  month: string,
  accountId: string,
  raw: CreditDecisionInput | unknown,
) {
  const m = slaMonth.safeParse(month);
  if (!m.success) throw invalid({ month: m.error.issues[0].message });
  const input = parseInput(creditDecisionInput, raw);
  return inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const account = await tx.db
      .selectFrom('accounts')
      .select('id')
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!account) throw notFound('account', accountId);
    const now = ctx.clock.now();
    if (month > now.toISOString().slice(0, 7))
      throw invalid({ month: 'has not begun yet; credits are decided for past or current months' });
    const data = await loadSlaMonth(tx.db, month, now);
    let row = null;
    for await (const r of slaReportRows(tx.db, data, { accountIds: [accountId] })) row = r;
    if (!row)
      throw invalid({
        account_id: 'has no SLA policy covering this month (see GET /api/v1/sla/policies)',
      });
    const computed = row.credit_amount;
    const goodwill = row.goodwill?.amount ?? null;
    const decided =
      input.decision === 'adjust'
        ? money(input.amount ?? 0)
        : computed === null && goodwill === null
          ? null
          : money((computed ?? 0) + (goodwill ?? 0));
    const before = await getCreditDecision(tx.db, month, accountId);
    const after = {
      month,
      account_id: accountId,
      computed_percent: row.credit_percent,
      computed_amount: computed,
      goodwill_amount: goodwill,
      decided_amount: decided,
      state: input.decision === 'adjust' ? 'adjusted' : 'approved',
      note: input.note || null,
      decided_by: ctx.actor.id,
      decided_at: tx.at,
    };
    if (before)
      await tx.db
        .updateTable('sla_credits')
        .set(after)
        .where('month', '=', month)
        .where('account_id', '=', accountId)
        .execute();
    else await tx.db.insertInto('sla_credits').values(after).execute();
    await tx.audit({
      action: `sla_credit.${input.decision}`,
      entityType: 'sla_credit',
      entityId: `${month}/${accountId}`,
      before,
      after: { ...after, uptime: row.uptime, downtime_minutes: row.downtime_minutes },
    });
    return after;
  });
}
