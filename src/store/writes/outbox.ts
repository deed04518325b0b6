import { newId } from '../../lib/ids.js';
import type { Db } from '../db.js';
import { incidentSeverity, incidentTargets } from '../queries/audienceTargets.js';
import { isTopSeverity } from '../queries/team.js';

export interface OutboxEntry {
  /** the row's id when the caller must record it elsewhere first (a digest's once-a-day row) */
  id?: string;
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
 * every channel is told. It also carries the plan's audiences told (`targets`, resolved now so
 * a later change to the plan does not change who this notice reaches): the ones the update
 * named in `audience_keys`, else its severity's. `public: false` (an audience-only update)
 * leaves the public subscribers out.
 */
export async function enqueueNotification(trx: Db, e: OutboxEntry): Promise<string> {
  const id = e.id ?? newId();
  const payload = await withPlan(trx, e);
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

/**
 * A public notice about an incident carries what its plan says, read once: the channels its
 * severity tells the public on (unless the notice names them), and the audiences told.
 */
async function withPlan(db: Db, e: OutboxEntry): Promise<unknown> {
  const p = e.payload as Record<string, unknown> | null;
  if (!e.incidentId || !p || typeof p !== 'object') return e.payload;
  if (p.subscriber_id || p.person_ids || (p.audience ?? 'public') !== 'public') return e.payload;
  const sev = (await incidentSeverity(db, e.incidentId)) ?? null;
  const channels = !p.channels && sev ? { channels: [...sev.settings.audiences.public] } : {};
  const named = Array.isArray(p.audience_keys) ? (p.audience_keys as string[]) : undefined;
  const { targets, keyRule } = await incidentTargets(db, e.incidentId, named, sev);
  // the plan's most severe level overrides quiet hours and digests (issue #12)
  const top = sev ? await isTopSeverity(db, sev.key) : false;
  return { ...p, ...channels, targets, key_rule: keyRule, top };
}
