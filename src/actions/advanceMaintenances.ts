import type { AnyIncidentStatus } from '../domain/types.js';
import type { Ctx } from './context.js';
import { postUpdate } from './postUpdate.js';

export const AUTO_START_BODY =
  'Scheduled maintenance is currently in progress. We will provide updates as necessary.';
export const AUTO_COMPLETE_BODY = 'The scheduled maintenance has been completed.';

/**
 * Starts maintenances whose window has opened and completes those whose window has closed.
 * Called by the scheduler; safe to call again (each step re-checks the status in its transaction).
 */
export async function advanceMaintenances(
  ctx: Ctx,
): Promise<{ started: string[]; completed: string[] }> {
  const now = ctx.clock.now().toISOString();
  const due = await ctx.store.db
    .selectFrom('incidents')
    .select(['id', 'status', 'scheduled_for', 'scheduled_until'])
    .where('kind', '=', 'maintenance')
    .where('auto_transition', '=', 1)
    .where('status', 'in', ['scheduled', 'in_progress', 'verifying'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'scheduled'), eb('scheduled_for', '<=', now)]),
        eb('scheduled_until', '<=', now),
      ]),
    )
    .execute();
  const started: string[] = [];
  const completed: string[] = [];
  for (const m of due) {
    const ending = (m.scheduled_until ?? '') <= now;
    const to: AnyIncidentStatus = ending ? 'completed' : 'in_progress';
    try {
      if (m.status === 'scheduled' && ending) {
        // the window passed while nobody ran the scheduler: record both edges in order
        await postUpdate(ctx, 'maintenance', m.id, {
          status: 'in_progress',
          body: AUTO_START_BODY,
          deliver_notifications: false,
        });
      }
      await postUpdate(ctx, 'maintenance', m.id, {
        status: to,
        body: ending ? AUTO_COMPLETE_BODY : AUTO_START_BODY,
      });
      (ending ? completed : started).push(m.id);
    } catch (err) {
      // another instance moved it first: that is fine, the next tick sees the new status
      if ((err as { code?: string }).code !== 'invalid_transition') throw err;
    }
  }
  return { started, completed };
}
