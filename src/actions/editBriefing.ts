import { type BriefingEdit, editProblems } from '../domain/briefing.js';
import { invalid, notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';
import { writeBriefingVersion } from './shared/briefing.js';
import { addTimeline } from './shared/team.js';

/**
 * Edits the incident's briefing pack (what to say, what not to say, the FAQ): a new version,
 * which the timer pushes to the customer-facing team. The edited lists carry over to the
 * versions later updates make. Audited.
 */
export async function editBriefing(
  ctx: Ctx,
  incidentId: string,
  raw: unknown,
): Promise<{ version: number }> {
  const problems = editProblems(raw ?? {});
  if (Object.keys(problems).length) throw invalid(problems);
  const edit = raw as BriefingEdit;
  return inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
    const incident = await tx.db
      .selectFrom('incidents')
      .select(['id', 'kind'])
      .where('id', '=', incidentId)
      .executeTakeFirst();
    if (incident?.kind !== 'incident') throw notFound('incident', incidentId);
    const before = await tx.db
      .selectFrom('briefings')
      .select(['version', 'pack'])
      .where('incident_id', '=', incidentId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const { version, pack } = await writeBriefingVersion(
      tx.db,
      incidentId,
      tx.at,
      ctx.actor.id,
      edit,
    );
    const fields = Object.keys(edit).join(', ');
    await addTimeline(
      tx.db,
      incidentId,
      'system',
      `${ctx.actor.id} edited the briefing (${fields}): version ${version}.`,
      ctx.actor.id,
      tx.at,
    );
    await tx.audit({
      action: 'briefing.edit',
      entityType: 'incident',
      entityId: incidentId,
      before: before ? { version: Number(before.version), pack: JSON.parse(before.pack) } : null,
      after: { version, pack },
    });
    return { version };
  });
}
