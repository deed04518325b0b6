import type { z } from 'zod';
import { conflict, invalid, notFound } from '../domain/errors.js';
import { canonicalHours } from '../domain/team.js';
import { listRegions, type Region } from '../store/queries/handovers.js';
import { type Ctx, inTransaction } from './context.js';
import { regionInput, regionKey } from './handoverInputs.js';
import { parseInput } from './inputs.js';
import { recordPlanVersion } from './shared/planVersions.js';

/** Adds or changes a team region (follow the sun): its name, time zone and working hours. Audited. */
export async function setRegion(
  ctx: Ctx,
  key: string,
  raw: z.input<typeof regionInput> | unknown,
): Promise<{ region: Region; created: boolean }> {
  const k = regionKey.safeParse(key);
  if (!k.success) throw invalid({ key: k.error.issues[0].message });
  const input = parseInput(regionInput, raw);
  return inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('regions')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    const region: Region = {
      key,
      name: input.name,
      time_zone: input.time_zone,
      hours: canonicalHours(input.hours) ?? input.hours,
    };
    if (
      before &&
      before.name === region.name &&
      before.time_zone === region.time_zone &&
      before.hours === region.hours
    )
      return { region, created: false };
    if (before)
      await tx.db
        .updateTable('regions')
        .set({ ...region, updated_at: tx.at })
        .where('key', '=', key)
        .execute();
    else {
      const n = (await listRegions(tx.db)).length;
      await tx.db
        .insertInto('regions')
        .values({ ...region, position: n, updated_at: tx.at })
        .execute();
    }
    await tx.audit({
      action: 'region.set',
      entityType: 'region',
      entityId: key,
      before,
      after: region,
    });
    await recordPlanVersion(tx, ctx, `region ${key} ${before ? 'changed' : 'added'}`);
    return { region, created: !before };
  });
}

/** Removes a region; refused while people are in it. Audited. */
export async function deleteRegion(ctx: Ctx, key: string): Promise<void> {
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('regions')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    if (!before) throw notFound('region', key);
    const inIt = await tx.db
      .selectFrom('people')
      .select('name')
      .where('region', '=', key)
      .execute();
    if (inIt.length)
      throw conflict(
        `${inIt.map((p) => p.name).join(', ')} ${inIt.length === 1 ? 'is' : 'are'} in this region: move them first`,
        {
          key: 'has people in it',
        },
      );
    await tx.db.deleteFrom('regions').where('key', '=', key).execute();
    await tx.audit({ action: 'region.delete', entityType: 'region', entityId: key, before });
    await recordPlanVersion(tx, ctx, `region ${key} removed`);
  });
}
