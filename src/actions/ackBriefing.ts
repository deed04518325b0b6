import { DomainError, notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';
import { briefingSignatureOk } from './shared/briefing.js';

/**
 * Records that a person read a version of the briefing, from the signed link in their notice:
 * no login, but the signature must match. Reading it again keeps the first time. Audited.
 */
export async function ackBriefing(
  ctx: Ctx,
  incidentId: string,
  version: number,
  personId: string,
  sig: unknown,
): Promise<{ at: string }> {
  assertBriefingSignature(ctx, incidentId, version, personId, sig);
  const reader = { ...ctx, actor: { id: `person:${personId}`, scope: 'read' as const } };
  return inTransaction(reader, { scope: 'read', changes: 'incident' }, async (tx) => {
    const exists = await tx.db
      .selectFrom('briefings')
      .select('version')
      .where('incident_id', '=', incidentId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!exists) throw notFound('briefing version', `${incidentId}/${version}`);
    const inserted = await tx.db
      .insertInto('briefing_acks')
      .values({ incident_id: incidentId, version, person_id: personId, at: tx.at })
      .onConflict((oc) => oc.columns(['incident_id', 'version', 'person_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      const first = await tx.db
        .selectFrom('briefing_acks')
        .select('at')
        .where('incident_id', '=', incidentId)
        .where('version', '=', version)
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow();
      return { at: first.at };
    }
    await tx.audit({
      action: 'briefing.ack',
      entityType: 'incident',
      entityId: incidentId,
      before: null,
      after: { version, person_id: personId, at: tx.at },
    });
    return { at: tx.at };
  });
}

export function assertBriefingSignature(
  ctx: Ctx,
  incidentId: string,
  version: number,
  personId: string,
  sig: unknown,
): void {
  if (!briefingSignatureOk(ctx.secretKey, incidentId, version, personId, sig))
    throw new DomainError(
      'forbidden',
      'this link is not valid: it may be incomplete, or it was altered',
      { sig: 'is not a valid signature for this link' },
    );
}
