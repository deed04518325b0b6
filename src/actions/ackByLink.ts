import { DomainError } from '../domain/errors.js';
import { verifySignature } from '../lib/signing.js';
import { ackAssignment } from './ackAssignment.js';
import type { Ctx } from './context.js';

/** Acknowledges a role from the signed link in the assignee's notice: no login, but the signature must match. */
export async function ackByLink(
  ctx: Ctx,
  incidentId: string,
  roleKey: string,
  personId: string,
  sig: unknown,
): Promise<{ acked_at: string }> {
  assertAckSignature(ctx, incidentId, roleKey, personId, sig);
  return ackAssignment(ctx, incidentId, roleKey, personId);
}

export function assertAckSignature(
  ctx: Ctx,
  incidentId: string,
  roleKey: string,
  personId: string,
  sig: unknown,
): void {
  const subject = `${incidentId}:${roleKey}:${personId}`;
  if (!verifySignature(ctx.secretKey, 'ack', subject, sig))
    throw new DomainError(
      'forbidden',
      'this link is not valid: it may be incomplete, or it was altered',
      { sig: 'is not a valid signature for this link' },
    );
}
