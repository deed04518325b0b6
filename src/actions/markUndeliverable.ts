import { DomainError } from '../domain/errors.js';
import { addressKey, getSubscriber, type Subscriber } from '../store/queries/subscribers.js';
import { type Ctx, inTransaction } from './context.js';
import { type MarkUndeliverableInput, markUndeliverableInput, parseInput } from './inputs.js';

/**
 * A provider's bounce or complaint about an email address or phone number. A complaint ("this
 * is spam") unsubscribes; a bounce marks the address undeliverable. Either way nothing more is
 * sent to it until the person subscribes again.
 */
export async function markUndeliverable(
  ctx: Ctx,
  raw: MarkUndeliverableInput | unknown,
): Promise<Subscriber> {
  const input = parseInput(markUndeliverableInput, raw);
  const channel = input.channel ?? (input.address.includes('@') ? 'email' : 'sms');
  const key = addressKey(channel, input.address);
  const id = await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const row = await tx.db
      .selectFrom('subscribers')
      .selectAll()
      .where('channel', '=', channel)
      .where('address_key', '=', key)
      .executeTakeFirst();
    if (!row) {
      throw new DomainError(
        'not_found',
        `no ${channel} subscriber has the address ${input.address}`,
        {
          address: `is not a known ${channel} subscriber`,
        },
      );
    }
    const reason = `${input.type}${input.reason ? `: ${input.reason}` : ''}`;
    // a complaint outranks a bounce: an address that complained stays unsubscribed
    const state =
      input.type === 'complaint' || row.state === 'unsubscribed' ? 'unsubscribed' : 'undeliverable';
    await tx.db
      .updateTable('subscribers')
      .set({
        state,
        disabled_reason: reason,
        unsubscribed_at:
          state === 'unsubscribed' ? (row.unsubscribed_at ?? tx.at) : row.unsubscribed_at,
        updated_at: tx.at,
      })
      .where('id', '=', row.id)
      .execute();
    await tx.audit({
      action: `subscriber.${input.type}`,
      entityType: 'subscriber',
      entityId: row.id,
      before: { state: row.state },
      after: { state, disabled_reason: reason },
    });
    return row.id;
  });
  return (await getSubscriber(ctx.store.db, id))!;
}
