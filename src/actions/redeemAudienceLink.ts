import { randomBytes } from 'node:crypto';
import { newId } from '../lib/ids.js';
import { hashToken } from '../store/queries/tokens.js';
import { type Ctx, inTransaction } from './context.js';

/** How long a private audience page session lasts. */
export const AUDIENCE_SESSION_HOURS = 12;

export const AUDIENCE_TOKEN = /^fal_[A-Za-z0-9_-]{20,64}$/;

/**
 * Spends an emailed sign-in link of audience `key` (one conditional UPDATE, so two racing
 * requests cannot both win) and starts a session for its contact. Returns the session's
 * token (only its hash is stored) or null when the link is unknown, used or expired.
 */
export async function redeemAudienceLink(
  ctx: Ctx,
  key: string,
  link: string,
): Promise<{ token: string; expiresAt: string } | null> {
  if (!AUDIENCE_TOKEN.test(link)) return null;
  return inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const used = await tx.db
      .updateTable('audience_sessions')
      .set({ used_at: tx.at })
      .where('token_hash', '=', hashToken(link))
      .where('kind', '=', 'link')
      .where('audience_key', '=', key)
      .where('used_at', 'is', null)
      .where('expires_at', '>', tx.at)
      .returning(['id', 'subscriber_id'])
      .executeTakeFirst();
    if (!used) return null;
    await tx.audit({
      action: 'audience_link.use',
      entityType: 'audience_session',
      entityId: used.id,
    });
    const token = `fal_${randomBytes(24).toString('base64url')}`;
    const id = newId();
    const expiresAt = new Date(
      Date.parse(tx.at) + AUDIENCE_SESSION_HOURS * 3_600_000,
    ).toISOString();
    await tx.db
      .insertInto('audience_sessions')
      .values({
        id,
        token_hash: hashToken(token),
        audience_key: key,
        subscriber_id: used.subscriber_id,
        kind: 'session',
        created_at: tx.at,
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    await tx.audit({
      action: 'audience_session.start',
      entityType: 'audience_session',
      entityId: id,
      after: { audience_key: key, subscriber_id: used.subscriber_id, expires_at: expiresAt },
    });
    return { token, expiresAt };
  });
}
