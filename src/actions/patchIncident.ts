import { invalid } from '../domain/errors.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { type Ctx, inTransaction } from './context.js';
import { type PatchIncidentInput, parseInput, patchIncidentInput } from './inputs.js';
import { loadIncidentRow } from './shared/incidentWrites.js';

/** Edits an incident's name, impact override, postmortem or promised next update. */
export async function patchIncident(
  ctx: Ctx,
  id: string,
  raw: PatchIncidentInput | unknown,
): Promise<Incident> {
  const input = parseInput(patchIncidentInput, raw);
  await inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
    const before = await loadIncidentRow(tx.db, id);
    const set: Record<string, unknown> = { updated_at: tx.at };
    if (input.name !== undefined) set.name = input.name;
    if (input.impact !== undefined) {
      if (before.kind !== 'incident')
        throw invalid({ impact: 'a maintenance has no impact to set' });
      set.impact = input.impact ?? before.impact;
      set.impact_override = input.impact === null ? 0 : 1;
    }
    if (input.postmortem_body !== undefined) set.postmortem_body = input.postmortem_body;
    if (input.next_update_at !== undefined) {
      set.next_update_at = input.next_update_at
        ? new Date(input.next_update_at).toISOString()
        : null;
    }
    if (input.postmortem_published !== undefined) {
      if (input.postmortem_published) {
        if (before.kind !== 'incident')
          throw invalid({ postmortem_published: 'only incidents have postmortems' });
        if (!['resolved', 'postmortem'].includes(before.status)) {
          throw invalid({
            postmortem_published: 'resolve the incident before publishing its postmortem',
          });
        }
        const body = (input.postmortem_body ?? before.postmortem_body ?? '').trim();
        if (!body) throw invalid({ postmortem_body: 'is required to publish a postmortem' });
        set.postmortem_published_at = before.postmortem_published_at ?? tx.at;
        set.status = 'postmortem';
      } else {
        set.postmortem_published_at = null;
        if (before.status === 'postmortem') set.status = 'resolved';
      }
    }
    await tx.db.updateTable('incidents').set(set).where('id', '=', id).execute();
    await tx.audit({
      action: `${before.kind}.patch`,
      entityType: before.kind,
      entityId: id,
      before,
      after: { ...before, ...set },
    });
  });
  return (await getIncident(ctx.store.db, id))!;
}
