import { conflict, invalid, notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';
import { acceptHandoverInput } from './handoverInputs.js';
import { parseInput } from './inputs.js';
import { assertAckSignature, linkActor } from './shared/handovers.js';
import { addTimeline } from './shared/team.js';

export interface HandoverAccepted {
  id: string;
  role_key: string;
  person_id: string;
  accepted_at: string;
}

/**
 * Someone takes the role a handover passes on: the person it names, or one it escalated to.
 * The role moves to them (acknowledged) and the room is told. Accepting twice returns the first
 * acceptance; a superseded handover, or a role that changed hands meanwhile, is a 409. Audited.
 */
export async function acceptHandover(
  ctx: Ctx,
  handoverId: string,
  raw: unknown,
  opts: { scope?: 'read' | 'write' } = {},
): Promise<HandoverAccepted> {
  const input = parseInput(acceptHandoverInput, raw);
  return inTransaction(ctx, { scope: opts.scope ?? 'write' }, async (tx) => {
    const h = await tx.db
      .selectFrom('handovers')
      .selectAll()
      .where('id', '=', handoverId)
      .executeTakeFirst();
    if (!h) throw notFound('handover', handoverId);
    const personId = input.person_id ?? h.to_person_id;
    if (h.state === 'accepted') {
      if (h.accepted_by === personId)
        return { id: h.id, role_key: h.role_key, person_id: personId, accepted_at: h.accepted_at! };
      throw conflict('this handover was already accepted by someone else', {
        person_id: 'someone else took the role',
      });
    }
    if (h.state !== 'pending')
      throw conflict('a newer handover of this role replaced this one', {
        state: `is ${h.state}`,
      });
    const allowed = [
      h.to_person_id,
      ...(h.escalated_to ? (JSON.parse(h.escalated_to) as string[]) : []),
    ];
    if (!allowed.includes(personId))
      throw invalid({
        person_id: 'is not the person this handover names, nor one it escalated to',
      });
    const held = await tx.db
      .selectFrom('incident_roles')
      .selectAll()
      .where('incident_id', '=', h.incident_id)
      .where('role_key', '=', h.role_key)
      .executeTakeFirst();
    if (held?.person_id !== h.from_person_id)
      throw conflict('the role changed hands since this handover was written', {
        role: 'is no longer held by the outgoing person',
      });
    const person = await tx.db
      .selectFrom('people')
      .select('name')
      .where('id', '=', personId)
      .executeTakeFirst();
    if (!person) throw invalid({ person_id: 'is not a known person' });
    await tx.db
      .updateTable('incident_roles')
      .set({ person_id: personId, assigned_at: tx.at, acked_at: tx.at, escalation_level: 0 })
      .where('incident_id', '=', h.incident_id)
      .where('role_key', '=', h.role_key)
      .execute();
    await tx.db
      .updateTable('handovers')
      .set({ state: 'accepted', accepted_by: personId, accepted_at: tx.at })
      .where('id', '=', h.id)
      .execute();
    const role = await tx.db
      .selectFrom('roles')
      .select('name')
      .where('key', '=', h.role_key)
      .executeTakeFirst();
    const from = await tx.db
      .selectFrom('people')
      .select('name')
      .where('id', '=', h.from_person_id)
      .executeTakeFirst();
    await addTimeline(
      tx.db,
      h.incident_id,
      'system',
      `${person.name} accepted the handover and is now ${role?.name ?? h.role_key} (from ${from?.name ?? h.from_person_id}).`,
      ctx.actor.id,
      tx.at,
    );
    await tx.audit({
      action: 'handover.accept',
      entityType: 'incident',
      entityId: h.incident_id,
      before: held,
      after: { ...held, person_id: personId, acked_at: tx.at, handover_id: h.id },
    });
    return { id: h.id, role_key: h.role_key, person_id: personId, accepted_at: tx.at };
  });
}

/** Accepting from the signed link in a handover or escalation notice: the signature names the person. */
export async function acceptHandoverByLink(
  ctx: Ctx,
  handoverId: string,
  personId: string,
  sig: unknown,
): Promise<HandoverAccepted> {
  assertAckSignature(ctx, handoverId, personId, sig);
  return acceptHandover(
    { ...ctx, actor: await linkActor(ctx, personId) },
    handoverId,
    { person_id: personId },
    { scope: 'read' },
  );
}
