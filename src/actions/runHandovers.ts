import { effectiveHours, escalationTarget, promptDue } from '../domain/handover.js';
import { inZone, zoneAbbr } from '../lib/format.js';
import {
  briefText,
  handoverBrief,
  handoverSettings,
  listRegions,
} from '../store/queries/handovers.js';
import { type Ctx, inTransaction } from './context.js';
import {
  baseUrl,
  CLOSED,
  handoverAckLink,
  handoverNoteLink,
  rotationWithRegions,
} from './shared/handovers.js';
import { addTimeline, notifyPeople } from './shared/team.js';

/** The roles whose holders are prompted at the end of their shift. */
export const HANDOVER_ROLES = ['comms_lead', 'incident_lead'];

/**
 * The follow-the-sun timer, run by the scheduler: prompts the comms lead and incident lead of
 * each open incident for a handover note as their shift ends, then escalates handovers nobody
 * accepted in time. Returns how many prompts and escalations it sent.
 */
export async function runHandovers(ctx: Ctx): Promise<number> {
  return (await promptHandovers(ctx)) + (await escalateHandovers(ctx));
}

/**
 * When a holder's working hours (their own, else their region's) end within the plan's lead
 * (default 30 minutes) or have ended, they are sent a signed link to write the handover note,
 * prefilled with the incident's state. Once per shift: a `handover_prompts` row is claimed in
 * the notice's transaction.
 */
export async function promptHandovers(ctx: Ctx): Promise<number> {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  const held = await db
    .selectFrom('incident_roles as r')
    .innerJoin('incidents as i', 'i.id', 'r.incident_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select([
      'r.incident_id',
      'r.role_key',
      'r.person_id',
      'p.name as person_name',
      'p.time_zone',
      'p.working_hours',
      'p.region',
      'i.name as incident_name',
    ])
    .where('r.role_key', 'in', HANDOVER_ROLES)
    .where('i.kind', '=', 'incident')
    .where('i.status', 'not in', CLOSED)
    .execute();
  if (held.length === 0) return 0;
  const [regions, settings] = await Promise.all([listRegions(db), handoverSettings(db)]);
  let sent = 0;
  for (const h of held) {
    const hours = effectiveHours(h, regions);
    const end = promptDue(hours, now, settings.leadMinutes);
    if (!end) continue;
    const shiftEnd = end.toISOString();
    const [done, written] = await Promise.all([
      db
        .selectFrom('handover_prompts')
        .select('at')
        .where('incident_id', '=', h.incident_id)
        .where('role_key', '=', h.role_key)
        .where('person_id', '=', h.person_id)
        .where('shift_end', '=', shiftEnd)
        .executeTakeFirst(),
      db
        .selectFrom('handovers')
        .select('id')
        .where('incident_id', '=', h.incident_id)
        .where('role_key', '=', h.role_key)
        .where('from_person_id', '=', h.person_id)
        .where('state', '=', 'pending')
        .executeTakeFirst(),
    ]);
    if (done || written) continue; // most ticks: a read, no write lock
    const brief = await handoverBrief(db, h.incident_id);
    if (!brief) continue;
    sent += await inTransaction(ctx, { scope: 'write' }, async (tx) => {
      const claimed = await tx.db
        .insertInto('handover_prompts')
        .values({
          incident_id: h.incident_id,
          role_key: h.role_key,
          person_id: h.person_id,
          shift_end: shiftEnd,
          at: tx.at,
        })
        .onConflict((oc) =>
          oc.columns(['incident_id', 'role_key', 'person_id', 'shift_end']).doNothing(),
        )
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return 0;
      const role = h.role_key.replace(/_/g, ' ');
      const ended = end.getTime() <= now.getTime();
      const local = inZone(shiftEnd, hours.time_zone);
      const endText = `${shiftEnd.slice(11, 16)} UTC (${local.toFormat('HH:mm')} ${zoneAbbr(local)})`;
      const base = await baseUrl(ctx, tx.db);
      await notifyPeople(
        tx.db,
        [h.person_id],
        {
          subject: `Handover: your shift ${ended ? 'has ended' : 'ends soon'} — ${h.incident_name}`,
          text: `Your shift ${ended ? 'ended' : 'ends'} at ${endText} and you are ${role} on "${h.incident_name}". Write a handover note so the next person on shift can take over; until they accept, the role stays yours.\n\n${briefText(brief)}`,
          action_url: handoverNoteLink(ctx.secretKey, base, h.incident_id, h.role_key, h.person_id),
          action_label: 'Write the handover note',
        },
        tx.at,
        h.incident_id,
      );
      await addTimeline(
        tx.db,
        h.incident_id,
        'system',
        `${h.person_name}'s shift ${ended ? 'ended' : 'ends'} at ${endText}: Flare asked them for a handover note for ${role}.`,
        'flare',
        tx.at,
      );
      await tx.audit({
        action: 'handover.prompt',
        entityType: 'incident',
        entityId: h.incident_id,
        after: { role_key: h.role_key, person_id: h.person_id, shift_end: shiftEnd },
      });
      return 1;
    });
  }
  return sent;
}

/**
 * A handover nobody accepted within the plan's time (default 15 minutes) escalates once: the
 * incident lead and the next person on shift in the role's rotation are told, and the room
 * says so. The outgoing person keeps the role meanwhile; the next person may accept it too.
 */
export async function escalateHandovers(ctx: Ctx): Promise<number> {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  const { ackMinutes } = await handoverSettings(db);
  const cutoff = new Date(now.getTime() - ackMinutes * 60_000).toISOString();
  const due = await db
    .selectFrom('handovers as h')
    .innerJoin('incidents as i', 'i.id', 'h.incident_id')
    .select(['h.id', 'h.created_at', 'i.name as incident_name'])
    .where('h.state', '=', 'pending')
    .where('h.escalated_at', 'is', null)
    .where('h.created_at', '<=', cutoff)
    .where('i.status', 'not in', CLOSED)
    .execute();
  let sent = 0;
  for (const d of due) {
    sent += await inTransaction(ctx, { scope: 'write' }, async (tx) => {
      const h = await tx.db
        .selectFrom('handovers')
        .selectAll()
        .where('id', '=', d.id)
        .executeTakeFirst();
      if (h?.state !== 'pending' || h.escalated_at) return 0; // accepted or escalated meanwhile
      const [{ role, rotation }, regions, lead] = await Promise.all([
        rotationWithRegions(tx.db, h.role_key),
        listRegions(tx.db),
        tx.db
          .selectFrom('incident_roles')
          .select('person_id')
          .where('incident_id', '=', h.incident_id)
          .where('role_key', '=', 'incident_lead')
          .executeTakeFirst(),
      ]);
      const next = escalationTarget(rotation, regions, [h.from_person_id, h.to_person_id], now);
      const ids = [h.from_person_id, h.to_person_id, lead?.person_id, next?.id].filter(
        (x): x is string => Boolean(x),
      );
      const names = new Map(
        (
          await tx.db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute()
        ).map((p) => [p.id, p.name]),
      );
      const name = (id: string) => names.get(id) ?? id;
      const roleName = role?.name ?? h.role_key;
      const base = await baseUrl(ctx, tx.db);
      const text = `Nobody accepted ${name(h.from_person_id)}'s handover of ${roleName} to ${name(h.to_person_id)} on "${d.incident_name}" within ${ackMinutes} minutes. ${name(h.from_person_id)} keeps the role until someone takes it.\n\nHandover note:\n${h.note}`;
      if (lead && lead.person_id !== next?.id)
        await notifyPeople(
          tx.db,
          [lead.person_id],
          {
            subject: `Handover not accepted: ${roleName} — ${d.incident_name}`,
            text: `${text}\n\nAs incident lead, please make sure someone takes it.`,
            action_url: `${base}/console/incidents/${encodeURIComponent(h.incident_id)}/handover?role=${encodeURIComponent(h.role_key)}`,
            action_label: 'See the handover',
          },
          tx.at,
          h.incident_id,
        );
      if (next)
        await notifyPeople(
          tx.db,
          [next.id],
          {
            subject: `Can you take ${roleName}? ${d.incident_name}`,
            text: `${text}\n\nYou are next on shift for ${roleName}: accept to take it.`,
            action_url: handoverAckLink(ctx.secretKey, base, h.id, next.id),
            action_label: 'Take the role',
          },
          tx.at,
          h.incident_id,
        );
      const told = [
        lead && `${name(lead.person_id)} (incident lead)`,
        next && `${name(next.id)} (next on shift)`,
      ].filter(Boolean);
      await tx.db
        .updateTable('handovers')
        .set({ escalated_at: tx.at, escalated_to: JSON.stringify(next ? [next.id] : []) })
        .where('id', '=', h.id)
        .execute();
      await addTimeline(
        tx.db,
        h.incident_id,
        'system',
        `Nobody accepted the handover of ${roleName} to ${name(h.to_person_id)} within ${ackMinutes} minutes; ${told.length ? `told ${told.join(' and ')}` : 'there is nobody to tell'}. ${name(h.from_person_id)} keeps the role until someone accepts.`,
        'flare',
        tx.at,
      );
      await tx.audit({
        action: 'handover.escalate',
        entityType: 'incident',
        entityId: h.incident_id,
        before: { id: h.id, escalated_at: null },
        after: {
          id: h.id,
          escalated_at: tx.at,
          told: ids.filter((i) => i === lead?.person_id || i === next?.id),
        },
      });
      return 1;
    });
  }
  return sent;
}
