import { DEFAULT_SEVERITY_TARGETS } from '../domain/audience.js';
import { conflict, notFound } from '../domain/errors.js';
import { getAudience } from '../store/queries/audiences.js';
import { listSeverities } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { recordPlanVersion } from './shared/planVersions.js';

/**
 * Deletes an audience. One that a severity still notifies is refused (409) with the
 * severities named, so no severity is left telling an audience that is gone.
 */
export async function deleteAudience(ctx: Ctx, key: string): Promise<void> {
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await getAudience(tx.db, key);
    if (!before) throw notFound('audience', key);
    const users = (await listSeverities(tx.db))
      .filter((s) => {
        // a default severity without its own list tells the default audiences; any other
        // severity without one tells every audience there is, so it names none of them
        const targets = s.settings.notify ?? DEFAULT_SEVERITY_TARGETS[s.key] ?? [];
        return targets.some((t) => t.audience === key);
      })
      .map((s) => s.key);
    if (users.length)
      throw conflict(
        `${key} is notified by ${users.join(', ')}; change their notify list first (PUT /api/v1/severities/{key})`,
        { key: `is notified by ${users.join(', ')}` },
      );
    await tx.db.deleteFrom('audiences').where('key', '=', key).execute();
    await tx.audit({ action: 'audience.delete', entityType: 'audience', entityId: key, before });
    await recordPlanVersion(tx, ctx, `-audience ${key}`);
  });
}
