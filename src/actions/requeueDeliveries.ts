import { notFound } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput, type RequeueDeliveriesInput, requeueDeliveriesInput } from './inputs.js';

/**
 * Puts dead letters back in the queue: those of an incident, of one notification, or named by
 * id. Only deliveries in state 'dead' move; each starts over (attempts 0, due now, no error).
 * One audit entry records what was asked and how many moved.
 */
export async function requeueDeliveries(
  ctx: Ctx,
  raw: RequeueDeliveriesInput | unknown,
): Promise<{ requeued: number }> {
  const input = parseInput(requeueDeliveriesInput, raw);
  return inTransaction(ctx, { scope: 'write', changes: 'deliveries' }, async (tx) => {
    let requeued = 0;
    let entity: { type: string; id: string | null };
    if (input.incident_id !== undefined) {
      await mustExist(tx.db, 'incidents', 'incident', input.incident_id);
      entity = { type: 'incident', id: input.incident_id };
      const of = tx.db
        .selectFrom('notifications')
        .select('id')
        .where('incident_id', '=', input.incident_id);
      requeued = await requeue(tx.db, tx.at, (q) => q.where('notification_id', 'in', of));
    } else if (input.notification_id !== undefined) {
      await mustExist(tx.db, 'notifications', 'notification', input.notification_id);
      entity = { type: 'notification', id: input.notification_id };
      const nid = input.notification_id;
      requeued = await requeue(tx.db, tx.at, (q) => q.where('notification_id', '=', nid));
    } else {
      const ids = [...new Set((input.ids ?? []).map((v) => Number(String(v).replace('dlv_', ''))))];
      entity = { type: 'delivery', id: ids.length === 1 ? String(ids[0]) : null };
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        requeued += await requeue(tx.db, tx.at, (q) => q.where('id', 'in', chunk));
      }
    }
    await tx.audit({
      action: 'deliveries.requeue',
      entityType: entity.type,
      entityId: entity.id,
      after: {
        requeued,
        ...(input.ids ? { ids: input.ids.slice(0, 100), ids_given: input.ids.length } : {}),
      },
    });
    return { requeued };
  });
}

type Update = ReturnType<typeof updateDead>;

function updateDead(db: Db, at: string) {
  return db
    .updateTable('deliveries')
    .set({
      state: 'queued',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      failed_at: null,
      lease_until: null,
      worker: null,
    })
    .where('state', '=', 'dead');
}

async function requeue(db: Db, at: string, filter: (q: Update) => Update): Promise<number> {
  const r = await filter(updateDead(db, at)).executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

async function mustExist(
  db: Db,
  table: 'incidents' | 'notifications',
  what: string,
  id: string,
): Promise<void> {
  const row = await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(what, id);
}
