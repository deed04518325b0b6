import { newId } from '../lib/ids.js';
import { type Ctx, inTransaction } from './context.js';
import { timelineInput } from './declareInputs.js';
import { parseInput } from './inputs.js';
import { loadIncidentRow } from './shared/incidentWrites.js';

export interface TimelineEntry {
  id: string;
  incident_id: string;
  kind: string;
  body: string;
  author: string;
  at: string;
}

/**
 * Adds a note, decision or touchpoint to the incident room. The room is internal: nothing in
 * it is ever public, so the public site is not told of the change. Audited.
 */
export async function addTimelineEntry(
  ctx: Ctx,
  incidentId: string,
  raw: unknown,
): Promise<TimelineEntry> {
  const input = parseInput(timelineInput, raw);
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    await loadIncidentRow(tx.db, incidentId);
    const entry = {
      id: newId(),
      incident_id: incidentId,
      kind: input.kind,
      body: input.body,
      author: ctx.actor.id,
      at: tx.at,
    };
    await tx.db.insertInto('incident_timeline').values(entry).execute();
    await tx.audit({
      action: 'incident.timeline.add',
      entityType: 'incident',
      entityId: incidentId,
      after: entry,
    });
    return entry;
  });
}
