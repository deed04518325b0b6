import { sql } from 'kysely';
import { invalid } from '../domain/errors.js';
import { getSubscriber, type Subscriber } from '../store/queries/subscribers.js';
import { hashToken } from '../store/queries/tokens.js';
import { takeSendBudget } from '../store/writes/sendBudget.js';
import { type Ctx, inTransaction, type Tx } from './context.js';
import { confirmCodeInput, parseInput } from './inputs.js';
import { requireSignature, subscriberRow } from './shared/subscriberAccess.js';

/** Wrong SMS codes allowed before the code is void and the subscriber must subscribe again. */
export const MAX_CODE_ATTEMPTS = 5;

/** How long a confirmation link (or SMS code) works after it was sent. */
export const CONFIRM_HOURS = 48;

/** The field error of a confirmation that came too late: the route shows it as its own page. */
export const EXPIRED = 'has expired: subscribe again for a new one';

function expired(sentAt: string | null, now: Date): boolean {
  return !!sentAt && Date.parse(sentAt) + CONFIRM_HOURS * 3_600_000 <= now.getTime();
}

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
    if (expired(row.confirm_sent_at, ctx.clock.now())) throw invalid({ link: EXPIRED });
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
  const wrong = 'is not right: check the text message and try again';
  const outcome = await inTransaction(ctx, { scope: 'read' }, async (tx) => {
    // one conditional UPDATE counts the try, so parallel guesses get at most MAX_CODE_ATTEMPTS
    // between them (the row lock serialises them on PostgreSQL, the write lock on SQLite)
    const counted = await tx.db
      .updateTable('subscribers')
      .set({ confirm_attempts: sql<number>`confirm_attempts + 1`, updated_at: tx.at })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .where('confirm_code_hash', 'is not', null)
      .where('confirm_attempts', '<', MAX_CODE_ATTEMPTS)
      .returning(['confirm_attempts', 'confirm_code_hash', 'confirm_sent_at', 'state'])
      .executeTakeFirst();
    if (!counted) {
      const row = await tx.db
        .selectFrom('subscribers')
        .select('state')
        .where('id', '=', id)
        .executeTakeFirst();
      // a stand-in handed out for an address that was already there: it counts tries like a
      // real pending one and never succeeds, so the form tells nobody whether a number exists
      if (!row) {
        const within = await takeSendBudget(
          tx.db,
          `code:${id}`,
          tx.at,
          MAX_CODE_ATTEMPTS - 1,
          CONFIRM_HOURS * 3_600_000,
        );
        return within ? ('wrong' as const) : ('void' as const);
      }
      return row.state === 'active' ? ('already' as const) : ('void' as const);
    }
    const attempts = Number(counted.confirm_attempts);
    if (expired(counted.confirm_sent_at, ctx.clock.now())) return 'expired' as const;
    if (hashToken(`${id}:${code}`) === counted.confirm_code_hash) {
      await activate(tx, id);
      await tx.audit({
        action: 'subscriber.confirm',
        entityType: 'subscriber',
        entityId: id,
        before: { state: 'pending' },
        after: { state: 'active', by: 'code' },
      });
      return 'confirmed' as const;
    }
    const spent = attempts >= MAX_CODE_ATTEMPTS;
    if (spent)
      await tx.db
        .updateTable('subscribers')
        .set({ confirm_code_hash: null })
        .where('id', '=', id)
        .execute();
    await tx.audit({
      action: 'subscriber.confirm_failed',
      entityType: 'subscriber',
      entityId: id,
      before: { confirm_attempts: attempts - 1 },
      after: { confirm_attempts: attempts, code_void: spent },
    });
    return spent ? ('void' as const) : ('wrong' as const);
  });
  if (outcome === 'wrong') throw invalid({ code: wrong });
  if (outcome === 'expired') throw invalid({ code: EXPIRED });
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
