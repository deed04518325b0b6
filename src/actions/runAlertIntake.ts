/**
 * The scheduler's alert job (issue #13 part 1): promotes held alert groups whose flap window
 * has passed while still firing (each opens its draft), reopens groups whose draft declaration
 * crashed, and retries receipts whose processing failed or never finished.
 */
import { getIntegration } from '../store/queries/alertIntegrations.js';
import type { Ctx } from './context.js';
import { openAlertDraft } from './openAlertDraft.js';
import { processReceipt } from './receiveAlerts.js';

/** A declaration that has not finished in this long is taken to have crashed. */
const DECLARING_STALE_MS = 5 * 60_000;

export async function runAlertIntake(
  ctx: Ctx,
  limit = 100,
): Promise<{ opened: number; retried: number }> {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  const at = now.toISOString();
  await db
    .updateTable('alert_groups')
    .set({ state: 'opening', updated_at: at })
    .where('state', '=', 'held')
    .where('hold_until', '<=', at)
    .where('firing', '>', 0)
    .execute();
  await db
    .updateTable('alert_groups')
    .set({ state: 'opening', updated_at: at })
    .where('state', '=', 'declaring')
    .where('incident_id', 'is', null)
    .where('updated_at', '<=', new Date(now.getTime() - DECLARING_STALE_MS).toISOString())
    .execute();
  const due = await db
    .selectFrom('alert_groups')
    .select('id')
    .where('state', '=', 'opening')
    .orderBy('created_at')
    .limit(limit)
    .execute();
  let opened = 0;
  const failures: string[] = [];
  for (const g of due) {
    try {
      if (await openAlertDraft(ctx, g.id)) opened++;
    } catch (err) {
      failures.push(`${g.id}: ${String((err as Error)?.message ?? err)}`);
    }
  }

  const pending = await db
    .selectFrom('alert_receipts')
    .select(['id', 'integration_id', 'body'])
    .where('processed', '=', 0)
    .where('next_attempt_at', '<=', at)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  let retried = 0;
  for (const r of pending) {
    const integration = await getIntegration(db, r.integration_id);
    if (!integration) {
      await db
        .updateTable('alert_receipts')
        .set({ processed: 1, last_error: 'the integration was deleted' })
        .where('id', '=', r.id)
        .execute();
      continue;
    }
    try {
      await processReceipt(ctx, integration, r.id, r.body);
      retried++;
    } catch {
      // recorded on the receipt with its next attempt
    }
  }
  // one group that cannot be declared holds up no other; the job's log says which
  if (failures.length)
    throw new Error(`alert drafts not opened (retried next tick): ${failures.join('; ')}`);
  return { opened, retried };
}
