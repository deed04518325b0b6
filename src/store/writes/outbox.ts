import { newId } from '../../lib/ids.js';
import type { Db } from '../db.js';
import { getSeverity } from '../queries/team.js';

export interface OutboxEntry {
  kind: string;
  incidentId?: string | null;
  updateId?: string | null;
  componentId?: string | null;
  payload: unknown;
  at: string;
}

/**
 * The outbox: one row per event to deliver, written in the same transaction as the change. A
 * public notice about an incident with a severity carries the channels that severity tells the
 * public on (`channels`), and expansion queues deliveries on those only; without a severity
 * every channel is told.
 */
export async function enqueueNotification(trx: Db, e: OutboxEntry): Promise<string> {
  const id = newId();
  const payload = await withSeverityChannels(trx, e);
  await trx
    .insertInto('notifications')
    .values({
      id,
      kind: e.kind,
      incident_id: e.incidentId ?? null,
      update_id: e.updateId ?? null,
      component_id: e.componentId ?? null,
      payload: JSON.stringify(payload),
      state: 'pending',
      created_at: e.at,
      expanded_at: null,
    })
    .execute();
  return id;
}

async function withSeverityChannels(db: Db, e: OutboxEntry): Promise<unknown> {
  const p = e.payload as Record<string, unknown> | null;
  if (!e.incidentId || !p || typeof p !== 'object') return e.payload;
  if (p.channels || p.subscriber_id || p.person_ids || (p.audience ?? 'public') !== 'public')
    return e.payload;
  const incident = await db
    .selectFrom('incidents')
    .select('severity')
    .where('id', '=', e.incidentId)
    .executeTakeFirst();
  const sev = incident?.severity ? await getSeverity(db, incident.severity) : undefined;
  if (!sev) return e.payload;
  return { ...p, channels: [...sev.settings.audiences.public] };
}
