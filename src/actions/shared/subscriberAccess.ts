/** Checks shared by the subscriber actions: signed links, and loading a subscriber row. */
import { conflict, DomainError, notFound } from '../../domain/errors.js';
import { verifySignature } from '../../lib/signing.js';
import type { Db } from '../../store/db.js';
import type { SubscriberTable } from '../../store/schema.js';
import type { Ctx } from '../context.js';

export type LinkPurpose = 'manage' | 'unsubscribe' | 'confirm';

/** A signed link acts without a login; a missing or altered signature is refused. */
export function requireSignature(ctx: Ctx, purpose: LinkPurpose, id: string, sig: unknown): void {
  if (!verifySignature(ctx.secretKey, purpose, id, sig)) {
    throw new DomainError(
      'forbidden',
      'this link is not valid: it may be incomplete, or it was altered',
      { sig: 'is not a valid signature for this link' },
    );
  }
}

export async function subscriberRow(db: Db, id: string): Promise<SubscriberTable> {
  const row = await db
    .selectFrom('subscribers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('subscriber', id);
  return row;
}

/**
 * The team's own addresses get role notices (assignments, reminders, escalations): they are not
 * subscriptions, and nobody can unsubscribe from being paged through a link.
 */
export function refuseTeamNotices(row: { audience: string }): void {
  if (row.audience !== 'internal') return;
  throw conflict(
    "this address gets the team's role notices (assignments, reminders and escalations), which are not a subscription and cannot be unsubscribed; ask an admin to change your contact details or take you off the rotation",
    { id: 'is a team member’s notice address, not a subscription' },
  );
}

/** Replaces a subscriber's components; an empty list means all components. */
export async function setComponents(db: Db, id: string, components: string[]): Promise<void> {
  await db.deleteFrom('subscriber_components').where('subscriber_id', '=', id).execute();
  for (let i = 0; i < components.length; i += 500) {
    await db
      .insertInto('subscriber_components')
      .values(
        components.slice(i, i + 500).map((component_id) => ({ subscriber_id: id, component_id })),
      )
      .execute();
  }
}

/** What the audit log keeps of a subscriber: never its secret or code. */
export function auditView(row: SubscriberTable): Record<string, unknown> {
  const { secret: _s, confirm_code_hash: _c, ...rest } = row;
  return rest;
}
