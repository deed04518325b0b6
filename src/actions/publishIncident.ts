import { conflict } from '../domain/errors.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { publishIncidentInput } from './roomInputs.js';
import { publishDraft } from './shared/approvals.js';
import { loadIncidentRow } from './shared/incidentWrites.js';
import { addTimeline } from './shared/team.js';

/**
 * Makes a draft incident public and notifies its subscribers. Publishing a public incident
 * again changes nothing; a drill is never published. Audited.
 */
export async function publishIncident(
  ctx: Ctx,
  incidentId: string,
  raw: unknown = {},
): Promise<Incident> {
  const input = parseInput(publishIncidentInput, raw);
  await inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
    const before = await loadIncidentRow(tx.db, incidentId, 'incident');
    if (before.drill)
      throw conflict('a drill is never published: its audience is the team only', {
        id: 'is a drill',
      });
    if (!before.draft) return;
    await publishDraft(tx.db, incidentId, tx.at);
    await addTimeline(
      tx.db,
      incidentId,
      'decision',
      `${ctx.actor.id} published the incident${input.note ? `: ${input.note}` : '.'}`,
      ctx.actor.id,
      tx.at,
    );
    await tx.audit({
      action: 'incident.publish',
      entityType: 'incident',
      entityId: incidentId,
      before,
      after: { ...before, draft: 0, updated_at: tx.at },
    });
  });
  return (await getIncident(ctx.store.db, incidentId))!;
}
