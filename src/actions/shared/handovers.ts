/** Follow-the-sun steps shared by the prompt, the note and its acceptance: links and the rotation. */
import { DomainError } from '../../domain/errors.js';
import { sign, verifySignature } from '../../lib/signing.js';
import type { Db } from '../../store/db.js';
import { getPage } from '../../store/queries/page.js';
import { getRole } from '../../store/queries/team.js';
import type { Actor, Ctx } from '../context.js';

export async function baseUrl(ctx: Ctx, db: Db): Promise<string> {
  const page = await getPage(db);
  return (page?.url ?? ctx.fallbackUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
}

const noteSubject = (incidentId: string, roleKey: string, personId: string) =>
  `${incidentId}:${roleKey}:${personId}`;

/** The signed link in a shift-end prompt: the outgoing person writes the note there, no login. */
export function handoverNoteLink(
  key: Buffer,
  base: string,
  incidentId: string,
  roleKey: string,
  personId: string,
): string {
  const sig = sign(key, 'handover-note', noteSubject(incidentId, roleKey, personId));
  return `${base}/team/handover/${encodeURIComponent(incidentId)}/${encodeURIComponent(roleKey)}/${encodeURIComponent(personId)}?sig=${sig}`;
}

/** The signed link in a handover notice: the person it names accepts the role there, no login. */
export function handoverAckLink(key: Buffer, base: string, handoverId: string, personId: string) {
  const sig = sign(key, 'handover-ack', `${handoverId}:${personId}`);
  return `${base}/team/handovers/${encodeURIComponent(handoverId)}/${encodeURIComponent(personId)}?sig=${sig}`;
}

const refused = () =>
  new DomainError('forbidden', 'this link is not valid: it may be incomplete, or it was altered', {
    sig: 'is not a valid signature for this link',
  });

export function assertNoteSignature(
  ctx: Ctx,
  incidentId: string,
  roleKey: string,
  personId: string,
  sig: unknown,
): void {
  if (
    !verifySignature(
      ctx.secretKey,
      'handover-note',
      noteSubject(incidentId, roleKey, personId),
      sig,
    )
  )
    throw refused();
}

export function assertAckSignature(ctx: Ctx, handoverId: string, personId: string, sig: unknown) {
  if (!verifySignature(ctx.secretKey, 'handover-ack', `${handoverId}:${personId}`, sig))
    throw refused();
}

/** A role's rotation; each person row carries their region (people.region). */
export async function rotationWithRegions(db: Db, roleKey: string) {
  const role = await getRole(db, roleKey);
  return { role, rotation: role?.rotation ?? [] };
}

/**
 * Who acts through a signed link: the person it was sent to, by name (as the room shows actors;
 * the audit's before and after carry their id). Read scope: the signature is the permission.
 */
export async function linkActor(ctx: Ctx, personId: string): Promise<Actor> {
  const p = await ctx.store.db
    .selectFrom('people')
    .select('name')
    .where('id', '=', personId)
    .executeTakeFirst();
  return { id: `person:${p?.name ?? personId}`, scope: 'read' };
}

export const roleWords = (key: string) => key.replace(/_/g, ' ');

/** Incident statuses in which nothing is handed over any more. */
export const CLOSED = ['resolved', 'postmortem', 'completed'];
