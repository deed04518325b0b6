import { notFound } from '../domain/errors.js';
import { canonicalHours } from '../domain/team.js';
import { getPerson, type Person } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { assertRegion } from './createPerson.js';
import { parseInput } from './inputs.js';
import { type UpdatePersonInput, updatePersonInput } from './planInputs.js';
import { checkPersonUrls, syncPersonSubscribers } from './shared/personSubscribers.js';
import { recordPlanVersion } from './shared/planVersions.js';

/**
 * Edits a person. A field set to null is cleared. Their internal subscriptions follow in the
 * same transaction: a new address is subscribed, a cleared one is removed.
 */
export async function updatePerson(
  ctx: Ctx,
  id: string,
  raw: UpdatePersonInput | unknown,
): Promise<Person> {
  const input = parseInput(updatePersonInput, raw);
  await checkPersonUrls(input, ctx.allowPrivateNetwork ?? false);
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw notFound('person', id);
    if (input.region) await assertRegion(tx.db, input.region);
    const after: Person = {
      ...before,
      ...input,
      working_hours:
        input.working_hours === undefined
          ? before.working_hours
          : canonicalHours(input.working_hours),
      updated_at: tx.at,
    };
    const { id: _id, created_at: _c, ...changes } = after;
    await tx.db.updateTable('people').set(changes).where('id', '=', id).execute();
    const channels = await syncPersonSubscribers(tx.db, after, tx.at);
    await tx.audit({
      action: 'person.update',
      entityType: 'person',
      entityId: id,
      before,
      after: { ...after, internal_channels: channels.map((c) => c.channel) },
    });
    await recordPlanVersion(tx, ctx, `person ${after.name} changed`);
  });
  return (await getPerson(ctx.store.db, id))!;
}
