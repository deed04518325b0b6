import { invalid } from '../domain/errors.js';
import { getSubscriber, type Subscriber } from '../store/queries/subscribers.js';
import { hashToken } from '../store/queries/tokens.js';
import { type Ctx, inTransaction, type Tx } from './context.js';
import { confirmCodeInput, parseInput } from './inputs.js';
import { auditView, requireSignature, subscriberRow } from './shared/subscriberAccess.js';

/** Wrong SMS codes allowed before the code is void and the subscriber must subscribe again. */
export const MAX_CODE_ATTEMPTS = 5;

export interface Confirmed {
  subscriber: Subscriber;
  /** true when this call made the subscription active */
  confirmed: boolean;
}

/**
 * Double opt-in. An email subscriber follows the signed confirm link; an SMS subscriber types
 * the 6-digit code (the signed link alone is not enough for SMS). Confirming twice is fine.
 */
export async function confirmSubscriber(
  ctx: Ctx,
  id: string,
  proof: { sig: unknown; code?: unknown },
): Promise<Confirmed> {
  requireSignature(ctx, 'confirm', id, proof.sig);
  if (proof.code !== undefined) return confirmByCode(ctx, id, proof.code);
  const changed = await inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const row = await subscriberRow(tx.db, id);
    if (row.state !== 'pending') return false;
    if (row.channel === 'sms')
      throw invalid({ code: 'is required: enter the code we sent by SMS' });
    await activate(tx, row.id);
    await tx.audit({
      action: 'subscriber.confirm',
      entityType: 'subscriber',
      entityId: id,
      before: { state: row.state },
      after: { state: 'active', by: 'link' },
    });
    return true;
  });
  return { subscriber: (await getSubscriber(ctx.store.db, id))!, confirmed: changed };
}

async function confirmByCode(ctx: Ctx, id: string, raw: unknown): Promise<Confirmed> {
  const { code } = parseInput(confirmCodeInput, { code: raw });
  // an unknown id answers like a wrong code: the public form never tells whether a number exists
  const wrong = 'is not right: check the text message and try again';
  const outcome = await inTransaction(ctx, { scope: 'read' }, async (tx) => {
    const row = await tx.db
      .selectFrom('subscribers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return 'wrong' as const;
    if (row.state !== 'pending')
      return row.state === 'active' ? ('already' as const) : ('void' as const);
    if (!row.confirm_code_hash || row.confirm_attempts >= MAX_CODE_ATTEMPTS) return 'void' as const;
    if (hashToken(`${id}:${code}`) === row.confirm_code_hash) {
      await activate(tx, id);
      await tx.audit({
        action: 'subscriber.confirm',
        entityType: 'subscriber',
        entityId: id,
        before: { state: row.state },
        after: { state: 'active', by: 'code' },
      });
      return 'confirmed' as const;
    }
    const attempts = row.confirm_attempts + 1;
    const spent = attempts >= MAX_CODE_ATTEMPTS;
    await tx.db
      .updateTable('subscribers')
      .set({
        confirm_attempts: attempts,
        confirm_code_hash: spent ? null : row.confirm_code_hash,
        updated_at: tx.at,
      })
      .where('id', '=', id)
      .execute();
    await tx.audit({
      action: 'subscriber.confirm_failed',
      entityType: 'subscriber',
      entityId: id,
      before: { confirm_attempts: row.confirm_attempts },
      after: { ...auditView(row), confirm_attempts: attempts, code_void: spent },
    });
    return spent ? ('void' as const) : ('wrong' as const);
  });
  if (outcome === 'wrong') throw invalid({ code: wrong });
  if (outcome === 'void')
    throw invalid({
      code: 'can no longer be used (too many tries): subscribe again for a new code',
    });
  return {
    subscriber: (await getSubscriber(ctx.store.db, id))!,
    confirmed: outcome === 'confirmed',
  };
}

async function activate(tx: Tx, id: string) {
  await tx.db
    .updateTable('subscribers')
    .set({
      state: 'active',
      confirmed_at: tx.at,
      confirm_code_hash: null,
      confirm_attempts: 0,
      updated_at: tx.at,
    })
    .where('id', '=', id)
    .execute();
}
