import { newId } from '../../lib/ids.js';
import type { Db } from '../db.js';

export interface OutboxEntry {
  kind: string;
  incidentId?: string | null;
  updateId?: string | null;
  componentId?: string | null;
  payload: unknown;
  at: string;
}

/** The outbox: one row per event to deliver, written in the same transaction as the change. */
export async function enqueueNotification(trx: Db, e: OutboxEntry): Promise<string> {
  const id = newId();
  await trx
    .insertInto('notifications')
    .values({
      id,
      kind: e.kind,
      incident_id: e.incidentId ?? null,
      update_id: e.updateId ?? null,
      component_id: e.componentId ?? null,
      payload: JSON.stringify(e.payload),
      state: 'pending',
      created_at: e.at,
      expanded_at: null,
    })
    .execute();
  return id;
}
