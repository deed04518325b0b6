import { conflict, invalid } from '../domain/errors.js';
import { nextOnShift } from '../domain/handover.js';
import { newId } from '../lib/ids.js';
import { handoverSettings, listRegions } from '../store/queries/handovers.js';
import { type Ctx, inTransaction } from './context.js';
import { type CreateHandoverInput, createHandoverInput } from './handoverInputs.js';
import { parseInput } from './inputs.js';
import {
  assertNoteSignature,
  baseUrl,
  CLOSED,
  handoverAckLink,
  linkActor,
  rotationWithRegions,
} from './shared/handovers.js';
import { loadIncidentRow } from './shared/incidentWrites.js';
import { addTimeline, notifyPeople } from './shared/team.js';

export interface HandoverCreated {
  id: string;
  incident_id: string;
  role_key: string;
  from_person_id: string;
  to_person_id: string;
  state: 'pending';
}

/**
 * The outgoing holder's handover note: hands an incident role to the next person on shift (the
 * role's rotation order, whose own or region's hours cover now), or to `to_person_id`. The
 * incoming person is told with a signed link to accept; until they do, the outgoing person keeps
 * the role. An earlier pending handover of the same role is superseded. Audited, and logged in
 * the incident room.
 */
export async function createHandover(
  ctx: Ctx,
  incidentId: string,
  raw: CreateHandoverInput | unknown,
  opts: { fromPersonId?: string; scope?: 'read' | 'write' } = {},
): Promise<HandoverCreated> {
  const input = parseInput(createHandoverInput, raw);
  return inTransaction(ctx, { scope: opts.scope ?? 'write' }, async (tx) => {
    const incident = await loadIncidentRow(tx.db, incidentId);
    if (CLOSED.includes(incident.status))
      throw conflict('the incident is closed: there is nothing to hand over', {
        role: 'the incident is closed',
      });
    const { role, rotation } = await rotationWithRegions(tx.db, input.role);
    if (!role)
      throw invalid({ role: `no role ${JSON.stringify(input.role)}; see GET /api/v1/roles` });
    const held = await tx.db
      .selectFrom('incident_roles')
      .select(['person_id', 'acked_at'])
      .where('incident_id', '=', incidentId)
      .where('role_key', '=', role.key)
      .executeTakeFirst();
    if (!held)
      throw invalid({
        role: `nobody holds ${role.name} on this incident, so there is nothing to hand over`,
      });
    if (opts.fromPersonId && held.person_id !== opts.fromPersonId)
      throw conflict(`${role.name} has changed hands since this link was sent`, {
        role: 'is no longer held by the person this link was sent to',
      });
    const now = new Date(tx.at);
    let toId = input.to_person_id;
    if (toId) {
      const p = await tx.db
        .selectFrom('people')
        .select('id')
        .where('id', '=', toId)
        .executeTakeFirst();
      if (!p) throw invalid({ to_person_id: 'is not a known person; see GET /api/v1/people' });
      if (toId === held.person_id)
        throw invalid({ to_person_id: 'already holds the role: name someone else' });
    } else {
      const [regions, settings] = await Promise.all([listRegions(tx.db), handoverSettings(tx.db)]);
      const next = nextOnShift(rotation, regions, held.person_id, now, settings.leadMinutes);
      if (!next)
        throw invalid({
          to_person_id: `nobody else in the ${role.name} rotation is on shift now: name who takes the role`,
        });
      toId = next.id;
    }
    const names = new Map(
      (
        await tx.db
          .selectFrom('people')
          .select(['id', 'name'])
          .where('id', 'in', [held.person_id, toId])
          .execute()
      ).map((p) => [p.id, p.name]),
    );
    const superseded = await tx.db
      .updateTable('handovers')
      .set({ state: 'superseded' })
      .where('incident_id', '=', incidentId)
      .where('role_key', '=', role.key)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    const row = {
      id: newId(),
      incident_id: incidentId,
      role_key: role.key,
      from_person_id: held.person_id,
      to_person_id: toId,
      note: input.note,
      state: 'pending' as const,
      created_by: ctx.actor.id,
      created_at: tx.at,
      escalated_at: null,
      escalated_to: null,
      accepted_by: null,
      accepted_at: null,
    };
    await tx.db.insertInto('handovers').values(row).execute();
    const from = names.get(held.person_id) ?? held.person_id;
    const to = names.get(toId) ?? toId;
    const base = await baseUrl(ctx, tx.db);
    const label = `${incident.drill ? '[DRILL] ' : ''}${incident.severity ?? 'Incident'}`;
    await notifyPeople(
      tx.db,
      [toId],
      {
        subject: `${label}: ${incident.name} — ${from} hands ${role.name} to you`,
        text: `${from} is handing over ${role.name} for "${incident.name}" at the end of their shift. Their note:\n\n${input.note}\n\nPlease accept: until you do, ${from} keeps the role.`,
        action_url: handoverAckLink(ctx.secretKey, base, row.id, toId),
        action_label: 'Accept the handover',
      },
      tx.at,
      incidentId,
    );
    await addTimeline(
      tx.db,
      incidentId,
      'system',
      `${from} handed over ${role.name} to ${to}, waiting for ${to} to accept. Handover note: ${input.note}`,
      ctx.actor.id,
      tx.at,
    );
    await tx.audit({
      action: 'handover.create',
      entityType: 'incident',
      entityId: incidentId,
      before: Number(superseded.numUpdatedRows)
        ? { superseded: Number(superseded.numUpdatedRows) }
        : undefined,
      after: row,
    });
    return {
      id: row.id,
      incident_id: incidentId,
      role_key: role.key,
      from_person_id: held.person_id,
      to_person_id: toId,
      state: 'pending',
    };
  });
}

/** The note written from the signed link in a shift-end prompt: the signature stands for a login. */
export async function createHandoverByLink(
  ctx: Ctx,
  incidentId: string,
  roleKey: string,
  personId: string,
  sig: unknown,
  raw: { note?: unknown; to_person_id?: unknown },
): Promise<HandoverCreated> {
  assertNoteSignature(ctx, incidentId, roleKey, personId, sig);
  return createHandover(
    { ...ctx, actor: await linkActor(ctx, personId) },
    incidentId,
    { ...raw, role: roleKey },
    { fromPersonId: personId, scope: 'read' },
  );
}
