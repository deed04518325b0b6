/**
 * Creates or replaces one of the plan's audiences: the rule that selects contacts (tiers,
 * criticality, regions, tags, roles, affected and key accounts only), the channels its
 * contacts are told on, and whether it brings outreach tasks and a private page.
 */
import { type AudienceDefinition, matchProblems } from '../domain/audience.js';
import { invalid } from '../domain/errors.js';
import { getAudience, getTiers } from '../store/queries/audiences.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type AudienceInput, audienceInput, audienceKey } from './planInputs.js';
import { recordPlanVersion } from './shared/planVersions.js';

export async function upsertAudience(
  ctx: Ctx,
  key: string,
  raw: AudienceInput | unknown,
): Promise<{ audience: AudienceDefinition; created: boolean }> {
  const k = audienceKey.safeParse(key);
  if (!k.success) throw invalid({ key: k.error.issues[0].message });
  const input = parseInput(audienceInput, raw);
  const created = await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const tiers = await getTiers(tx.db);
    const problems = matchProblems(input.match, tiers);
    if (Object.keys(problems).length)
      throw invalid(
        Object.fromEntries(Object.entries(problems).map(([f, m]) => [`match.${f}`, m])),
      );
    const before = await getAudience(tx.db, key);
    const row = {
      name: input.name,
      match: JSON.stringify(input.match),
      channels: JSON.stringify(input.channels),
      outreach: input.outreach ? 1 : 0,
      private_page: input.private_page ? 1 : 0,
      updated_at: tx.at,
    };
    if (before) await tx.db.updateTable('audiences').set(row).where('key', '=', key).execute();
    else {
      const last = await tx.db
        .selectFrom('audiences')
        .select((e) => e.fn.max('position').as('p'))
        .executeTakeFirst();
      const position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
      await tx.db
        .insertInto('audiences')
        .values({ key, ...row, position, created_at: tx.at })
        .execute();
    }
    const after = (await getAudience(tx.db, key))!;
    await tx.audit({
      action: before ? 'audience.update' : 'audience.create',
      entityType: 'audience',
      entityId: key,
      before,
      after,
    });
    await recordPlanVersion(tx, ctx, before ? `audience ${key} changed` : `+audience ${key}`);
    return !before;
  });
  return { audience: (await getAudience(ctx.store.db, key))!, created };
}
