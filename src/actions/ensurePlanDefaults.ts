import { DEFAULT_SEVERITIES } from '../domain/severity.js';
import { BUILTIN_ROLES } from '../domain/team.js';
import { type Ctx, inTransaction } from './context.js';

/** plan_settings key recording that the default severities were seeded once. */
export const SEVERITIES_SEEDED = 'severities_seeded_at';

/**
 * Puts the built-in roles and the default severities (SEV1–SEV3) in place. Idempotent, and
 * cheap when nothing is missing: it writes (and audits) only what it adds. The built-in roles
 * are restored whenever one is missing; the severities are seeded only once, so a severity the
 * team deleted on purpose does not come back at the next start.
 */
export async function ensurePlanDefaults(
  ctx: Ctx,
): Promise<{ roles: string[]; severities: string[] }> {
  const db = ctx.store.db;
  const [roles, seeded] = await Promise.all([
    db.selectFrom('roles').select('key').execute(),
    db
      .selectFrom('plan_settings')
      .select('value')
      .where('key', '=', SEVERITIES_SEEDED)
      .executeTakeFirst(),
  ]);
  const have = new Set(roles.map((r) => r.key));
  if (seeded && BUILTIN_ROLES.every((r) => have.has(r.key))) return { roles: [], severities: [] };

  return inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const added = { roles: [] as string[], severities: [] as string[] };
    for (const [position, r] of BUILTIN_ROLES.entries()) {
      // on conflict: another process starting at the same time got there first
      const res = await tx.db
        .insertInto('roles')
        .values({ ...r, builtin: 1, position })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (res) added.roles.push(r.key);
    }
    const mark = await tx.db
      .insertInto('plan_settings')
      .values({ key: SEVERITIES_SEEDED, value: tx.at })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (mark) {
      for (const [position, s] of DEFAULT_SEVERITIES.entries()) {
        const res = await tx.db
          .insertInto('severities')
          .values({
            key: s.key,
            name: s.name,
            description: s.description,
            position,
            settings: JSON.stringify(s.settings),
            updated_at: tx.at,
          })
          .onConflict((oc) => oc.column('key').doNothing())
          .returning('key')
          .executeTakeFirst();
        if (res) added.severities.push(s.key);
      }
    }
    if (added.roles.length || added.severities.length) {
      await tx.audit({
        action: 'plan.defaults',
        entityType: 'plan',
        entityId: 'defaults',
        after: added,
      });
    }
    return added;
  });
}
