import { DEFAULT_AUDIENCES } from '../domain/audience.js';
import { DEFAULT_SEVERITIES } from '../domain/severity.js';
import { BUILTIN_ROLES } from '../domain/team.js';
import { type Ctx, inTransaction } from './context.js';

/** plan_settings key recording that the default severities were seeded once. */
export const SEVERITIES_SEEDED = 'severities_seeded_at';
/** plan_settings key recording that the default audiences were offered once. */
export const AUDIENCES_SEEDED = 'audiences_seeded_at';

/**
 * Puts the built-in roles, the default severities (SEV1–SEV3) and the default audiences
 * (affected customers, key accounts) in place. Idempotent, and
 * cheap when nothing is missing: it writes (and audits) only what it adds. The built-in roles
 * are restored whenever one is missing; the severities are seeded only once, so a severity the
 * team deleted on purpose does not come back at the next start. The audiences likewise: they
 * are added once, and only when the plan has none yet (an installation that already made its
 * own keeps them as they are).
 */
export async function ensurePlanDefaults(
  ctx: Ctx,
): Promise<{ roles: string[]; severities: string[]; audiences: string[] }> {
  const db = ctx.store.db;
  const [roles, marks] = await Promise.all([
    db.selectFrom('roles').select('key').execute(),
    db
      .selectFrom('plan_settings')
      .select('key')
      .where('key', 'in', [SEVERITIES_SEEDED, AUDIENCES_SEEDED])
      .execute(),
  ]);
  const have = new Set(roles.map((r) => r.key));
  if (marks.length === 2 && BUILTIN_ROLES.every((r) => have.has(r.key)))
    return { roles: [], severities: [], audiences: [] };

  return inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const added = { roles: [] as string[], severities: [] as string[], audiences: [] as string[] };
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
    const audiencesMark = await tx.db
      .insertInto('plan_settings')
      .values({ key: AUDIENCES_SEEDED, value: tx.at })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    const anyAudience = await tx.db.selectFrom('audiences').select('key').limit(1).execute();
    if (audiencesMark && anyAudience.length === 0) {
      for (const [position, a] of DEFAULT_AUDIENCES.entries()) {
        const res = await tx.db
          .insertInto('audiences')
          .values({
            key: a.key,
            name: a.name,
            match: JSON.stringify(a.match),
            channels: JSON.stringify(a.channels),
            outreach: a.outreach ? 1 : 0,
            private_page: a.private_page ? 1 : 0,
            position,
            created_at: tx.at,
            updated_at: tx.at,
          })
          .onConflict((oc) => oc.column('key').doNothing())
          .returning('key')
          .executeTakeFirst();
        if (res) added.audiences.push(a.key);
      }
    }
    if (added.roles.length || added.severities.length || added.audiences.length) {
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
