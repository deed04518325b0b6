import { invalid } from '../domain/errors.js';
import { canonicalHours } from '../domain/team.js';
import { newId } from '../lib/ids.js';
import type { Db } from '../store/db.js';
import { getPerson, type Person } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type CreatePersonInput, createPersonInput } from './planInputs.js';
import { checkPersonUrls, syncPersonSubscribers } from './shared/personSubscribers.js';
import { recordPlanVersion } from './shared/planVersions.js';

/**
 * Adds a person to the team. Their email, phone and Slack or Teams webhook become internal
 * subscriptions in the same transaction, so internal notices reach them at once.
 */
export async function createPerson(ctx: Ctx, raw: CreatePersonInput | unknown): Promise<Person> {
  const input = parseInput(createPersonInput, raw);
  await checkPersonUrls(input, ctx.allowPrivateNetwork ?? false);
  const id = await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    if (input.region) await assertRegion(tx.db, input.region);
    const row: Person = {
      id: newId(),
      name: input.name,
      email: input.email ?? null,
      phone: input.phone ?? null,
      slack: input.slack ?? null,
      teams: input.teams ?? null,
      time_zone: input.time_zone ?? 'Etc/UTC',
      working_hours: canonicalHours(input.working_hours),
      region: input.region ?? null,
      created_at: tx.at,
      updated_at: tx.at,
    };
    await tx.db.insertInto('people').values(row).execute();
    const channels = await syncPersonSubscribers(tx.db, row, tx.at);
    await tx.audit({
      action: 'person.create',
      entityType: 'person',
      entityId: row.id,
      after: { ...row, internal_channels: channels.map((c) => c.channel) },
    });
    await recordPlanVersion(tx, ctx, `+person ${row.name}`);
    return row.id;
  });
  return (await getPerson(ctx.store.db, id))!;
}

/** A person's region must be one of the team's regions. */
export async function assertRegion(db: Db, key: string): Promise<void> {
  const r = await db.selectFrom('regions').select('key').where('key', '=', key).executeTakeFirst();
  if (!r) throw invalid({ region: `no region ${JSON.stringify(key)}; see GET /api/v1/regions` });
}
