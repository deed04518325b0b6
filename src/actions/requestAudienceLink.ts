import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { notFound } from '../domain/errors.js';
import { newId } from '../lib/ids.js';
import { findAudienceContact } from '../store/queries/audiencePage.js';
import { getAudience, getKeyRule } from '../store/queries/audiences.js';
import { getPage } from '../store/queries/page.js';
import { addressKey } from '../store/queries/subscribers.js';
import { hashToken } from '../store/queries/tokens.js';
import { enqueueNotification } from '../store/writes/outbox.js';
import { takeSendBudget } from '../store/writes/sendBudget.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';

/** How long an emailed sign-in link to a private audience page works. */
export const AUDIENCE_LINK_MINUTES = 15;
/** Sign-in links one address may be sent per hour, per audience page. */
export const AUDIENCE_LINK_ADDRESS_LIMIT = 3;
const HOUR = 3_600_000;

export const AUDIENCE_SIGNIN_KIND = 'audience.signin';

const input = z
  .object({
    email: z
      .string({ message: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(254, 'must be at most 254 characters')
      .email('must be an email address such as you@example.com'),
  })
  .strict();

/**
 * Asks for a sign-in link to the private page of audience `key`. A link is made (stored
 * hashed, for 15 minutes, once) and emailed only when the address is an active email contact
 * in the audience and within its hourly budget; otherwise nothing happens. Either way the
 * caller learns nothing: the function returns the same (nothing) in every case.
 */
export async function requestAudienceLink(ctx: Ctx, key: string, raw: unknown): Promise<void> {
  const { email } = parseInput(input, raw);
  const audience = await getAudience(ctx.store.db, key);
  if (!audience?.private_page) throw notFound('audience page', key);
  const within = await inTransaction(ctx, { scope: 'read' }, (tx) =>
    takeSendBudget(
      tx.db,
      `audience-link:${key}:${addressKey('email', email)}`,
      tx.at,
      AUDIENCE_LINK_ADDRESS_LIMIT,
      HOUR,
    ),
  );
  if (!within) return;
  const keyRule = await getKeyRule(ctx.store.db);
  const subscriberId = await findAudienceContact(ctx.store.db, audience, keyRule, email);
  if (!subscriberId) return;
  const token = `fal_${randomBytes(24).toString('base64url')}`;
  await inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const id = newId();
    const expiresAt = new Date(Date.parse(tx.at) + AUDIENCE_LINK_MINUTES * 60_000).toISOString();
    await tx.db
      .insertInto('audience_sessions')
      .values({
        id,
        token_hash: hashToken(token),
        audience_key: key,
        subscriber_id: subscriberId,
        kind: 'link',
        created_at: tx.at,
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    const page = await getPage(tx.db);
    const base = (page?.url ?? ctx.fallbackUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
    await enqueueNotification(tx.db, {
      kind: AUDIENCE_SIGNIN_KIND,
      payload: {
        subscriber_id: subscriberId,
        channel: 'email',
        data: {
          subject: `Your sign-in link to ${audience.name}`,
          text: `Here is your link to the private ${page?.name ?? 'status'} page for ${audience.name}. It works once, for ${AUDIENCE_LINK_MINUTES} minutes. If you did not ask for it, ignore this email.`,
          action_url: `${base}/a/${encodeURIComponent(key)}/signin/${token}`,
          action_label: 'Sign in',
        },
      },
      at: tx.at,
    });
    await tx.audit({
      action: 'audience_link.create',
      entityType: 'audience_session',
      entityId: id,
      after: { audience_key: key, subscriber_id: subscriberId, expires_at: expiresAt },
    });
  });
}
