import type { Ctx } from './context.js';
import { type IncidentUpdateInput, incidentUpdateInput, parseInput } from './inputs.js';
import { postTemplateUpdate, type TemplateUpdateResult } from './postTemplateUpdate.js';
import { postUpdate } from './postUpdate.js';

/**
 * A plain update (status, body, components) to an incident. One declared with a severity keeps
 * its rules: free text waits for approval where the severity asks, and the next update follows
 * its cadence. A backdated update (display_at) is a correction and is posted as given.
 */
export async function postIncidentUpdate(
  ctx: Ctx,
  incidentId: string,
  raw: IncidentUpdateInput | unknown,
): Promise<TemplateUpdateResult> {
  const input = parseInput(incidentUpdateInput, raw);
  const row = await ctx.store.db
    .selectFrom('incidents')
    .select(['kind', 'severity'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (row?.kind === 'incident' && row.severity && !input.display_at) {
    const { display_at: _d, ...rest } = input;
    return postTemplateUpdate(ctx, incidentId, rest);
  }
  const incident = await postUpdate(ctx, 'incident', incidentId, input);
  return { incident, approvalId: null, findings: [] };
}
